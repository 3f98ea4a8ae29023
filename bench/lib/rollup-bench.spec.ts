import { describe, expect, it } from 'vitest';
import { answerDiff } from './answer-diff';
import { apportion, cumulativeBounds, density, STATIC_BUMPS } from './city-model';
import { interleave } from './rollup-queries';

describe('answerDiff', () => {
  it('accepts equal answers with keys in another order and numbers within 1e-9', () => {
    const a = { cells: [{ id: '88', count: 12, z: 4.123456789012 }], n: 2 };
    const b = { n: 2, cells: [{ z: 4.123456789012 + 1e-12, count: 12, id: '88' }] };
    expect(answerDiff(a, b)).toBeNull();
  });
  it('names the first difference: a count, a z beyond 1e-9, a missing cell, a key', () => {
    expect(answerDiff({ cells: [{ count: 12 }] }, { cells: [{ count: 13 }] })).toBe('$.cells[0].count: 12 ≠ 13');
    expect(answerDiff({ z: [0.5] }, { z: [0.5 + 1e-8] })).toMatch(/^\$\.z\[0\]: 0\.5 ≠ 0\.50000001/);
    expect(answerDiff({ cells: [1, 2] }, { cells: [1] })).toBe('$.cells: 2 items ≠ 1 items');
    expect(answerDiff({ id: 'a', p: 1 }, { id: 'a' })).toBe('$: keys id,p ≠ id');
    expect(answerDiff({ hot: null }, { hot: false })).toBe('$.hot: null ≠ false');
  });
  it('holds large counts to exactness at their own scale (relative 1e-9)', () => {
    expect(answerDiff(10_000_000, 10_000_001)).not.toBeNull();
  });
  it('holds values under a named key to that key\'s tolerance (binned trend percentiles), the rest to 1e-9', () => {
    const loose = { p50Seconds: 0.01 };
    expect(answerDiff({ s: [{ p50Seconds: 3600, meanSeconds: 3600 }] }, { s: [{ p50Seconds: 3630, meanSeconds: 3600 }] }, 1e-9, '$', loose)).toBeNull();
    expect(answerDiff({ p50Seconds: 3600 }, { p50Seconds: 3700 }, 1e-9, '$', loose)).toBe('$.p50Seconds: 3600 ≠ 3700');
    expect(answerDiff({ p50Seconds: 3600, meanSeconds: 3600 }, { p50Seconds: 3600, meanSeconds: 3601 }, 1e-9, '$', loose)).toBe('$.meanSeconds: 3600 ≠ 3601');
  });
});

describe('interleave', () => {
  it('spreads the raw runs evenly among the rollup runs', () => {
    expect(interleave(15, 5).join(' ')).toBe(Array.from({ length: 5 }, () => 'rollup rollup rollup raw').join(' '));
    expect(interleave(3, 0)).toEqual(['rollup', 'rollup', 'rollup']);
    expect(interleave(0, 2)).toEqual(['raw', 'raw']);
    const mixed = interleave(7, 3);
    expect(mixed.filter((s) => s === 'raw')).toHaveLength(3);
    expect(mixed.filter((s) => s === 'rollup')).toHaveLength(7);
  });
});

describe('city model', () => {
  it('apportions exactly the total, proportionally, zero weights getting none', () => {
    const n = apportion(10, [1, 1, 1, 0]);
    expect(Array.from(n).reduce((a, b) => a + b, 0)).toBe(10);
    expect(n[3]).toBe(0);
    expect(Math.max(...n) - Math.min(...n.subarray(0, 3))).toBeLessThanOrEqual(1);
  });
  it('gives width_bucket lower bounds starting at 0 in proportion to the weights', () => {
    expect(cumulativeBounds([1, 3])).toEqual([0, 0.25]);
  });
  it('is densest at the station market and 1 far from every bump', () => {
    expect(density(119.975, 31.792, STATIC_BUMPS, 1)).toBeGreaterThan(30);
    expect(density(119.3, 31.3, STATIC_BUMPS, 1)).toBeCloseTo(1, 6);
  });
});
