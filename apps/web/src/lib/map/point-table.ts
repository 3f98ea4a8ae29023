import type { CaseStatus, LiveEvent } from '@gridlens/contracts';
import type { MapQuery } from '../state/map-query';
import { STATUS_COLORS } from './colors';

/**
 * The map's case points as columns (typed arrays) that deck.gl reads as binary attributes: one row per case, no JS
 * object per point. Live events are merged in place (a known case changes colour, a new report is appended, a case
 * leaving the status filter is swap-removed) and `version` counts the changes; `pointLayerData` wraps the columns
 * for deck.gl, a new descriptor per version.
 */
export interface PointTable {
  /** Every event with seq ≤ this is reflected (the answer's SEQ_HEADER, then each merged event). */
  seq: number;
  version: number;
  length: number;
  /** lon, lat per row. */
  positions: Float64Array;
  /** r, g, b, a per row (the status colour). */
  colors: Uint8Array;
  reportedAtMs: Float64Array;
  caseIds: string[];
  categories: string[];
  statuses: CaseStatus[];
  rowOf: Map<string, number>;
}

export interface CasePointRow {
  caseId: string;
  lon: number;
  lat: number;
  status: CaseStatus;
  category: string;
  reportedAtMs: number;
}

export function emptyPointTable(seq = 0, capacity = 1024): PointTable {
  const cap = Math.max(1, capacity);
  return {
    seq,
    version: 0,
    length: 0,
    positions: new Float64Array(cap * 2),
    colors: new Uint8Array(cap * 4),
    reportedAtMs: new Float64Array(cap),
    caseIds: [],
    categories: [],
    statuses: [],
    rowOf: new Map(),
  };
}

function ensureCapacity(table: PointTable, rows: number): void {
  const capacity = table.reportedAtMs.length;
  if (rows <= capacity) return;
  const next = Math.max(rows, capacity * 2);
  const grow = <T extends Float64Array | Uint8Array>(old: T, make: (n: number) => T, width: number): T => {
    const copy = make(next * width);
    copy.set(old);
    return copy;
  };
  table.positions = grow(table.positions, (n) => new Float64Array(n), 2);
  table.colors = grow(table.colors, (n) => new Uint8Array(n), 4);
  table.reportedAtMs = grow(table.reportedAtMs, (n) => new Float64Array(n), 1);
}

function setColor(table: PointTable, row: number, status: CaseStatus): void {
  table.colors.set(STATUS_COLORS[status], row * 4);
}

/** Adds a case (or updates it when already there). Does not bump `version`: the caller does, once per batch. */
export function upsertPoint(table: PointTable, point: CasePointRow): void {
  const existing = table.rowOf.get(point.caseId);
  const row = existing ?? table.length;
  if (existing === undefined) {
    ensureCapacity(table, row + 1);
    table.length += 1;
    table.rowOf.set(point.caseId, row);
  }
  table.positions[row * 2] = point.lon;
  table.positions[row * 2 + 1] = point.lat;
  table.reportedAtMs[row] = point.reportedAtMs;
  table.caseIds[row] = point.caseId;
  table.categories[row] = point.category;
  table.statuses[row] = point.status;
  setColor(table, row, point.status);
}

/** Removes a case by moving the last row into its place (O(1)); false when it was not there. */
export function removePoint(table: PointTable, caseId: string): boolean {
  const row = table.rowOf.get(caseId);
  if (row === undefined) return false;
  const last = table.length - 1;
  if (row !== last) {
    table.positions.copyWithin(row * 2, last * 2, last * 2 + 2);
    table.colors.copyWithin(row * 4, last * 4, last * 4 + 4);
    table.reportedAtMs[row] = table.reportedAtMs[last];
    table.caseIds[row] = table.caseIds[last];
    table.categories[row] = table.categories[last];
    table.statuses[row] = table.statuses[last];
    table.rowOf.set(table.caseIds[row], row);
  }
  table.caseIds.length = last;
  table.categories.length = last;
  table.statuses.length = last;
  table.rowOf.delete(caseId);
  table.length = last;
  return true;
}

export function pointTableFromRows(rows: Iterable<CasePointRow>, seq: number, capacity = 1024): PointTable {
  const table = emptyPointTable(seq, capacity);
  for (const row of rows) upsertPoint(table, row);
  return table;
}

/** What a live event must match to be on the map (region and categories are filtered by the subscription). */
export interface PointFilter {
  statuses: ReadonlySet<CaseStatus> | null;
  fromMs: number | null;
  toMs: number | null;
}

export function pointFilter(query: Pick<MapQuery, 'status' | 'from' | 'to'>): PointFilter {
  const ms = (iso: string) => (iso ? Date.parse(iso) : NaN);
  const from = ms(query.from);
  const to = ms(query.to);
  return {
    statuses: query.status.length ? new Set(query.status) : null,
    fromMs: Number.isFinite(from) ? from : null,
    toMs: Number.isFinite(to) ? to : null,
  };
}

export interface MergeResult {
  /** True when any row changed (then `version` was bumped once). */
  changed: boolean;
  /** Report events that added a point: the ones to pulse. */
  reported: LiveEvent[];
}

/**
 * Applies live events newer than `table.seq`, in seq order: a known case takes its new status (or leaves when the
 * status filter no longer matches); an unknown case is added on its report event when the report is inside the
 * window. A case first seen through a later event (reported before the points were loaded, outside the window or
 * outside the status filter then) appears at the next reload.
 */
export function mergeLiveEvents(table: PointTable, events: readonly LiveEvent[], filter: PointFilter): MergeResult {
  const fresh = events.filter((e) => e.seq > table.seq);
  if (!fresh.length) return { changed: false, reported: [] };
  fresh.sort((a, b) => a.seq - b.seq);
  const reported: LiveEvent[] = [];
  let changed = false;
  const statusOk = (s: CaseStatus) => !filter.statuses || filter.statuses.has(s);
  for (const event of fresh) {
    table.seq = Math.max(table.seq, event.seq);
    const row = table.rowOf.get(event.caseId);
    if (row !== undefined) {
      if (!statusOk(event.status)) changed = removePoint(table, event.caseId) || changed;
      else if (table.statuses[row] !== event.status) {
        table.statuses[row] = event.status;
        setColor(table, row, event.status);
        changed = true;
      }
      continue;
    }
    if (event.type !== 'reported' || !statusOk(event.status)) continue;
    const at = Date.parse(event.at);
    if ((filter.fromMs !== null && at < filter.fromMs) || (filter.toMs !== null && at >= filter.toMs)) continue;
    upsertPoint(table, { caseId: event.caseId, lon: event.lon, lat: event.lat, status: event.status, category: event.category, reportedAtMs: at });
    reported.push(event);
    changed = true;
  }
  if (changed) table.version += 1;
  return { changed, reported };
}

/** deck.gl's binary data for a table: `{length, attributes}` over views of the columns (no copy). */
export interface PointLayerData {
  length: number;
  version: number;
  attributes: {
    getPosition: { value: Float64Array; size: 2 };
    getFillColor: { value: Uint8Array; size: 4; normalized: true };
  };
  /** The same positions alone (the heatmap reads no colour). */
  positionsOnly: { length: number; attributes: { getPosition: { value: Float64Array; size: 2 } } };
}

/**
 * A new descriptor (and new views) per call: deck.gl compares attribute values by reference, so the same typed array
 * mutated in place would not be uploaded again. Call once per table version, not per render.
 */
export function pointLayerData(table: PointTable): PointLayerData {
  const getPosition = { value: table.positions.subarray(0, table.length * 2), size: 2 } as const;
  return {
    length: table.length,
    version: table.version,
    attributes: { getPosition, getFillColor: { value: table.colors.subarray(0, table.length * 4), size: 4, normalized: true } },
    positionsOnly: { length: table.length, attributes: { getPosition: { ...getPosition } } },
  };
}
