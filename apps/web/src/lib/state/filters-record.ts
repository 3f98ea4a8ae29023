import type { CaseStatus } from '@gridlens/contracts';
import type { MapQuery } from './map-query';
import { isWindowKind, presetRange, windowRange, type WindowKind } from './time-window';

/** The dashboard's filters as remembered in localStorage (what the user chose, not the derived instants). */
export interface FiltersRecord {
  window: WindowKind;
  customFrom: string;
  customTo: string;
  categories: string[];
  district: string;
  statuses: CaseStatus[];
}

export const FILTERS_KEY = 'gridlens.filters';

// Type-only use of @gridlens/contracts keeps zod out of the bundle; Record<CaseStatus, …> stays exhaustive.
const KNOWN_STATUSES: Record<CaseStatus, true> = {
  reported: true,
  verified: true,
  registered: true,
  dispatched: true,
  returned: true,
  handled: true,
  checked: true,
  suspended: true,
  closed: true,
  voided: true,
};
/** Every case status, in workflow order. */
export const STATUSES = Object.keys(KNOWN_STATUSES) as CaseStatus[];

export const isStatus = (value: unknown): value is CaseStatus => typeof value === 'string' && Object.hasOwn(KNOWN_STATUSES, value);

const isCodeList = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 200 && v.every((c) => typeof c === 'string' && c.length > 0 && c.length <= 64);

export function emptyFilters(): FiltersRecord {
  return { window: 'today', customFrom: '', customTo: '', categories: [], district: '', statuses: [] };
}

export function isFiltersRecord(value: unknown): value is FiltersRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    isWindowKind(v.window) &&
    typeof v.customFrom === 'string' &&
    typeof v.customTo === 'string' &&
    isCodeList(v.categories) &&
    typeof v.district === 'string' &&
    Array.isArray(v.statuses) &&
    v.statuses.every(isStatus)
  );
}

/**
 * The scope every read uses, for the filters at `now`. A custom window that is not valid (yet) gives today: the
 * panel names the field meanwhile.
 */
export function queryOf(filters: FiltersRecord, now: number, timeZone: string): MapQuery {
  const result = windowRange(filters.window, now, timeZone, { from: filters.customFrom, to: filters.customTo });
  const range = result.ok ? result.range : presetRange('today', now, timeZone);
  return {
    from: range.from,
    to: range.to,
    categories: [...filters.categories],
    region: filters.district || null,
    status: [...filters.statuses],
  };
}
