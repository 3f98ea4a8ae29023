import { z } from 'zod';
import { MAX_CELL_METRES, MIN_CELL_METRES } from './grid';
import { codeList } from './kpi';

export const HOTSPOT_CELLS = ['h3', 'square'] as const;
export const MIN_H3_RESOLUTION = 6;
export const MAX_H3_RESOLUTION = 10;
export const MAX_HOTSPOT_K = 3;
/** The largest study area (number of cells) one request may analyse. */
export const MAX_HOTSPOT_CELLS = 200_000;

const isoTime = z.iso.datetime({ offset: true, error: 'expected an ISO-8601 timestamp with offset' });

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
  from: isoTime.optional(),
  to: isoTime.optional(),
  categories: codeList.optional(),
  region: z.string().min(1).max(64).optional(),
  fdr: z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .transform((v) => v === 'true')
    .default(false),
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
}
