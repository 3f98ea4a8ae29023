import { COUNT_INDICATORS, RATE_INDICATORS } from '@gridlens/contracts';
import { describe, expect, it } from 'vitest';
import { INDICATOR_TEXT } from './indicator-text';
import { methodologyOf, RATE_PARTS } from './methodology';
import { FIXTURE_SCHEME } from './ranking-fixture';

describe('methodology from the scheme', () => {
  it('lists the level items with weights, bands sorted, grades best first', () => {
    const m = methodologyOf(FIXTURE_SCHEME, 'district');
    expect(m.items.map((i) => [i.indicator, i.weight, i.scoring])).toEqual([
      ['supervisionReportRate', 10, 'rate'],
      ['registered', 20, 'bands'],
      ['closureRate', 30, 'rate'],
      ['onTimeClosureRate', 40, 'rate'],
    ]);
    expect(m.totalWeight).toBe(100);
    expect(m.items[1].bands).toEqual([{ min: 0, score: 40 }, { min: 100, score: 80 }, { min: 300, score: 100 }]);
    expect(m.grades.map((g) => g.grade)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(m.minDueToRank).toBe(5);
  });

  it('defines the items and the counts their rates are made of, each once', () => {
    const m = methodologyOf(FIXTURE_SCHEME, 'district');
    expect(m.definitions).toEqual(['supervisionReportRate', 'registered', 'closureRate', 'onTimeClosureRate', 'supervisionReported', 'reported', 'closed', 'due', 'closedOnTime']);
    expect(methodologyOf(FIXTURE_SCHEME, 'department').definitions).toEqual(['reworkRate', 'rework', 'closed', 'due']);
    expect(methodologyOf(FIXTURE_SCHEME, 'street').items).toEqual([]);
  });

  it('has the parts of every rate and a text for every indicator in both languages', () => {
    expect(Object.keys(RATE_PARTS).sort()).toEqual([...RATE_INDICATORS].sort());
    for (const id of [...COUNT_INDICATORS, ...RATE_INDICATORS]) {
      for (const lang of ['zh', 'en'] as const) {
        expect(INDICATOR_TEXT[id][lang].name.trim(), id).not.toBe('');
        expect(INDICATOR_TEXT[id][lang].def.trim(), id).not.toBe('');
      }
    }
  });
});
