import { z } from 'zod';
import { MAX_CELL_METRES, MIN_CELL_METRES, rollupSourceParam, type CountSource } from './grid';
import { codeList, isoInstant } from './kpi';

export const HOTSPOT_CELLS = ['h3', 'square'] as const;
export const MIN_H3_RESOLUTION = 6;
export const MAX_H3_RESOLUTION = 10;
export const MAX_HOTSPOT_K = 3;
/** The largest study area (number of cells) one request may analyse. */
export const MAX_HOTSPOT_CELLS = 200_000;


export const hotspotQuerySchema = z.object({
  cell: z.enum(HOTSPOT_CELLS, { error: 'expected h3 or square' }).default('h3'),
  resolution: z.coerce
    .number({ error: 'expected an integer' })
    .int({ error: 'expected an integer' })
    .min(MIN_H3_RESOLUTION, { error: `must be at least ${MIN_H3_RESOLUTION}` })
    .max(MAX_H3_RESOLUTION, { error: `must be at most ${MAX_H3_RESOLUTION}` })
    .default(8),
  size: z.coerce
    .number({ error: 'expected a number of metres' })
    .min(MIN_CELL_METRES, { error: `must be at least ${MIN_CELL_METRES} metres` })
    .max(MAX_CELL_METRES, { error: `must be at most ${MAX_CELL_METRES} metres` })
    .default(500),
  k: z.coerce
    .number({ error: 'expected an integer' })
    .int({ error: 'expected an integer' })
    .min(1, { error: 'must be at least 1' })
    .max(MAX_HOTSPOT_K, { error: `must be at most ${MAX_HOTSPOT_K}` })
    .default(1),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  categories: codeList.optional(),
  region: z.string().min(1).max(64).optional(),
  fdr: z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .transform((v) => v === 'true')
    .default(false),
  source: rollupSourceParam,
});
export type HotspotQuery = z.infer<typeof hotspotQuerySchema>;

export interface HotspotCell {
  /** An H3 index (cell=h3) or `s:<i>:<j>` (cell=square, the grid endpoint's square ids). */
  id: string;
  /** Matching cases in the cell. */
  count: number;
  /** Getis–Ord Gi* z-score. */
  z: number;
  /** Two-sided p-value. */
  p: number;
  /** ±3 / ±2 / ±1 for 99 / 95 / 90 % confidence (FDR-corrected when fdr=true), 0 not significant. */
  bin: number;
}

export interface HotspotMethod {
  statistic: 'getis-ord-gi-star';
  cell: 'h3' | 'square';
  /** H3 resolution (cell=h3). */
  resolution?: number;
  /** Square side in metres and the UTM projection they are laid out in (cell=square). */
  size?: number;
  srid?: number;
  k: number;
  /** How w_ij is defined. */
  weights: string;
  fdr: boolean;
  /** What the bins mean. */
  bins: string;
  /** Which cells form the study area. */
  studyArea: string;
  /** The region whose cells form the study area. */
  region: string;
}

export interface HotspotResponse {
  cells: HotspotCell[];
  /** Number of cells in the study area (= cells.length). */
  n: number;
  method: HotspotMethod;
  /** What the counts were read from (also the x-gridlens-source header). */
  source?: CountSource;
}

/** `GET /api/v1/hotspots/emerging`: time steps of a calendar day or ISO week (Monday) in the city's time zone. */
export const EMERGING_STEPS = ['day', 'week'] as const;
export const MIN_EMERGING_STEPS = 2;
export const MAX_EMERGING_STEPS = 366;
/** The largest study area × steps one request may analyse (more: 400 naming `step`). */
export const MAX_EMERGING_CELL_STEPS = 4_000_000;
export const EMERGING_PATTERNS = ['new', 'consecutive', 'intensifying', 'persistent', 'diminishing', 'sporadic', 'oscillating', 'historical', 'none'] as const;
export type EmergingPatternName = (typeof EMERGING_PATTERNS)[number];

export const emergingQuerySchema = hotspotQuerySchema
  .extend({
    from: isoInstant,
    to: isoInstant,
    step: z.enum(EMERGING_STEPS, { error: 'expected day or week' }).default('day'),
    all: z
      .enum(['true', 'false'], { error: 'expected true or false' })
      .transform((v) => v === 'true')
      .default(false),
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { error: 'from must be before to', path: ['from'] });
export type EmergingQuery = z.infer<typeof emergingQuerySchema>;

export interface EmergingCell {
  /** As in GET /api/v1/hotspots. */
  id: string;
  pattern: EmergingPatternName;
  /** true: a hot spot pattern, false: a cold spot pattern, null: none. */
  hot: boolean | null;
  /** Mann–Kendall test on the cell's Gi* z series: statistic S, its normal score z, two-sided p. */
  trend: { s: number; z: number; p: number };
  /** Per step: the Gi* bin (±3/±2/±1/0), z-score and count. */
  bins: number[];
  z: number[];
  counts: number[];
}

export interface EmergingMethod extends HotspotMethod {
  step: 'day' | 'week';
  timeZone: string;
  /** How steps, trend and patterns are decided. */
  patterns: string;
}

export interface EmergingResponse {
  /** Cells with a pattern (every study cell with all=true), in id order. */
  cells: EmergingCell[];
  /** Start of each step (ISO-8601 with the city's offset); the last step ends at `to`. */
  steps: string[];
  /** Number of cells in the study area. */
  n: number;
  method: EmergingMethod;
  source?: CountSource;
}
