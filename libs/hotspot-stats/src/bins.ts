/**
 * Confidence bins for Gi* results: ±3 / ±2 / ±1 for 99 / 95 / 90 % confidence, 0 not significant, the sign of z.
 *
 * Plain bins are p-based: |bin| = 3 when p ≤ 0.01, 2 when p ≤ 0.05, 1 when p ≤ 0.10 (equivalently |z| ≥ 2.5758…,
 * 1.9600…, 1.6449…, the normal quantiles, not the rounded 2.58 / 1.96 / 1.65).
 *
 * FDR bins use Benjamini–Hochberg over all n cells: for each α ∈ {0.01, 0.05, 0.10}, sort the p-values ascending
 * p(1) ≤ … ≤ p(n), take the largest k with p(k) ≤ k·α/n; the threshold is p(k) (none when no k qualifies), and a
 * cell is significant at α when its p ≤ that threshold. |bin| is 3 / 2 / 1 for the smallest α at which it is
 * significant. A cell with z = 0 is never significant.
 */
import { twoSidedP } from './normal';

export const CONFIDENCE_LEVELS = [
  { alpha: 0.01, bin: 3 },
  { alpha: 0.05, bin: 2 },
  { alpha: 0.1, bin: 1 },
] as const;

/** The bin of one cell given its z and a p-value threshold per α (bins 3, 2, 1 in that order). */
function binFor(z: number, p: number, thresholds: readonly number[]): number {
  if (z === 0) return 0;
  for (let level = 0; level < CONFIDENCE_LEVELS.length; level++) {
    if (p <= thresholds[level]) return Math.sign(z) * CONFIDENCE_LEVELS[level].bin;
  }
  return 0;
}

/** The plain p-based bin of one cell. */
export function confidenceBin(z: number, p: number): number {
  return binFor(z, p, PLAIN_THRESHOLDS);
}

const PLAIN_THRESHOLDS = CONFIDENCE_LEVELS.map((l) => l.alpha);

/**
 * The |z| at which twoSidedP (this library's, not a textbook's) falls to each level's α, found by bisection: p is
 * decreasing in |z|, so p ≤ α exactly when |z| ≥ that value, up to the last bits of the arithmetic.
 */
const Z_OF_ALPHA = PLAIN_THRESHOLDS.map((alpha) => {
  let [lo, hi] = [0, 10];
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = (lo + hi) / 2;
    if (twoSidedP(mid) <= alpha) hi = mid;
    else lo = mid;
  }
  return hi;
});
/** Within this of a level's |z| the bin is decided by p itself (p's own error is ~1e-12; its slope there ~0.03). */
const Z_MARGIN = 1e-6;
/** |z| at or below this is below every level's threshold by more than the margin (Z_OF_ALPHA is decreasing). */
const Z_BELOW_EVERY_LEVEL = Math.min(...Z_OF_ALPHA) - Z_MARGIN;

/**
 * The plain bin of one cell from z alone, the same as confidenceBin(z, twoSidedP(z)): p is computed only when |z| is
 * within Z_MARGIN of a level's threshold (for callers binning millions of z-scores whose p they do not answer).
 */
export function confidenceBinOfZ(z: number): number {
  const a = Math.abs(z);
  // Most cells of a series are below every level: one comparison (the loop would find the same 0).
  if (a <= Z_BELOW_EVERY_LEVEL) return 0;
  for (let level = 0; level < Z_OF_ALPHA.length; level++) {
    if (a >= Z_OF_ALPHA[level] + Z_MARGIN) return Math.sign(z) * CONFIDENCE_LEVELS[level].bin;
    if (a > Z_OF_ALPHA[level] - Z_MARGIN) return confidenceBin(z, twoSidedP(z));
  }
  return 0;
}

/** Plain p-based bins. */
export function confidenceBins(z: ArrayLike<number>, p: ArrayLike<number>): Int8Array {
  const thresholds = CONFIDENCE_LEVELS.map((l) => l.alpha);
  const bins = new Int8Array(z.length);
  for (let i = 0; i < z.length; i++) bins[i] = binFor(z[i], p[i], thresholds);
  return bins;
}

/**
 * The Benjamini–Hochberg p-value threshold for α over these p-values: the largest p(k) with p(k) ≤ k·α/n,
 * or -1 (nothing significant) when there is none.
 */
export function benjaminiHochbergThreshold(p: ArrayLike<number>, alpha: number): number {
  return thresholdOfSorted(Float64Array.from(p).sort(), alpha);
}

function thresholdOfSorted(sorted: Float64Array, alpha: number): number {
  const n = sorted.length;
  for (let k = n; k >= 1; k--) {
    if (sorted[k - 1] <= (k * alpha) / n) return sorted[k - 1];
  }
  return -1;
}

/** Bins with the Benjamini–Hochberg false-discovery-rate correction. */
export function fdrBins(z: ArrayLike<number>, p: ArrayLike<number>): Int8Array {
  const sorted = Float64Array.from(p).sort();
  const thresholds = CONFIDENCE_LEVELS.map((l) => thresholdOfSorted(sorted, l.alpha));
  const bins = new Int8Array(z.length);
  for (let i = 0; i < z.length; i++) bins[i] = binFor(z[i], p[i], thresholds);
  return bins;
}
