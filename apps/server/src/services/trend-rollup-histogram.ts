import { uTest, type MannWhitneyResult } from './mann-whitney';

/**
 * Log-spaced duration bins (DDSketch-style), pure: what a trend rollup row keeps of each stage's durations so that
 * percentiles and the Mann–Whitney comparison can be answered without the durations themselves.
 *
 * Bin 0 holds zero durations. Bin k ≥ 1 holds the durations in (FLOOR·γ^(k−1), FLOOR·γ^k] seconds and stands for
 * FLOOR·2γ^k/(γ+1), which is within (γ−1)/(γ+1) relative of every value of the bin. Because the binning is monotone,
 * a percentile computed like percentile_cont on the bins' values lies within the same relative bound of the exact
 * one (a convex combination of two values each within the bound of the exact ranks' values).
 */

/** Relative width of a bin. */
export const TREND_BIN_GAMMA = 1.02;
/** Durations are binned from a millisecond (the resolution of stage times) up; the bound holds from there. */
export const TREND_BIN_FLOOR_SECONDS = 0.001;
/** Bins per histogram: bin 0 and 1 … 1399, the last reaching FLOOR·γ^1399 ≈ 1.07e9 s (34 years); longer ones land in it. */
export const TREND_BINS = 1400;
/** The bound of a binned percentile: |estimate − exact| ≤ this × exact (durations from 1 ms to 34 years). */
export const TREND_BIN_RELATIVE_ERROR = (TREND_BIN_GAMMA - 1) / (TREND_BIN_GAMMA + 1);

const LOG_GAMMA = Math.log(TREND_BIN_GAMMA);
const VALUES = Float64Array.from({ length: TREND_BINS }, (_, k) =>
  k === 0 ? 0 : (TREND_BIN_FLOOR_SECONDS * 2 * TREND_BIN_GAMMA ** k) / (TREND_BIN_GAMMA + 1),
);

/** Counts per bin, dense (index = bin). */
export type BinCounts = Int32Array;

export function newBins(): BinCounts {
  return new Int32Array(TREND_BINS);
}

/** The bin of a duration in seconds. */
export function binOf(seconds: number): number {
  if (!(seconds > 0)) return 0;
  const k = Math.ceil(Math.log(seconds / TREND_BIN_FLOOR_SECONDS) / LOG_GAMMA);
  return k < 1 ? 1 : k >= TREND_BINS ? TREND_BINS - 1 : k;
}

/** The value a bin stands for (seconds). */
export function binValue(bin: number): number {
  return VALUES[bin];
}

export function mergeBins(into: BinCounts, from: BinCounts): void {
  for (let k = 0; k < TREND_BINS; k++) into[k] += from[k];
}

/**
 * percentile_cont on the binned values: linear interpolation between the closest ranks of the sorted values, each
 * value replaced by its bin's. Null without durations (or without bins). `count`: the bins' total, when known.
 */
export function binnedPercentile(bins: BinCounts | null, q: number, count?: number): number | null {
  if (!bins) return null;
  let n = count ?? 0;
  for (let k = 0; count === undefined && k < TREND_BINS; k++) n += bins[k];
  if (n === 0) return null;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  // The values at ranks lo and lo + 1 (0-based), in one walk.
  let seen = 0;
  let a = -1;
  for (let k = 0; k < TREND_BINS; k++) {
    seen += bins[k];
    if (a < 0 && lo < seen) a = VALUES[k];
    if (a >= 0 && lo + 1 < seen) return a + (h - lo) * (VALUES[k] - a);
  }
  return a;
}

/**
 * The Mann–Whitney U test of mann-whitney.ts on binned samples: values in one bin are ties (average ranks, tie
 * correction over the bins' combined counts). Equal to mannWhitney() on the bins' values.
 */
export function binnedMannWhitney(a: BinCounts | null, b: BinCounts | null): MannWhitneyResult {
  let n1 = 0;
  let n2 = 0;
  for (let k = 0; a && k < TREND_BINS; k++) n1 += a[k];
  for (let k = 0; b && k < TREND_BINS; k++) n2 += b[k];
  if (!a || !b || n1 === 0 || n2 === 0) return { u: 0, z: 0, p: null };
  let rankSumA = 0;
  let tieTerm = 0;
  let below = 0;
  for (let k = 0; k < TREND_BINS; k++) {
    const t = a[k] + b[k];
    if (t === 0) continue;
    rankSumA += a[k] * (below + (t + 1) / 2);
    tieTerm += t * t * t - t;
    below += t;
  }
  return uTest(rankSumA, tieTerm, n1, n2);
}
