import { describe, expect, it } from 'vitest';
import { getisOrdGiStar } from './gi-star';

/** Neighbours on a line of n cells within distance k, the cell itself included. */
const line = (n: number, k: number) => (i: number) => {
  const out: number[] = [];
  for (let j = Math.max(0, i - k); j <= Math.min(n - 1, i + k); j++) out.push(j);
  return out;
};

/** A deterministic PRNG (mulberry32) so the random cases are reproducible. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An independent re-implementation, written straight from the textbook formula with a full weight matrix and
 * S = √(Σx²/n − X̄²) as printed (no shortcuts shared with the lib).
 */
function bruteForce(x: number[], w: number[][]): number[] {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const s = Math.sqrt(x.reduce((a, b) => a + b * b, 0) / n - mean * mean);
  return x.map((_, i) => {
    let wx = 0;
    let sw = 0;
    let sw2 = 0;
    for (let j = 0; j < n; j++) {
      wx += w[i][j] * x[j];
      sw += w[i][j];
      sw2 += w[i][j] ** 2;
    }
    return (wx - mean * sw) / (s * Math.sqrt((n * sw2 - sw * sw) / (n - 1)));
  });
}

describe('getisOrdGiStar', () => {
  it('matches a hand computation on a line of 5 cells (k = 1), one spike in the middle', () => {
    // x = [0,0,10,0,0]: X̄ = 2, S = √(100/5 − 4) = 4.
    // Cells 1, 2, 3 see the spike: (10 − 2·3) / (4·√((5·3 − 9)/4)) = 4 / (4·√1.5) = 1/√1.5 = 0.816496580927726.
    // Cell 0 and 4 (two neighbours): (0 − 2·2) / (4·√((5·2 − 4)/4)) = −4 / (4·√1.5) = −0.816496580927726.
    const { z, p } = getisOrdGiStar([0, 0, 10, 0, 0], line(5, 1));
    const a = 1 / Math.sqrt(1.5);
    expect(Array.from(z)).toEqual([-a, a, a, a, -a].map((v) => expect.closeTo(v, 12)));
    // Two-sided p of 0.8165 (CPython: math.erfc(0.8164965809277261 / √2)).
    for (const value of p) expect(value).toBeCloseTo(0.41421617824252505, 12);
  });

  it('matches a brute-force re-implementation to 1e-9 on random data (lines and 2-D queen grids)', () => {
    const random = mulberry32(42);
    for (let trial = 0; trial < 20; trial++) {
      const side = 3 + Math.floor(random() * 8);
      const n = side * side;
      const k = 1 + Math.floor(random() * 2);
      const x = Array.from({ length: n }, () => Math.floor(random() ** 3 * 50));
      const near = (i: number, j: number) =>
        Math.abs(Math.floor(i / side) - Math.floor(j / side)) <= k && Math.abs((i % side) - (j % side)) <= k;
      const w = x.map((_, i) => x.map((__, j) => (near(i, j) ? 1 : 0)));
      const neighbours = (i: number) => x.map((_, j) => j).filter((j) => near(i, j));
      const expected = bruteForce(x, w);
      const { z } = getisOrdGiStar(Float64Array.from(x), neighbours);
      for (let i = 0; i < n; i++) {
        if (Number.isFinite(expected[i])) expect(Math.abs(z[i] - expected[i])).toBeLessThan(1e-9);
      }
    }
  });

  it('is antisymmetric: negating the field around its mean negates z', () => {
    const x = [3, 8, 1, 0, 4, 9, 2];
    const max = Math.max(...x);
    const a = getisOrdGiStar(x, line(7, 1)).z;
    const b = getisOrdGiStar(x.map((v) => max - v), line(7, 1)).z;
    for (let i = 0; i < 7; i++) expect(b[i]).toBeCloseTo(-a[i], 12);
  });

  it('when every cell neighbours every cell with the same weight count, the z-scores sum to 0', () => {
    // On a ring every neighbourhood has the same size, so Σ_i (Σ_j w_ij x_j − X̄ Σ_j w_ij) = 0.
    const n = 9;
    const ring = (i: number) => [(i + n - 1) % n, i, (i + 1) % n];
    const { z } = getisOrdGiStar([5, 0, 2, 7, 1, 1, 0, 3, 9], ring);
    expect(Math.abs(z.reduce((a, b) => a + b, 0))).toBeLessThan(1e-12);
  });

  it('a constant field (S = 0), a single cell, or a neighbourhood of the whole area give z = 0 and p = 1', () => {
    for (const x of [[4, 4, 4, 4], [0, 0, 0], [7]]) {
      const { z, p } = getisOrdGiStar(x, line(x.length, 1));
      expect(Array.from(z)).toEqual(x.map(() => 0));
      expect(Array.from(p)).toEqual(x.map(() => 1));
    }
    const all = getisOrdGiStar([1, 5, 2], () => [0, 1, 2]);
    expect(Array.from(all.z)).toEqual([0, 0, 0]);
    expect(Array.from(all.p)).toEqual([1, 1, 1]);
  });
});
