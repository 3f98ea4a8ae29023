import type { SchemeItem } from '@gridlens/contracts';
import { describe, expect, it } from 'vitest';
import { itemScore, scoreBreakdown } from './score-breakdown';
import { fixtureRow } from './ranking-fixture';

/** The default scheme's region items (docs/evaluation.md §6), bands as an example. */
const ITEMS: SchemeItem[] = [
  { indicator: 'supervisionReportRate', weight: 10, scoring: { kind: 'rate' } },
  { indicator: 'registered', weight: 20, scoring: { kind: 'bands', bands: [{ min: 0, score: 20 }, { min: 50, score: 60 }, { min: 100, score: 100 }] } },
  { indicator: 'closureRate', weight: 30, scoring: { kind: 'rate' } },
  { indicator: 'onTimeClosureRate', weight: 40, scoring: { kind: 'rate' } },
];
const rate = (value: number | null, suppressed = false) => ({ value, suppressed });

describe('score breakdown', () => {
  it('item scores per scoring rule', () => {
    expect(itemScore({ kind: 'rate' }, 0.8)).toBe(80);
    expect(itemScore({ kind: 'inverseRate' }, 0.05)).toBe(95);
    expect(itemScore({ kind: 'rate' }, 1.2)).toBe(100);
    const bands = { kind: 'bands' as const, bands: [{ min: 100, score: 100 }, { min: 0, score: 20 }, { min: 50, score: 60 }] };
    expect([itemScore(bands, -1), itemScore(bands, 0), itemScore(bands, 49), itemScore(bands, 50), itemScore(bands, 1000)]).toEqual([0, 20, 20, 60, 100]);
  });

  it('re-adds docs/evaluation.md worked example D1 to 58.67', () => {
    const row = fixtureRow('D1', 1, 58.67, 'D', {
      counts: { registered: { value: 6, suppressed: false } },
      rates: { supervisionReportRate: rate(0.666667), closureRate: rate(0.8), onTimeClosureRate: rate(0.6) },
    });
    const b = scoreBreakdown(row, ITEMS);
    expect(b.items.map((i) => i.itemScore)).toEqual([66.6667, 20, 80, 60]);
    expect(b.items.map((i) => i.effectiveWeight)).toEqual([10, 20, 30, 40]);
    expect(b.total).toBe(58.67);
    expect(b.complete).toBe(true);
  });

  it('leaves out an item without a value and rescales the others (a district with no case scores 20)', () => {
    const row = fixtureRow('D2', null, 20, 'E', {
      counts: { registered: { value: 0, suppressed: false } },
      rates: { supervisionReportRate: rate(null), closureRate: rate(null), onTimeClosureRate: rate(null) },
    });
    const b = scoreBreakdown(row, ITEMS);
    expect(b.items.map((i) => i.effectiveWeight)).toEqual([null, 100, null, null]);
    expect(b.total).toBe(20);
    expect(b.complete).toBe(true);
  });

  it('says when a suppressed figure keeps the score from being re-added', () => {
    const row = fixtureRow('D3', null, null, null, {
      counts: { registered: { value: null, suppressed: true } },
      rates: { supervisionReportRate: rate(null, true), closureRate: rate(null, true), onTimeClosureRate: rate(null, true) },
    });
    const b = scoreBreakdown(row, ITEMS);
    expect(b.complete).toBe(false);
    expect(b.items.every((i) => i.suppressed && i.points === null)).toBe(true);
    expect(b.total).toBeNull();
  });
});
