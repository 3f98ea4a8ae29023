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

export function mannKendall(series: ArrayLike<number>): MannKendallResult {
  const n = series.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) s += Math.sign(series[j] - series[i]);
  }
  let ties = 0;
  const sorted = Float64Array.from(series).sort();
  for (let i = 0; i < n; ) {
    let t = 1;
    while (i + t < n && sorted[i + t] === sorted[i]) t++;
    ties += t * (t - 1) * (2 * t + 5);
    i += t;
  }
  const variance = (n * (n - 1) * (2 * n + 5) - ties) / 18;
  if (!(variance > 0) || s === 0) return { s, variance, z: 0, p: 1 };
  const z = (s > 0 ? s - 1 : s + 1) / Math.sqrt(variance);
  return { s, variance, z, p: twoSidedP(z) };
}
