import { twoSidedP } from './normal';

/**
 * Getis–Ord Gi* (Ord & Getis 1995) with binary weights, exactly as docs/api.md and domain.md write it:
 *
 *   G*_i = (Σ_j w_ij x_j − X̄ Σ_j w_ij) / (S √[(n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1)])
 *   X̄ = Σ_j x_j / n,   S = √(Σ_j x_j² / n − X̄²)
 *
 * w_ij = 1 when j is one of `neighbours(i)` (which must include i itself and list each cell once), else 0, so
 * Σ_j w_ij = Σ_j w_ij² = the number of neighbours. S is computed as √(Σ_j (x_j − X̄)² / n), the same quantity,
 * so that a constant field gives exactly S = 0.
 *
 * Degenerate cases, decided here: when S = 0 (a constant field, including all zeros, or n = 1) or when i's
 * neighbourhood is the whole study area (the denominator's root is 0), G*_i is 0 and p is 1 (not significant).
 * p is two-sided from the standard normal: P(|Z| ≥ |G*_i|).
 */
export interface GiStarResult {
  z: Float64Array;
  p: Float64Array;
}

export function getisOrdGiStar(values: Float64Array | ArrayLike<number>, neighbours: (i: number) => Iterable<number>): GiStarResult {
  const n = values.length;
  const z = new Float64Array(n);
  const p = new Float64Array(n).fill(1);
  if (n < 2) return { z, p };
  let sum = 0;
  for (let j = 0; j < n; j++) sum += values[j];
  const mean = sum / n;
  let squares = 0;
  for (let j = 0; j < n; j++) squares += (values[j] - mean) ** 2;
  const s = Math.sqrt(squares / n);
  if (s === 0) return { z, p };
  for (let i = 0; i < n; i++) {
    let local = 0;
    let weights = 0;
    for (const j of neighbours(i)) {
      local += values[j];
      weights += 1;
    }
    const root = Math.sqrt((n * weights - weights * weights) / (n - 1));
    if (!(root > 0)) continue;
    z[i] = (local - mean * weights) / (s * root);
    p[i] = twoSidedP(z[i]);
  }
  return { z, p };
}
