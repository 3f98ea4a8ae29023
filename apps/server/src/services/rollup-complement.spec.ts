import { describe, expect, it } from 'vitest';
import { planCost, planCounts, type SignedPiece } from './rollup-complement';
import { LocalCalendar } from './rollup-plan';

const cal = new LocalCalendar('Asia/Shanghai');
const at = (iso: string) => Date.parse(iso);
const all = { day: true, week: true, month: true, year: true };
/** H3 10 and H3 by minor category: month and year rows only. */
const coarse = { day: false, week: false, month: true, year: true };

function show(pieces: SignedPiece[]): string[] {
  return pieces.map((p) => {
    const sign = p.sign > 0 ? '+' : '-';
    return p.kind === 'raw'
      ? `${sign}raw ${p.from === null ? '-∞' : new Date(p.from).toISOString()}..${p.to === null ? '∞' : new Date(p.to).toISOString()}`
      : `${sign}${p.grain} ${p.from ?? '-∞'}..${p.to ?? '∞'}`;
  });
}

/** Two years of reports, the last one at 10:00 today (2026-11-29). */
const twoYears = { min: at('2024-11-29T00:03:00+08:00'), max: at('2026-11-29T10:00:00+08:00') };

describe('planCounts', () => {
  it('reads "the last two years" on two years of data as everything less today', () => {
    const pieces = planCounts(at('2024-11-29T00:00:00+08:00'), at('2026-11-29T00:00:00+08:00'), coarse, cal, twoYears);
    // Today (a day row would do; H3 10 has none) up to the next month: the rest holds no report.
    expect(show(pieces)).toEqual(['+year -∞..∞', '-raw 2026-11-28T16:00:00.000Z..2026-11-30T16:00:00.000Z']);
  });

  it('drops a side nobody reported in: nothing to take away after the last report', () => {
    const bounds = { ...twoYears, max: at('2026-11-28T23:00:00+08:00') };
    expect(show(planCounts(at('2024-11-29T00:00:00+08:00'), at('2026-11-29T00:00:00+08:00'), coarse, cal, bounds))).toEqual(['+year -∞..∞']);
  });

  it('keeps the window itself when it is the cheaper read (a week, a month, a window inside the history)', () => {
    const week = planCounts(at('2026-11-16T00:00:00+08:00'), at('2026-11-23T00:00:00+08:00'), all, cal, twoYears);
    expect(show(week)).toEqual(['+week 2026-11-16..2026-11-23']);
    const year = planCounts(at('2025-01-01T00:00:00+08:00'), at('2026-01-01T00:00:00+08:00'), coarse, cal, twoYears);
    expect(show(year)).toEqual(['+year 2025-01-01..2026-01-01']);
  });

  it('keeps the window itself without report bounds (no cases) or without bounds on the window', () => {
    expect(show(planCounts(at('2024-11-29T00:00:00+08:00'), at('2026-11-29T00:00:00+08:00'), coarse, cal, null))[0]).toBe('+raw 2024-11-28T16:00:00.000Z..2024-11-30T16:00:00.000Z');
    expect(show(planCounts(null, null, coarse, cal, twoYears))).toEqual(['+year -∞..∞']);
  });

  it('takes the cheaper plan by its cost: buckets and raw hours inside the report bounds', () => {
    for (const [from, to] of [
      ['2024-11-29T00:00:00+08:00', '2026-11-29T00:00:00+08:00'],
      ['2024-12-01T00:00:00+08:00', '2026-11-01T00:00:00+08:00'],
      ['2025-06-15T08:00:00+08:00', '2026-11-29T09:00:00+08:00'],
      ['2026-11-01T00:00:00+08:00', '2026-11-29T00:00:00+08:00'],
    ]) {
      for (const kept of [all, coarse]) {
        const chosen = planCounts(at(from), at(to), kept, cal, twoYears);
        const direct = planCounts(at(from), at(to), kept, cal, null);
        expect(planCost(chosen, twoYears, cal)).toBeLessThanOrEqual(planCost(direct, twoYears, cal));
      }
    }
  });

  it('costs only what lies inside the report bounds', () => {
    const year = [{ kind: 'rollup' as const, grain: 'year' as const, from: null, to: null, sign: 1 as const }];
    expect(planCost(year, twoYears, cal)).toBe(3);
    const rawDay = [{ kind: 'raw' as const, from: at('2026-11-29T00:00:00+08:00'), to: null, sign: -1 as const }];
    expect(planCost(rawDay, twoYears, cal)).toBeCloseTo(10, 3);
  });
});
