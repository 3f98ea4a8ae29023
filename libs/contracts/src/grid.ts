import { z } from 'zod';
import { CASE_STATUSES } from './case';
import { codeList } from './kpi';

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

export const gridQuerySchema = z.object({
  cell: z.enum(GRID_CELLS, { error: 'expected hex or square' }).default('hex'),
  size: z.coerce
    .number({ error: 'expected a number of metres' })
    .min(MIN_CELL_METRES, { error: `must be at least ${MIN_CELL_METRES} metres` })
    .max(MAX_CELL_METRES, { error: `must be at most ${MAX_CELL_METRES} metres` })
    .default(500),
  bbox: bboxParam.optional(),
  from: z.iso.datetime({ offset: true, error: 'expected an ISO-8601 timestamp with offset' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'expected an ISO-8601 timestamp with offset' }).optional(),
  categories: codeList.optional(),
  status: z
    .string()
    .transform((s) => s.split(',').map((c) => c.trim()).filter(Boolean))
    .pipe(z.array(z.enum(CASE_STATUSES, { error: `expected statuses among ${CASE_STATUSES.join(', ')}` })))
    .transform((list) => (list.length ? list : undefined))
    .optional(),
  region: z.string().min(1).max(64).optional(),
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
}
