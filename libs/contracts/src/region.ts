import { z } from 'zod';
import { REGION_LEVELS, type LimitUnit, type RegionLevel } from './case';

export const regionQuerySchema = z.object({
  level: z.enum(REGION_LEVELS, { error: `expected one of ${REGION_LEVELS.join(', ')}` }).optional(),
  parent: z.string().min(1).max(64).optional(),
  format: z.enum(['json', 'geojson'], { error: 'expected json or geojson' }).default('json'),
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

