import { z } from 'zod';
import { CASE_STATUSES } from './case';
import { codeList, isoInstant } from './kpi';

export const GRID_CELLS = ['hex', 'square'] as const;
export const MIN_CELL_METRES = 50;
export const MAX_CELL_METRES = 50_000;

/** `minLon,minLat,maxLon,maxLat` (WGS84) as a query parameter. */
export const bboxParam = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',').map(Number);
    if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
      ctx.addIssue({ code: 'custom', message: 'expected minLon,minLat,maxLon,maxLat' });
      return z.NEVER;
    }
    const [minLon, minLat, maxLon, maxLat] = parts;
    if (minLon >= maxLon || minLat >= maxLat || minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) {
      ctx.addIssue({ code: 'custom', message: 'expected minLon < maxLon and minLat < maxLat within WGS84 bounds' });
      return z.NEVER;
    }
    return { minLon, minLat, maxLon, maxLat };
  });

/**
 * Where counts come from (`source=`): `auto` (the default) uses the rollup tables wherever they can answer and raw
 * cases for the rest; `rollup` refuses (400) a query the rollups cannot serve; `raw` aggregates raw cases on the
 * fly (what the rollups replace; for verification and benchmarks). Every source gives the same exact answer.
 */
export const ROLLUP_SOURCES = ['auto', 'rollup', 'raw'] as const;
export type RollupSourceParam = (typeof ROLLUP_SOURCES)[number];
export const rollupSourceParam = z.enum(ROLLUP_SOURCES, { error: 'expected auto, rollup or raw' }).default('auto');
/** What an answer was read from: rollup rows only, raw cases only, or both (rollup rows plus raw window edges). */
export type CountSource = 'rollup' | 'raw' | 'mixed';
/** Response header naming the answer's CountSource. */
export const SOURCE_HEADER = 'x-gridlens-source';

/** Region levels the grid endpoint serves as cells (choropleth units). */
export const GRID_REGION_CELLS = ['district', 'street', 'community', 'grid'] as const;
export type GridRegionCell = (typeof GRID_REGION_CELLS)[number];

/** The grid endpoint's cells: GRID_CELLS (metric, in UTM), H3 indexes and region levels. */
export const GRID_QUERY_CELLS = [...GRID_CELLS, 'h3', ...GRID_REGION_CELLS] as const;

export const gridQuerySchema = z.object({
  cell: z.enum(GRID_QUERY_CELLS, { error: `expected one of ${GRID_QUERY_CELLS.join(', ')}` }).default('hex'),
  /** H3 resolution (cell=h3 only; default 8). */
  resolution: z.coerce
    .number({ error: 'expected an integer' })
    .int({ error: 'expected an integer' })
    .min(6, { error: 'must be at least 6' })
    .max(10, { error: 'must be at most 10' })
    .optional(),
  size: z.coerce
    .number({ error: 'expected a number of metres' })
    .min(MIN_CELL_METRES, { error: `must be at least ${MIN_CELL_METRES} metres` })
    .max(MAX_CELL_METRES, { error: `must be at most ${MAX_CELL_METRES} metres` })
    .default(500),
  bbox: bboxParam.optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  categories: codeList.optional(),
  status: z
    .string()
    .transform((s) => s.split(',').map((c) => c.trim()).filter(Boolean))
    .pipe(z.array(z.enum(CASE_STATUSES, { error: `expected statuses among ${CASE_STATUSES.join(', ')}` })))
    .transform((list) => (list.length ? list : undefined))
    .optional(),
  region: z.string().min(1).max(64).optional(),
  source: rollupSourceParam,
});
export type GridQuery = z.infer<typeof gridQuerySchema>;

export interface GridCell {
  /** Stable cell id for this cell type and size: `h:<q>:<r>` or `s:<i>:<j>`. */
  id: string;
  /** Cell centre, WGS84. */
  lon: number;
  lat: number;
  count: number;
}

export interface GridResponse {
  cells: GridCell[];
  total: number;
  cell: 'hex' | 'square';
  size: number;
  /** The metric projection the cells are laid out in. */
  srid: number;
  /** What the counts were read from (also the x-gridlens-source header). */
  source?: CountSource;
}

/** The grid answer for cell=h3: ids are H3 indexes, centres WGS84, no projection (`srid` 4326). */
export interface H3GridResponse {
  cells: GridCell[];
  total: number;
  cell: 'h3';
  resolution: number;
  srid: 4326;
  source?: CountSource;
}

/** The grid answer for a region level: ids are region codes, `lon`/`lat` a point inside the region (label point). */
export interface RegionGridResponse {
  cells: GridCell[];
  total: number;
  cell: GridRegionCell;
  srid: 4326;
  source?: CountSource;
}
