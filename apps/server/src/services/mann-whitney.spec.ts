/**
 * Mann–Whitney U against textbook arithmetic (the first case worked by hand) and against
 * scipy.stats.mannwhitneyu(a, b, method='asymptotic', use_continuity=True) (values printed by scipy 1.17.1),
 * and the normal tail against scipy.stats.norm.sf (to the erfc fit's 1.2e-7).
 */
import { describe, expect, it } from 'vitest';
import { mannWhitney, normalUpperTail } from './mann-whitney';

describe('mannWhitney', () => {
  it('fully separated samples of 5 and 5: U = 0, z = (0 − 12.5 + 0.5) / √(25·11/12)', () => {
    const r = mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(r.u).toBe(0);
    expect(r.z).toBeCloseTo(-12 / Math.sqrt((25 * 11) / 12), 12);
    expect(r.p).toBeCloseTo(0.012185780355344813, 8);
    // Symmetric: swapping the samples flips z, keeps p.
    const s = mannWhitney([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]);
    expect(s.u).toBe(25);
    expect(s.z).toBeCloseTo(-r.z, 12);
    expect(s.p).toBeCloseTo(r.p!, 12);
  });

  it.each([
    { a: [1, 2, 2, 3, 3, 3, 4], b: [3, 4, 4, 5, 5, 6], u: 3.5, p: 0.012999854364387305 },
    { a: [10, 10, 10], b: [10, 10, 12], u: 3, p: 0.5049850750938458 },
    { a: [5.5, 1.2, 3.3, 8.8, 2.2, 7.1], b: [4.4, 6.6, 9.9, 0.5], u: 11, p: 0.9151060344205056 },
  ])('with ties and unequal sizes: U = $u, p = $p (scipy)', ({ a, b, u, p }) => {
    const r = mannWhitney(a, b);
    expect(r.u).toBe(u);
    expect(r.p).toBeCloseTo(p, 6);
  });

  it('has no p-value for an empty sample or when every value is tied', () => {
    expect(mannWhitney([], [1, 2]).p).toBeNull();
    expect(mannWhitney([3, 3], [3, 3, 3]).p).toBeNull();
  });
});

describe('normalUpperTail', () => {
  it.each([
    [0.1, 0.460172162722971],
    [0.7, 0.24196365222307303],
    [1.0, 0.15865525393145707],
    [1.96, 0.024997895148220435],
    [2.5, 0.006209665325776132],
    [3.5, 0.00023262907903552502],
    [5, 2.866515718791933e-7],
    [7, 1.279812543885835e-12],
  ])('P(Z > %d) = %d', (x, expected) => {
    expect(Math.abs(normalUpperTail(x) - expected) / expected).toBeLessThan(2e-7);
  });
});
