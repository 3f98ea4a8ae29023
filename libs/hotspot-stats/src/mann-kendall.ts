import { twoSidedP } from './normal';

/**
 * The Mann–Kendall trend test on a series in time order (Mann 1945, Kendall 1975; as in Gilbert 1987 §16.4):
 *
 *   S = Σ_{i<j} sign(x_j − x_i)
 *   Var(S) = [n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5)] / 18     (t_g = the size of each group of tied values)
 *   z = (S − 1)/√Var(S) if S > 0,  0 if S = 0,  (S + 1)/√Var(S) if S < 0   (continuity correction)
 *   p = two-sided from the standard normal, P(|Z| ≥ |z|)
 *
 * With fewer than two values, or all values tied (Var(S) = 0), z = 0 and p = 1.
 */
export interface MannKendallResult {
  s: number;
  variance: number;
  z: number;
  p: number;
}

/**
 * S is counted by a merge sort (Knight 1966, as for Kendall's tau) in O(n log n) rather than over all n(n−1)/2 pairs:
 * with D the pairs i < j where x_i > x_j (a stable merge counts them, equal values never) and T the tied pairs,
 * the pairs with x_i < x_j are n(n−1)/2 − T − D, so S = n(n−1)/2 − T − 2D, the same integer as the pairwise sum
 * (tested against it). The sorted values the merge leaves give the tie groups of Var(S). Values must be finite.
 */
export function mannKendall(series: ArrayLike<number>): MannKendallResult {
  const n = series.length;
  let sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(series[i])) throw new RangeError(`mannKendall: value ${i} is ${series[i]}, not a finite number`);
    sorted[i] = series[i];
  }
  let spare = new Float64Array(n);
  let discordant = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (sorted[i] <= sorted[j]) spare[k++] = sorted[i++];
        else {
          // x_j is smaller than every value left in the earlier half: each is a pair with x_i > x_j.
          discordant += mid - i;
          spare[k++] = sorted[j++];
        }
      }
      while (i < mid) spare[k++] = sorted[i++];
      while (j < hi) spare[k++] = sorted[j++];
    }
    [sorted, spare] = [spare, sorted];
  }
  let ties = 0;
  let tiedPairs = 0;
  for (let i = 0; i < n; ) {
    let t = 1;
    while (i + t < n && sorted[i + t] === sorted[i]) t++;
    ties += t * (t - 1) * (2 * t + 5);
    tiedPairs += (t * (t - 1)) / 2;
    i += t;
  }
  const pairs = n > 1 ? (n * (n - 1)) / 2 : 0;
  const s = pairs - tiedPairs - 2 * discordant;
  const variance = (n * (n - 1) * (2 * n + 5) - ties) / 18;
  if (!(variance > 0) || s === 0) return { s, variance, z: 0, p: 1 };
  const z = (s > 0 ? s - 1 : s + 1) / Math.sqrt(variance);
  return { s, variance, z, p: twoSidedP(z) };
}
