import { z } from 'zod';
import type { CaseStatus } from './case';
import { fromBeforeTo, mapFilter } from './map';

/**
 * `GET /api/v1/tiles/{z}/{x}/{y}.mvt`: raw cases as a Mapbox Vector Tile (PostGIS ST_AsMVT), one layer `cases`
 * with point features carrying caseId, status, category (minor code) and reportedAt (epoch ms).
 */

/** Media type of a Mapbox Vector Tile. */
export const MVT_TYPE = 'application/vnd.mapbox-vector-tile';
/** Name of the tile's only layer. */
export const CASE_TILE_LAYER = 'cases';
export const MAX_TILE_ZOOM = 22;

const whole = (field: string) =>
  z
    .string()
    .regex(/^\d{1,8}$/, { error: `expected a whole number (${field})` })
    .transform(Number);

/** The path parameters; `y` comes with its `.mvt` suffix. */
export const tileParamsSchema = z
  .object({
    z: whole('zoom').pipe(z.number().max(MAX_TILE_ZOOM, { error: `must be at most ${MAX_TILE_ZOOM}` })),
    x: whole('tile column'),
    y: z
      .string()
      .regex(/^\d{1,8}\.mvt$/, { error: 'expected the tile row followed by .mvt' })
      .transform((s) => Number(s.slice(0, -4))),
  })
  .refine((t) => t.x < 2 ** t.z, { error: 'must be below 2^z', path: ['x'] })
  .refine((t) => t.y < 2 ** t.z, { error: 'must be below 2^z', path: ['y'] });
export type TileParams = z.infer<typeof tileParamsSchema>;

/** The map's filters (as GET /api/v1/cases takes them). */
export const tileQuerySchema = z
  .object(mapFilter)
  .refine(fromBeforeTo, { error: 'from must be before to', path: ['from'] });
export type TileQuery = z.infer<typeof tileQuerySchema>;

/** The properties of one feature of the `cases` layer. */
export interface CaseTileFeature {
  caseId: string;
  status: CaseStatus;
  category: string;
  /** Report time, epoch milliseconds. */
  reportedAt: number;
}
