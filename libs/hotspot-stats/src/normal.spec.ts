import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, twoSidedP } from './normal';

// Reference values of erfc from CPython's math.erfc (an independent implementation) and the standard normal
// quantiles 0.95, 0.975, 0.995 (Abramowitz & Stegun 26.2; to 16 digits).
const ERFC: [number, number][] = [
  [0, 1],
  [0.1, 0.8875370839817152],
  [0.5, 0.4795001221869535],
  [1, 0.15729920705028513],
  [1.9999, 0.004679802092970608],
  [2, 0.004677734981047265],
  [2.5, 0.0004069520174449589],
  [3, 2.2090496998585438e-5],
  [5, 1.5374597944280351e-12],
  [10, 2.088487583762545e-45],
  [-1, 1.842700792949715],
];

describe('erfc', () => {
  it.each(ERFC)('erfc(%d) to 1e-12 relative accuracy', (x, expected) => {
    expect(Math.abs(erfc(x) - expected) / expected).toBeLessThan(1e-12);
  });

  it('is continuous where the series hands over to the continued fraction (x = 2)', () => {
    const below = erfc(2 - 1e-12);
    const above = erfc(2);
    expect(Math.abs(below - above) / above).toBeLessThan(1e-10);
  });

  it('underflows to 0 far in the tail and is NaN for NaN', () => {
    expect(erfc(40)).toBe(0);
    expect(erfc(-40)).toBe(2);
    expect(erfc(NaN)).toBeNaN();
  });
});

describe('normal tails', () => {
  it.each([
    [1.6448536269514722, 0.1],
    [1.959963984540054, 0.05],
    [2.5758293035489004, 0.01],
  ])('two-sided p at the quantile %d is %d', (z, p) => {
    expect(twoSidedP(z)).toBeCloseTo(p, 14);
    expect(twoSidedP(-z)).toBeCloseTo(p, 14);
    expect(normalCdf(z)).toBeCloseTo(1 - p / 2, 14);
  });

  it('Φ(0) = 1/2 and p(0) = 1', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(twoSidedP(0)).toBe(1);
  });
});
