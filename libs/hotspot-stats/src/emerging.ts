import { mannKendall, type MannKendallResult } from './mann-kendall';

/**
 * Emerging hot spot patterns (after ESRI's Emerging Hot Spot Analysis), for one cell from its Gi* series over
 * T time steps in time order: `bins[t]` (the confidence bin, ±3…±1 or 0) and `z[t]` (the Gi* z-score).
 *
 * A step is *hot* when its bin is > 0 (significant at 90 % confidence or better, i.e. p ≤ 0.10, or the FDR
 * equivalent when the bins were FDR-corrected) and *cold* when its bin is < 0. The *trend* is the Mann–Kendall
 * test on the z series; it is *increasing* / *decreasing* when its p ≤ `trendAlpha` (default 0.05) with z > 0 / < 0.
 * "90 %" means hot steps ≥ 0.9·T.
 *
 * When the final step is hot, the first rule that holds names the pattern:
 * 1. intensifying: hot in ≥ 90 % of steps (the final included) and an increasing trend;
 * 2. diminishing: hot in ≥ 90 % of steps (the final included) and a decreasing trend;
 * 3. persistent: hot in ≥ 90 % of steps (the final included), no significant trend;
 * 4. new: the final step is the only hot step;
 * 5. consecutive: the hot steps form one uninterrupted run of at least two steps ending at the final step (no hot
 *    step before the run), and fewer than 90 % of the steps are hot;
 * 6. oscillating: some earlier step was cold (fewer than 90 % hot);
 * 7. sporadic: otherwise (on-and-off hot, never cold, fewer than 90 % hot).
 * When the final step is cold, the same rules with hot and cold exchanged name a cold pattern.
 * When the final step is neither: historical (hot) when ≥ 90 % of the steps are hot, historical (cold) when
 * ≥ 90 % are cold, otherwise none. A series of no steps is none.
 */
export const EMERGING_KINDS = ['new', 'consecutive', 'intensifying', 'persistent', 'diminishing', 'sporadic', 'oscillating', 'historical'] as const;
export type EmergingKind = (typeof EMERGING_KINDS)[number];
export type EmergingPattern = { kind: EmergingKind; hot: boolean } | { kind: 'none'; hot: null };

export interface EmergingOptions {
  /** Mann–Kendall significance for intensifying / diminishing (default 0.05). */
  trendAlpha?: number;
  /** The Mann–Kendall test of z, asked only when the pattern needs it (a caller that also answers it computes it once). */
  trend?: () => MannKendallResult;
}

export function classifyEmerging(bins: ArrayLike<number>, z: ArrayLike<number>, options: EmergingOptions = {}): EmergingPattern {
  const steps = bins.length;
  if (steps === 0) return { kind: 'none', hot: null };
  const trendAlpha = options.trendAlpha ?? 0.05;
  const last = Math.sign(bins[steps - 1]);
  if (last === 0) {
    if (countSign(bins, 1) >= 0.9 * steps) return { kind: 'historical', hot: true };
    if (countSign(bins, -1) >= 0.9 * steps) return { kind: 'historical', hot: false };
    return { kind: 'none', hot: null };
  }
  const hot = last > 0;
  const same = countSign(bins, last);
  if (same >= 0.9 * steps) {
    const trend = options.trend ? options.trend() : mannKendall(z);
    // "Intensifying" means the clustering grows stronger: z rising for hot spots, falling for cold ones.
    const direction = trend.p <= trendAlpha ? Math.sign(trend.z) * last : 0;
    if (direction > 0) return { kind: 'intensifying', hot };
    if (direction < 0) return { kind: 'diminishing', hot };
    return { kind: 'persistent', hot };
  }
  if (same === 1) return { kind: 'new', hot };
  let run = 0;
  while (run < steps && Math.sign(bins[steps - 1 - run]) === last) run++;
  if (run === same) return { kind: 'consecutive', hot };
  if (countSign(bins, -last) > 0) return { kind: 'oscillating', hot };
  return { kind: 'sporadic', hot };
}

function countSign(bins: ArrayLike<number>, sign: number): number {
  let count = 0;
  for (let t = 0; t < bins.length; t++) if (Math.sign(bins[t]) === sign) count++;
  return count;
}
