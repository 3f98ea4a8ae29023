import { describe, expect, it } from 'vitest';
import type { EvaluationRow } from '@gridlens/contracts';
import { correctionChanges, withChanges } from './changes';
import { zeroCounts, ratesOf } from './indicators';

const row = (code: string, score: number | null, rank: number | null, grade: string | null = 'B'): EvaluationRow => ({
  code, name: { zh: code, en: code }, counts: zeroCounts(), rates: ratesOf(zeroCounts()), items: [], score, grade, rank,
  change: { previous: null, yearAgo: null },
});

describe('withChanges', () => {
  const now = [row('A', 80.1, 1), row('B', 70.3, 2), row('C', null, null), row('N', 60, 3)];
  const previous = { period: '2026-02', rows: [row('A', 79.9, 2), row('B', 75.05, 1), row('C', 50, 3)] };
  const yearAgo = { period: '2025-03', rows: [row('A', 90, 1)] };
  const out = withChanges(now, previous, yearAgo);

  it('gives the score delta in whole cents and the rank delta (positive = moved up)', () => {
    expect(out[0].change).toEqual({
      previous: { period: '2026-02', score: 79.9, rank: 2, scoreDelta: 0.2, rankDelta: 1 },
      yearAgo: { period: '2025-03', score: 90, rank: 1, scoreDelta: -9.9, rankDelta: 0 },
    });
    expect(out[1].change.previous).toEqual({ period: '2026-02', score: 75.05, rank: 1, scoreDelta: -4.75, rankDelta: -1 });
  });

  it('is null where either side has no score or rank, or the unit or period is absent', () => {
    expect(out[2].change.previous).toEqual({ period: '2026-02', score: 50, rank: 3, scoreDelta: null, rankDelta: null });
    expect(out[1].change.yearAgo).toBeNull();
    expect(out[3].change).toEqual({ previous: null, yearAgo: null });
    expect(withChanges(now, null, null).every((r) => r.change.previous === null && r.change.yearAgo === null)).toBe(true);
    expect(now[0].change.previous).toBeNull(); // inputs untouched
  });
});

describe('correctionChanges', () => {
  it('lists, by code, the units whose score, grade or rank changed, including units that appeared or vanished', () => {
    const before = [row('A', 80, 1), row('B', 70, 2), row('C', 60, 3, 'C'), row('GONE', 50, 4)];
    const after = [row('B', 82, 1), row('A', 80, 2), row('C', 60, 3, 'C'), row('NEW', 10, null, 'E')];
    expect(correctionChanges(before, after)).toEqual([
      { code: 'A', before: { score: 80, grade: 'B', rank: 1 }, after: { score: 80, grade: 'B', rank: 2 } },
      { code: 'B', before: { score: 70, grade: 'B', rank: 2 }, after: { score: 82, grade: 'B', rank: 1 } },
      { code: 'GONE', before: { score: 50, grade: 'B', rank: 4 }, after: { score: null, grade: null, rank: null } },
      { code: 'NEW', before: { score: null, grade: null, rank: null }, after: { score: 10, grade: 'E', rank: null } },
    ]);
  });
});
