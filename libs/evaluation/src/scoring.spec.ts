import { describe, expect, it } from 'vitest';
import type { SchemeItem } from '@gridlens/contracts';
import { DEFAULT_SCHEME } from './scheme';
import { gradeOf, itemScoreMicro, rankUnits, weightedScore } from './scoring';

const bandsItem: SchemeItem = { indicator: 'registered', weight: 20, scoring: { kind: 'bands', bands: [{ min: 10, score: 60 }, { min: 20, score: 80 }, { min: 40, score: 100 }] } };
const scored = (parts: [number, number | null][]) =>
  parts.map(([weight, score]) => ({ item: { indicator: 'closureRate' as const, weight, value: score, score }, micro: score === null ? null : Math.round(score * 1e6) }));

describe('item scores', () => {
  it('rate, inverse rate (clamped at 0) and bands (last band with min ≤ value; 0 below the first)', () => {
    expect(itemScoreMicro({ indicator: 'closureRate', weight: 30, scoring: { kind: 'rate' } }, 0.833333)).toBe(83_333_300);
    expect(itemScoreMicro({ indicator: 'reworkRate', weight: 30, scoring: { kind: 'inverseRate' } }, 0.05)).toBe(95_000_000);
    expect(itemScoreMicro({ indicator: 'reworkRate', weight: 30, scoring: { kind: 'inverseRate' } }, 1.5)).toBe(0);
    expect([9, 10, 19, 20, 39, 40, 1000].map((v) => itemScoreMicro(bandsItem, v))).toEqual([0, 60e6, 60e6, 80e6, 80e6, 100e6, 100e6]);
    expect(itemScoreMicro(bandsItem, null)).toBeNull();
  });
});

describe('weightedScore', () => {
  it('is Σ weight·score / Σ weight, rounded half up to 2 decimals', () => {
    // (10·50 + 20·80 + 30·83.3333 + 40·75) / 100 = (500 + 1600 + 2499.999 + 3000) / 100 = 75.99999 → 76.00
    expect(weightedScore(scored([[10, 50], [20, 80], [30, 83.3333], [40, 75]]))).toBe(76);
    // 1.005 would drift in floating point (1.005 × 100 = 100.49999…); the integer procedure gives 1.01.
    expect(weightedScore(scored([[100, 1.005]]))).toBe(1.01);
    expect(weightedScore(scored([[50, 90.125], [50, 90.125]]))).toBe(90.13);
    expect(weightedScore(scored([[100, 90.124999]]))).toBe(90.12);
  });

  it('leaves out items without a value and rescales the others to 100', () => {
    // (20·60 + 40·90) / 60 = 4800 / 60 = 80
    expect(weightedScore(scored([[10, null], [20, 60], [30, null], [40, 90]]))).toBe(80);
    // (1·100 + 2·0) / 3 = 33.333… → 33.33; (2·100)/3 = 66.67
    expect(weightedScore(scored([[1, 100], [2, 0]]))).toBe(33.33);
    expect(weightedScore(scored([[1, 0], [2, 100]]))).toBe(66.67);
    expect(weightedScore(scored([[10, null], [90, null]]))).toBeNull();
  });
});

describe('grades', () => {
  it('takes the first threshold with min ≤ score (A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, E ≥ 0)', () => {
    const g = DEFAULT_SCHEME.definition.grades;
    expect([100, 90, 89.99, 75, 74.99, 60, 59.99, 40, 39.99, 0, null].map((s) => gradeOf(s, g))).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D', 'E', 'E', null]);
  });
});

describe('rankUnits', () => {
  it('ranks competition-style (1, 2, 2, 4), ties by code, unranked last by code', () => {
    const rows = [
      { code: 'd', score: 80, rank: null, due: 9 },
      { code: 'c', score: 90, rank: null, due: 9 },
      { code: 'b', score: 80, rank: null, due: 9 },
      { code: 'a', score: 70, rank: null, due: 9 },
      { code: 'z', score: 99, rank: null, due: 4 }, // too few due cases: not ranked
      { code: 'y', score: null, rank: null, due: 9 }, // no score: not ranked
      { code: 'e', score: 80, rank: null, due: 5 },
    ];
    const out = rankUnits(rows, (r) => r.due >= 5);
    expect(out.map((r) => [r.code, r.rank])).toEqual([['c', 1], ['b', 2], ['d', 2], ['e', 2], ['a', 5], ['y', null], ['z', null]]);
  });
});
