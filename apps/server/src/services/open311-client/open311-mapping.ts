import { z } from 'zod';
import { describeIssues, type Open311RemoteRequest } from '@gridlens/contracts';
import { parseMapping, type CaseMapping, type Row } from '@gridlens/importer';

/**
 * How an Open311 feed's requests become gridlens cases (docs/open311.md, "Client"): the requests are read as rows of a
 * case import (libs/importer's RowTranslator, the same as the CSV importer), with fixed columns (the specification's
 * field names) and a small mapping file for the codes: service_code → category, agency_responsible → department.
 */
const table = z.record(z.string(), z.string().min(1).max(64)).default({});

export const open311MappingFileSchema = z.strictObject({
  /** Part of every case and event id (default "open311"): two feeds never collide when their sources differ. */
  source: z.string().regex(/^[A-Za-z0-9_.-]{1,24}$/, { error: 'expected 1-24 letters, digits, "_", "-" or "."' }).default('open311'),
  /** service_code → minor category; codes it lacks go to `other` (counted), or are rejected when `other` is unset. */
  categories: z.strictObject({ table, other: z.string().min(1).max(64).optional() }).default({ table: {} }),
  /** agency_responsible → department; with it, a request's case is dispatched to that department. */
  departments: z.strictObject({ table, other: z.string().min(1).max(64) }).optional(),
});
export type Open311MappingFile = z.infer<typeof open311MappingFileSchema>;

export function parseOpen311Mapping(raw: unknown): Open311MappingFile {
  const result = open311MappingFileSchema.safeParse(raw ?? {});
  if (!result.success) throw new Error(describeIssues(result.error, 'mapping'));
  return result.data;
}

/** Column names of the rows made from requests (the specification's field names, plus closed_datetime). */
export const OPEN311_COLUMNS = {
  id: 'service_request_id',
  category: ['service_code'],
  department: 'agency_responsible',
  description: ['description'],
  status: 'status',
  created: 'requested_datetime',
  closed: 'closed_datetime',
  coordinates: [{ lon: 'long', lat: 'lat', crs: 'wgs84' as const }],
};

/**
 * The case mapping for a feed. Without a categories table the service codes are taken as catalogue codes
 * (`catalogueMinors`: a gridlens server's feed needs no mapping). `zone` applies to datetimes without an offset.
 */
export function open311CaseMapping(file: Open311MappingFile, catalogueMinors: readonly string[], zone: string): CaseMapping {
  const identity = Object.keys(file.categories.table).length === 0;
  const categories = identity ? Object.fromEntries(catalogueMinors.map((c) => [c, c])) : file.categories.table;
  const parsed = parseMapping({
    source: file.source,
    columns: OPEN311_COLUMNS,
    dates: { formats: ['ISO'], zone },
    // A placeholder `other` when none is set: requests that would need it are rejected before translation.
    categories: { table: categories, other: file.categories.other ?? UNMAPPED },
    ...(file.departments ? { departments: file.departments } : {}),
    // open → registered (received and accepted), or dispatched to its agency when departments are mapped; closed →
    // closed at updated_datetime. Other values: as open.
    statuses: { table: { open: file.departments ? 'dispatched' : 'registered', closed: 'closed' }, other: file.departments ? 'dispatched' : 'registered' },
    channels: { table: {}, other: 'public' },
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.mapping;
}

export const UNMAPPED = '\u0000unmapped';

/** A request as a row; a closed request's closing instant is its updated_datetime (the specification has no other). */
export function requestRow(r: Open311RemoteRequest): Row {
  const closed = (r.status ?? '').trim().toLowerCase() === 'closed';
  return {
    service_request_id: r.service_request_id,
    service_code: r.service_code ?? '',
    agency_responsible: r.agency_responsible ?? '',
    description: r.description ?? '',
    status: (r.status ?? '').trim().toLowerCase(),
    requested_datetime: r.requested_datetime ?? '',
    closed_datetime: closed ? (r.updated_datetime ?? '') : '',
    long: r.long === null || r.long === undefined ? '' : String(r.long),
    lat: r.lat === null || r.lat === undefined ? '' : String(r.lat),
  };
}

/** The request's update instant in epoch ms (its requested_datetime when it has none), or null when unreadable. */
export function updatedAt(r: Open311RemoteRequest): number | null {
  const text = r.updated_datetime ?? r.requested_datetime;
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}
