import { describe, expect, it } from 'vitest';
import { logGamma, negBinomialUpperTail, poissonUpperTail } from './tail';

// Reference values from scipy 1.x: stats.poisson.sf(x - 1, λ), stats.nbinom.sf(x - 1, r, p), math.lgamma.
const close = (actual: number, expected: number, rel = 1e-10) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * expected);

describe('logGamma', () => {
  it('matches math.lgamma', () => {
    close(logGamma(0.3), 1.0957979948180752);
    close(logGamma(10.5), 13.940625219403763);
    close(logGamma(171.2), 707.6009268476702);
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-14);
    close(logGamma(11), Math.log(3628800));
  });
  it('refuses z ≤ 0', () => expect(() => logGamma(0)).toThrow(RangeError));
});

describe('poissonUpperTail P(X ≥ x | λ)', () => {
  const cases: [number, number, number][] = [
    [1, 0.5, 0.3934693402873665],
    [5, 0.5, 0.00017211562995584072],
    [10, 2.0, 4.649807501726386e-5],
    [3, 3.0, 0.5768099188731566],
    [20, 4.5, 6.716488780922964e-8],
    [60, 10, 6.521903327818604e-27],
    [200, 50, 2.0247590148473265e-57],
    [1, 0.001, 0.0009995001666250082],
  ];
  it.each(cases)('x = %d, λ = %d', (x, lambda, expected) => close(poissonUpperTail(x, lambda), expected, 1e-9));
  it('is 1 at x ≤ 0 and decreasing in x', () => {
    expect(poissonUpperTail(0, 2)).toBe(1);
    let last = 1;
    for (let x = 1; x < 40; x++) {
      const p = poissonUpperTail(x, 6);
      expect(p).toBeLessThan(last);
      last = p;
    }
  });
  it('refuses λ ≤ 0 and fractional x', () => {
    expect(() => poissonUpperTail(1, 0)).toThrow(RangeError);
    expect(() => poissonUpperTail(1.5, 1)).toThrow(RangeError);
  });
});

describe('negBinomialUpperTail P(X ≥ x | mean, variance)', () => {
  const cases: [number, number, number, number][] = [
    [5, 2, 4, 0.109375],
    [15, 3, 9, 0.006254870601873447],
    [40, 10, 30, 0.0001857780716830789],
    [3, 1, 1.5, 0.11111111111111116],
    [100, 5, 50, 5.745186909181487e-6],
    [30, 12, 12.5, 1.4883368181103096e-5],
    [8, 1.43, 1.5, 0.00021916256288163034],
  ];
  it.each(cases)('x = %d, mean %d, variance %d', (x, m, v, expected) => close(negBinomialUpperTail(x, m, v), expected, 1e-9));
  it('is the Poisson tail when the variance is not above the mean', () => {
    expect(negBinomialUpperTail(10, 2, 2)).toBe(poissonUpperTail(10, 2));
    expect(negBinomialUpperTail(10, 2, 1)).toBe(poissonUpperTail(10, 2));
  });
  it('tends to the Poisson tail as the excess variance vanishes (no loss of digits)', () => {
    close(negBinomialUpperTail(2, 4 / 3, (4 / 3) * (1 + 1e-15)), poissonUpperTail(2, 4 / 3), 1e-9);
    close(negBinomialUpperTail(12, 4 / 3, (4 / 3) * (1 + 1e-12)), poissonUpperTail(12, 4 / 3), 1e-6);
  });
  it('is heavier than the Poisson tail of the same mean', () => expect(negBinomialUpperTail(10, 2, 5)).toBeGreaterThan(poissonUpperTail(10, 2)));
});
