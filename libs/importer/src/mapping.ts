import { z } from 'zod';
import { CASE_SOURCES, describeIssues } from '@gridlens/contracts';

/**
 * The mapping file of a case import (docs/import.md): which source columns hold what, how dates are written, and how
 * the source's categories, departments, statuses and channels translate into gridlens's catalogue.
 */

const column = z.string({ error: 'expected a column name (string)' }).min(1, { error: 'must not be empty' });
const columns = z.union([column.transform((c) => [c]), z.array(column).min(1, { error: 'give at least one column' })]);
const code = z.string({ error: 'expected a code (string)' }).min(1, { error: 'must not be empty' }).max(64);
const table = z.record(z.string(), code).default({});

/** The stages a row can carry, in workflow order (`voided` ends a case instead of `closed`). */
export const STAGES = ['reported', 'registered', 'dispatched', 'handled', 'closed', 'voided'] as const;
export type Stage = (typeof STAGES)[number];

/** A point either as longitude/latitude columns in a geographic datum, or as projected X/Y columns with a CRS. */
const geographic = z.strictObject({
  lon: column,
  lat: column,
  crs: z.enum(['wgs84', 'cgcs2000', 'gcj02', 'bd09'], { error: 'expected wgs84, cgcs2000, gcj02 or bd09' }).default('wgs84'),
});
const projected = z.strictObject({
  x: column,
  y: column,
  crs: z.string({ error: 'expected "EPSG:<code>"' }).regex(/^EPSG:\d{4,6}$/, { error: 'expected "EPSG:<code>", e.g. EPSG:2263' }),
  proj4: z.string({ error: 'expected a proj4 definition string' }).min(5).optional(),
});
/** One cell holding both numbers, e.g. "(40.74, -74.00)" or "POINT (-74.00 40.74)": the first two numbers in it. */
const pointColumn = z.strictObject({
  point: column,
  order: z.enum(['latlon', 'lonlat'], { error: 'expected latlon or lonlat (the order of the two numbers in the cell)' }),
  crs: geographic.shape.crs,
});
export type CoordinateColumns = z.infer<typeof geographic> | z.infer<typeof projected> | z.infer<typeof pointColumn>;

/** One pair of coordinate columns: X/Y when the object names x or y, else longitude/latitude (errors name the field). */
const coordinatePair = z.record(z.string(), z.unknown(), { error: 'expected an object such as {"lon": "Longitude", "lat": "Latitude"}' }).transform(
  (value, ctx): CoordinateColumns => {
    const result = ('point' in value ? pointColumn : 'x' in value || 'y' in value ? projected : geographic).safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  },
);

export const mappingSchema = z.strictObject({
  /** Names the source; part of every case id and event id (so two sources never collide). */
  source: z
    .string({ error: 'expected a short source name' })
    .regex(/^[A-Za-z0-9_.-]{1,24}$/, { error: 'expected 1-24 letters, digits, "_", "-" or "."' }),
  csv: z
    .strictObject({
      delimiter: z.string().min(1).max(4).default(','),
      encoding: z.enum(['utf-8', 'gbk', 'gb18030'], { error: 'expected utf-8, gbk or gb18030' }).default('utf-8'),
      /** true: the first row names the columns; false: columns are named by number ("1", "2", ...). */
      header: z.boolean().default(true),
    })
    .default({ delimiter: ',', encoding: 'utf-8', header: true }),
  columns: z.strictObject({
    id: column,
    /** One column, or several combined (joined by categorySeparator), e.g. ["Complaint Type", "Descriptor"]. */
    category: columns,
    department: column.optional(),
    channel: column.optional(),
    /** One or more columns joined by a blank line into the case description (cut at 2000 characters). */
    description: columns.optional(),
    status: column.optional(),
    /** Stage timestamps: one column, or several joined by a space (e.g. a date column and a time column). */
    created: columns,
    registered: columns.optional(),
    dispatched: columns.optional(),
    handled: columns.optional(),
    closed: columns.optional(),
    voided: columns.optional(),
    /** Tried in order: the first alternative with both values present and non-zero is used. */
    coordinates: z.preprocess(
      (v) => (Array.isArray(v) ? v : [v]),
      z.array(coordinatePair).min(1, { error: 'give at least one pair of coordinate columns' }),
    ),
  }),
  categorySeparator: z.string().default(' / '),
  dates: z.strictObject({
    /** luxon format tokens (https://moment.github.io/luxon/#/parsing?id=table-of-tokens), tried in order; "ISO" = ISO-8601. */
    formats: z.array(z.string().min(1)).min(1, { error: 'give at least one date format' }),
    /** IANA zone the source's local times are in (a date carrying its own offset keeps it). */
    zone: z.string({ error: 'expected an IANA time zone, e.g. America/New_York' }).min(1),
  }),
  categories: z.strictObject({ table, other: code }),
  departments: z.strictObject({ table, other: code }).optional(),
  /** Source status → the last stage the case reached; unmapped statuses are rejected (not guessed). */
  statuses: z
    .strictObject({
      table: z.record(z.string(), z.enum(STAGES, { error: `expected one of ${STAGES.join(', ')}` })),
      /** Used when the status cell is empty or unmapped; without it such rows are rejected. */
      other: z.enum(STAGES).optional(),
    })
    .optional(),
  channels: z
    .strictObject({
      table: z.record(z.string(), z.enum(CASE_SOURCES, { error: `expected one of ${CASE_SOURCES.join(', ')}` })).default({}),
      other: z.enum(CASE_SOURCES).default('other'),
    })
    .default({ table: {}, other: 'other' }),
});

export type CaseMapping = z.infer<typeof mappingSchema>;

export type ParsedMapping = { ok: true; mapping: CaseMapping } | { ok: false; error: string };

/** Validate a mapping (already parsed from JSON); the error names every field at fault, prefixed with "mapping.". */
export function parseMapping(raw: unknown): ParsedMapping {
  const result = mappingSchema.safeParse(raw);
  if (!result.success) return { ok: false, error: describeIssues(result.error, 'mapping') };
  const zone = result.data.dates.zone;
  if (!isZone(zone)) return { ok: false, error: `mapping.dates.zone: "${zone}" is not an IANA time zone` };
  return { ok: true, mapping: result.data };
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Every catalogue code a mapping may produce (to check against the catalogue before importing). */
export function mappingCodes(mapping: CaseMapping): { categories: string[]; departments: string[] } {
  const categories = new Set([...Object.values(mapping.categories.table), mapping.categories.other]);
  const departments = new Set(mapping.departments ? [...Object.values(mapping.departments.table), mapping.departments.other] : []);
  return { categories: [...categories], departments: [...departments] };
}
