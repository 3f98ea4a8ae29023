import { describe, expect, it } from 'vitest';
import { mannKendall } from './mann-kendall';

describe('mannKendall', () => {
  it('a strictly increasing series of 5: S = 10, Var = 5·4·15/18, z = 9/√Var', () => {
    const r = mannKendall([1, 2, 3, 4, 5]);
    expect(r.s).toBe(10);
    expect(r.variance).toBeCloseTo(300 / 18, 12);
    expect(r.z).toBeCloseTo(2.2045407685048604, 12);
    expect(r.p).toBeCloseTo(0.027486336111510353, 12); // scipy / CPython erfc
  });

  it('ties: [1, 2, 2, 3] gives S = 5, Var = (4·3·13 − 2·1·9)/18, z = 4/√Var', () => {
    const r = mannKendall([1, 2, 2, 3]);
    expect(r.s).toBe(5);
    expect(r.variance).toBeCloseTo(138 / 18, 12);
    expect(r.z).toBeCloseTo(1.4446302370292303, 12);
    expect(r.p).toBeCloseTo(0.1485617748918687, 12);
  });

  it('n = 10 decreasing with one tied pair: negative S and z (hand-computed)', () => {
    // x = [10, 9, 8, 8, 6, 5, 4, 3, 2, 1]: 45 pairs, one tied → S = −44;
    // Var = (10·9·25 − 2·1·9)/18 = (2250 − 18)/18 = 124; z = (−44 + 1)/√124 = −3.8615…
    const r = mannKendall([10, 9, 8, 8, 6, 5, 4, 3, 2, 1]);
    expect(r.s).toBe(-44);
    expect(r.variance).toBe(124);
    expect(r.z).toBeCloseTo(-43 / Math.sqrt(124), 12);
    expect(r.p).toBeLessThan(0.001);
  });

  it('no trend, all tied, or too short: z = 0, p = 1', () => {
    expect(mannKendall([1, 3, 2, 2, 3, 1])).toMatchObject({ s: 0, z: 0, p: 1 });
    expect(mannKendall([4, 4, 4])).toMatchObject({ s: 0, variance: 0, z: 0, p: 1 });
    expect(mannKendall([7])).toMatchObject({ z: 0, p: 1 });
    expect(mannKendall([])).toMatchObject({ z: 0, p: 1 });
  });

  it('S by the merge sort equals the pairwise sum Σ sign(x_j − x_i), and Var(S) the tie groups, on random series with and without ties', () => {
    let seed = 20261129;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 400; trial++) {
      const n = Math.floor(random() * 160);
      const levels = trial % 3 === 0 ? 0 : 1 + Math.floor(random() * 8);
      const x = Array.from({ length: n }, () => (levels ? Math.floor(random() * levels) - 2 : (random() - 0.5) * 6));
      if (trial % 7 === 0 && n > 1) x[1] = -0; // −0 and 0 are tied, as sign(0 − (−0)) = 0
      let pairwise = 0;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairwise += Math.sign(x[j] - x[i]);
      const groups = new Map<number, number>();
      for (const v of x) groups.set(v === 0 ? 0 : v, (groups.get(v === 0 ? 0 : v) ?? 0) + 1);
      let ties = 0;
      for (const t of groups.values()) ties += t * (t - 1) * (2 * t + 5);
      const r = mannKendall(x);
      expect(r.s, `trial ${trial}: ${x.join(',')}`).toBe(pairwise + 0);
      expect(r.variance).toBe((n * (n - 1) * (2 * n + 5) - ties) / 18);
    }
  });

  it('refuses a value that is not a finite number, naming its position', () => {
    expect(() => mannKendall([1, 2, Number.NaN, 4])).toThrow(/value 2 is NaN/);
    expect(() => mannKendall([1, Number.POSITIVE_INFINITY])).toThrow(/value 1 is Infinity/);
  });
});
