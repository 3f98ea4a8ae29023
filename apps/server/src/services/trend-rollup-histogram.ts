import { normalUpperTail, type MannWhitneyResult } from './mann-whitney';

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

/** Counts per bin (bins without durations absent). */
export type BinCounts = Map<number, number>;

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

export function addBin(into: BinCounts, bin: number, n = 1): void {
  const m = (into.get(bin) ?? 0) + n;
  if (m === 0) into.delete(bin);
  else into.set(bin, m);
}

export function mergeBins(into: BinCounts, from: BinCounts): void {
  for (const [bin, n] of from) addBin(into, bin, n);
}

/** Bins in ascending order with their counts. */
function ascending(bins: BinCounts): [number, number][] {
  return [...bins].sort((a, b) => a[0] - b[0]);
}

/**
 * percentile_cont on the binned values: linear interpolation between the closest ranks of the sorted values, each
 * value replaced by its bin's. Null without durations.
 */
export function binnedPercentile(bins: BinCounts, q: number): number | null {
  const sorted = ascending(bins);
  let n = 0;
  for (const [, c] of sorted) n += c;
  if (n === 0) return null;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const at = (rank: number): number => {
    let seen = 0;
    for (const [bin, c] of sorted) {
      seen += c;
      if (rank < seen) return VALUES[bin];
    }
    return VALUES[sorted[sorted.length - 1][0]];
  };
  const a = at(lo);
  return lo + 1 < n ? a + (h - lo) * (at(lo + 1) - a) : a;
}

/**
 * The Mann–Whitney U test of mann-whitney.ts on binned samples: values in one bin are ties (average ranks, tie
 * correction over the bins' combined counts). Equal to mannWhitney() on the bins' values.
 */
export function binnedMannWhitney(a: BinCounts, b: BinCounts): MannWhitneyResult {
  let n1 = 0;
  let n2 = 0;
  for (const c of a.values()) n1 += c;
  for (const c of b.values()) n2 += c;
  if (n1 === 0 || n2 === 0) return { u: 0, z: 0, p: null };
  const bins = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
  const n = n1 + n2;
  let rankSumA = 0;
  let tieTerm = 0;
  let below = 0;
  for (const bin of bins) {
    const ca = a.get(bin) ?? 0;
    const t = ca + (b.get(bin) ?? 0);
    rankSumA += ca * (below + (t + 1) / 2);
    tieTerm += t * t * t - t;
    below += t;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return { u, z: 0, p: null };
  const diff = u - mean;
  const corrected = Math.max(Math.abs(diff) - 0.5, 0);
  const z = (Math.sign(diff) * corrected) / Math.sqrt(variance);
  return { u, z, p: Math.min(1, 2 * normalUpperTail(Math.abs(z))) };
}
