import { z } from 'zod';
import { REGION_LEVELS, type LimitUnit, type RegionLevel } from './case';
import { bboxParam } from './grid';

/** Regions per answer of GET /api/v1/regions: by default, and at most (a city's unit grids are tens of thousands). */
export const DEFAULT_REGION_LIMIT = 5000;
export const MAX_REGION_LIMIT = 20_000;

export const regionQuerySchema = z.object({
  level: z.enum(REGION_LEVELS, { error: `expected one of ${REGION_LEVELS.join(', ')}` }).optional(),
  parent: z.string().min(1).max(64).optional(),
  format: z.enum(['json', 'geojson'], { error: 'expected json or geojson' }).default('json'),
  /** Regions meeting this WGS84 box (`minLon,minLat,maxLon,maxLat`). */
  bbox: bboxParam.optional(),
  /** At most this many regions, in code order; the answer says when it was cut. */
  limit: z.coerce
    .number({ error: 'expected a whole number' })
    .int({ error: 'expected a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(MAX_REGION_LIMIT, { error: `must be at most ${MAX_REGION_LIMIT}` })
    .default(DEFAULT_REGION_LIMIT),
});
export type RegionQuery = z.infer<typeof regionQuerySchema>;

export interface Region {
  code: string;
  level: RegionLevel;
  parent: string | null;
  nameZh: string;
  nameEn: string;
  /** True where the boundary was generated, not surveyed (demo data). */
  synthetic: boolean;
  /** Bounding box [minLon, minLat, maxLon, maxLat], WGS84. */
  bbox: [number, number, number, number];
}

/** `GET /api/v1/regions` (JSON): `truncated` when more regions matched than `limit`. */
export interface RegionList {
  regions: Region[];
  truncated: boolean;
}

export interface Department {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface Category {
  code: string;
  /** `component` (部件) or `event` (事件). */
  family: string;
  level: 'family' | 'major' | 'minor';
  parent: string | null;
  nameZh: string;
  nameEn: string;
  /** Set on minor categories (the ones a case can have). */
  timeLimit: { amount: number; unit: LimitUnit } | null;
  department: string | null;
  /** Emergency categories raise alerts on the wall. */
  emergency: boolean;
}

