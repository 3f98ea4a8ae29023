import { z } from 'zod';
import { CASE_STATUSES, REGION_LEVELS, type CaseStatus } from './case';
import { GRID_CELLS, MAX_CELL_METRES, MIN_CELL_METRES, bboxParam, rollupSourceParam, type CountSource } from './grid';
import { codeList, isoInstant } from './kpi';

/**
 * Read endpoints behind the dashboard's map: case points in bulk (Arrow), counts per region (choropleth),
 * the summary of one clicked area, and the settings the browser needs before it draws anything.
 */

const statusList = z.string().transform((s, ctx) => {
  const list = s.split(',').map((c) => c.trim()).filter(Boolean);
  const unknown = list.filter((c) => !(CASE_STATUSES as readonly string[]).includes(c));
  if (unknown.length) {
    ctx.addIssue({ code: 'custom', message: `unknown status ${unknown.join(', ')}: expected statuses among ${CASE_STATUSES.join(', ')}` });
    return z.NEVER;
  }
  return list.length ? (list as CaseStatus[]) : undefined;
});

/** The filters every map query shares: window on reported_at, [from, to); categories at any level; status now. */
export const mapFilter = {
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  categories: codeList.optional(),
  status: statusList.optional(),
  region: z.string().min(1).max(64).optional(),
};

export const fromBeforeTo = (q: { from?: string; to?: string }) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to);

/** Media type of an Arrow IPC stream. */
export const ARROW_STREAM_TYPE = 'application/vnd.apache.arrow.stream';
/** Response header: every event with seq ≤ this value is reflected in the answer (resume the live stream from it). */
export const SEQ_HEADER = 'x-gridlens-seq';
/** Response header on `GET /api/v1/cases`: `true` when `limit` cut the answer short. */
export const TRUNCATED_HEADER = 'x-gridlens-truncated';
/** Response header on every answer: the datum of the coordinates gridlens exports (it stores WGS84 only). */
export const DATUM_HEADER = 'x-gridlens-datum';
/** The datum of every coordinate gridlens stores and exports (also stated in GeoJSON and Arrow metadata). */
export const DATUM = 'WGS84';
/** The most rows one `GET /api/v1/cases` answers (1,000,000: what the Arrow-vs-JSON benchmark reads in one request). */
export const MAX_CASE_POINTS = 1_000_000;

/** `GET /api/v1/cases`: one row per case, for the map. */
export const casePointsQuerySchema = z
  .object({
    ...mapFilter,
    bbox: bboxParam.optional(),
    format: z.enum(['arrow', 'json'], { error: 'expected arrow or json' }).default('arrow'),
    limit: z.coerce
      .number({ error: 'expected a whole number' })
      .int({ error: 'expected a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(MAX_CASE_POINTS, { error: `must be at most ${MAX_CASE_POINTS}` })
      .default(200_000),
  })
  .refine(fromBeforeTo, { error: 'from must be before to', path: ['from'] });
export type CasePointsQuery = z.infer<typeof casePointsQuerySchema>;

/**
 * One case as a map point. Arrow columns carry the same names: caseId Utf8, lon/lat Float64,
 * status/category/district Dictionary<Utf8>, reportedAtMs Float64 (epoch ms), newest report first.
 */
export interface CasePoint {
  caseId: string;
  lon: number;
  lat: number;
  status: CaseStatus;
  category: string;
  district: string | null;
  reportedAtMs: number;
}

/** `GET /api/v1/cases?format=json`. */
export interface CasePointsResponse {
  seq: number;
  truncated: boolean;
  cases: CasePoint[];
}

/** `GET /api/v1/regions/counts`: cases per region of one level (the choropleth). */
export const regionCountsQuerySchema = z
  .object({
    ...mapFilter,
    level: z.enum(REGION_LEVELS, { error: `expected one of ${REGION_LEVELS.join(', ')}` }).default('district'),
    source: rollupSourceParam,
  })
  .refine(fromBeforeTo, { error: 'from must be before to', path: ['from'] });
export type RegionCountsQuery = z.infer<typeof regionCountsQuerySchema>;

export interface RegionCountsResponse {
  seq: number;
  level: (typeof REGION_LEVELS)[number];
  /** Regions of that level with at least one matching case (inside `region` when given). */
  counts: { code: string; count: number }[];
  total: number;
  /** What the counts were read from (also the x-gridlens-source header). */
  source?: CountSource;
}

/** `GET /api/v1/areas/summary`: a clicked region (`region=`) or grid cell (`cell`, `size`, `id`). */
export const areaSummaryQuerySchema = z
  .object({
    ...mapFilter,
    cell: z.enum(GRID_CELLS, { error: 'expected hex or square' }).optional(),
    size: z.coerce
      .number({ error: 'expected a number of metres' })
      .min(MIN_CELL_METRES, { error: `must be at least ${MIN_CELL_METRES} metres` })
      .max(MAX_CELL_METRES, { error: `must be at most ${MAX_CELL_METRES} metres` })
      .optional(),
    id: z
      .string()
      .regex(/^[hs]:-?\d+:-?\d+$/, { error: 'expected a grid cell id such as h:12:-40 or s:3:7' })
      .optional(),
    /**
     * The `srid` of the GET /api/v1/grid answer the cell came from (its UTM zone); default: the zone of the
     * city's centre, as that endpoint chooses without `bbox`.
     */
    srid: z.coerce
      .number({ error: 'expected a UTM zone srid (32601-32660 or 32701-32760)' })
      .int({ error: 'expected a UTM zone srid (32601-32660 or 32701-32760)' })
      .refine((n) => (n >= 32601 && n <= 32660) || (n >= 32701 && n <= 32760), {
        error: 'expected a UTM zone srid (32601-32660 or 32701-32760)',
      })
      .optional(),
  })
  .refine(fromBeforeTo, { error: 'from must be before to', path: ['from'] })
  .refine((q) => !q.id || !q.cell || q.id[0] === q.cell[0], { error: 'a hex cell id starts with h:, a square one with s:', path: ['id'] })
  .refine((q) => (q.cell === undefined) === (q.id === undefined) && (q.cell === undefined) === (q.size === undefined), {
    error: 'cell, size and id go together',
    path: ['cell'],
  })
  .refine((q) => q.cell !== undefined || q.region !== undefined, { error: 'give region, or cell with size and id', path: ['region'] });
export type AreaSummaryQuery = z.infer<typeof areaSummaryQuerySchema>;

export interface AreaOpenCase {
  caseId: string;
  category: string;
  status: CaseStatus;
  reportedAt: string;
  deadline: string | null;
  lon: number;
  lat: number;
}

export interface AreaSummary {
  seq: number;
  /** Cases matching the filters (window, categories, status) in the area. */
  count: number;
  /** Top minor categories of those cases, most frequent first (at most 5). */
  topCategories: { code: string; count: number }[];
  /** Open now (not closed, not voided) in the area, matching categories, whatever the window. */
  openCount: number;
  /** The most urgent of them (earliest deadline first, no deadline last), at most 50. */
  openCases: AreaOpenCase[];
}

/** `GET /api/v1/client-config` (public): what the browser needs before it draws the map. */
export interface ClientConfig {
  /** XYZ raster tile template (`{z}/{x}/{y}`) for a base map, or null: boundaries only. */
  mapTileUrl: string | null;
  mapTileAttribution: string | null;
  /** The city's time zone (windows such as "today" are days there). */
  timeZone: string;
  /** True when the demo city runs: regions below district level and all cases are synthetic. */
  demo: boolean;
}
