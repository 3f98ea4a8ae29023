/**
 * Upper tails of count distributions, P(X ≥ x), summed exactly in log space.
 *
 * For x above the mean the terms k = x, x+1, … decrease (the mode is at or below the mean), so the tail is the first
 * term (from its logarithm) times the sum of the later terms relative to it, each from the last by the ratio
 * P(k+1)/P(k), until a term no longer changes the sum: no 1 − (something close to 1), so p-values of 1e-30 keep
 * their digits. For x at or below the mean the tail is large and 1 − P(X < x) is exact enough.
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(z) for z > 0 (Lanczos, g = 7, n = 9: relative error about 1e-15). */
export function logGamma(z: number): number {
  if (!(z > 0)) throw new RangeError(`logGamma: z must be > 0, got ${z}`);
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let a = LANCZOS[0];
  const t = x + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln P(X = k) for X ~ Poisson(λ), λ > 0. */
export function logPoissonPmf(k: number, lambda: number): number {
  return k * Math.log(lambda) - lambda - logGamma(k + 1);
}

/** ln Γ(k + r) − ln Γ(r) for an integer k ≥ 0: a sum of logs when r is large (where the difference of two huge
 *  logGammas would lose its digits), else through logGamma. */
function logRising(r: number, k: number): number {
  if (r < 1e3 || k > 1e4) return logGamma(k + r) - logGamma(r);
  let sum = 0;
  for (let i = 0; i < k; i++) sum += Math.log(r + i);
  return sum;
}

/**
 * Negative binomial with mean μ and variance v > μ: r = μ²/(v − μ) successes, p = r/(r + μ).
 * ln P(X = k) = lnΓ(k + r) − lnΓ(r) − ln k! + r ln p + k ln(1 − p).
 */
export function logNegBinomialPmf(k: number, mean: number, variance: number): number {
  const r = (mean * mean) / (variance - mean);
  return logRising(r, k) - logGamma(k + 1) - r * Math.log1p(mean / r) + k * Math.log(mean / (r + mean));
}

/**
 * Σ_{k ≥ x} P(X = k) from the first term's log and the ratio P(k + 1)/P(k): each next term by one multiplication,
 * so only the first needs logGamma.
 */
function upperTail(x: number, mean: number, logPmf: (k: number) => number, ratio: (k: number) => number): number {
  if (!Number.isInteger(x)) throw new RangeError(`upper tail: x must be an integer, got ${x}`);
  if (x <= 0) return 1;
  if (x > mean) {
    // Terms relative to the first (they decrease from there), so no underflow however small the first is.
    let rel = 1;
    let sum = 1;
    for (let k = x; k < x + 10_000_000 && rel > sum * 1e-17; k++) {
      rel *= ratio(k);
      sum += rel;
    }
    return Math.min(1, Math.exp(logPmf(x) + Math.log(sum)));
  }
  let term = Math.exp(logPmf(0));
  let lower = 0;
  for (let k = 0; k < x; k++) {
    lower += term;
    term *= ratio(k);
  }
  return Math.max(0, 1 - lower);
}

/** P(X ≥ x) for X ~ Poisson(λ). */
export function poissonUpperTail(x: number, lambda: number): number {
  if (!(lambda > 0)) throw new RangeError(`poissonUpperTail: λ must be > 0, got ${lambda}`);
  return upperTail(x, lambda, (k) => logPoissonPmf(k, lambda), (k) => lambda / (k + 1));
}

/** P(X ≥ x) for a negative binomial of mean μ and variance v (v ≤ μ falls back to Poisson(μ)). */
export function negBinomialUpperTail(x: number, mean: number, variance: number): number {
  if (!(mean > 0)) throw new RangeError(`negBinomialUpperTail: mean must be > 0, got ${mean}`);
  if (!(variance > mean)) return poissonUpperTail(x, mean);
  const r = (mean * mean) / (variance - mean);
  const q = mean / (r + mean);
  return upperTail(x, mean, (k) => logNegBinomialPmf(k, mean, variance), (k) => ((k + r) / (k + 1)) * q);
}
