import { describe, expect, it } from 'vitest';
import { benjaminiHochbergThreshold, confidenceBins, fdrBins, confidenceBin, confidenceBinOfZ } from './bins';
import { twoSidedP } from './normal';

// A hand-worked Benjamini–Hochberg example, n = 10 (already sorted; the functions do not need it sorted).
const P = [0.0008, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216];
// α = 0.01: k·α/n = 0.001, 0.002, …: only p(1) = 0.0008 qualifies → threshold 0.0008.
// α = 0.05: k·α/n = 0.005, 0.010, 0.015, …: p(1), p(2) qualify, p(3) = 0.039 > 0.015 and no later k qualifies
//           (p(10) = 0.216 > 0.05) → threshold 0.008.
// α = 0.10: k·α/n = 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, …: p(3) = 0.039 > 0.03 and p(4) = 0.041 > 0.04 fail,
//           but p(5) = 0.042 ≤ 0.05 and p(6) = 0.06 ≤ 0.06 pass (step-up: the largest k counts) → threshold 0.06.

describe('Benjamini–Hochberg', () => {
  it('thresholds of the hand-worked example', () => {
    expect(benjaminiHochbergThreshold(P, 0.01)).toBe(0.0008);
    expect(benjaminiHochbergThreshold(P, 0.05)).toBe(0.008);
    expect(benjaminiHochbergThreshold(P, 0.1)).toBe(0.06);
    expect(benjaminiHochbergThreshold([...P].reverse(), 0.1)).toBe(0.06);
  });

  it('no threshold when nothing qualifies', () => {
    expect(benjaminiHochbergThreshold([0.5, 0.9, 1], 0.1)).toBe(-1);
    expect(benjaminiHochbergThreshold([], 0.1)).toBe(-1);
  });

  it('FDR bins: 3 / 2 / 1 by the smallest α at which the cell is significant, signed by z', () => {
    const z = P.map((_, i) => (i % 2 ? -1 : 1) * 3); // only the sign matters here
    expect(Array.from(fdrBins(z, P))).toEqual([3, -2, 1, -1, 1, -1, 0, 0, 0, 0]);
  });
});

describe('plain confidence bins', () => {
  it('p ≤ 0.01 → ±3, p ≤ 0.05 → ±2, p ≤ 0.10 → ±1, else 0', () => {
    const z = P.map(() => -2);
    expect(Array.from(confidenceBins(z, P))).toEqual([-3, -3, -2, -2, -2, -1, -1, 0, 0, 0]);
    expect(Array.from(confidenceBins([1, 1, 1], [0.01, 0.05, 0.1]))).toEqual([3, 2, 1]);
  });

  it('z = 0 is never significant', () => {
    expect(Array.from(confidenceBins([0], [0]))).toEqual([0]);
    expect(Array.from(fdrBins([0, 1], [0, 0]))).toEqual([0, 3]);
  });
});

describe('confidenceBinOfZ', () => {
  it('bins like confidenceBin(z, twoSidedP(z)), also within a hair of each threshold', () => {
    const zs: number[] = [0, -0, 10, -10, 40];
    for (let z = -4; z <= 4; z += 1e-4) zs.push(z);
    for (const q of [2.5758293035489004, 1.959963984540054, 1.6448536269514722]) {
      for (let k = -2000; k <= 2000; k++) zs.push(q + k * 1e-9, -(q + k * 1e-9), q + k * 1e-13);
    }
    for (const z of zs) expect(confidenceBinOfZ(z), `z = ${z}`).toBe(confidenceBin(z, twoSidedP(z)));
  });
});
