import { describe, expect, it } from 'vitest';
import { LocalCalendar, inPiece, planWindow, type WindowPiece } from './rollup-plan';

const cal = new LocalCalendar('Asia/Shanghai');
const at = (iso: string) => Date.parse(iso);
const both = { day: true, month: true };

/** The pieces as readable intervals: raw as ISO instants, rollups as bucket dates. */
function show(pieces: WindowPiece[]): string[] {
  return pieces.map((p) =>
    p.kind === 'raw'
      ? `raw ${p.from === null ? '-∞' : new Date(p.from).toISOString()}..${p.to === null ? '∞' : new Date(p.to).toISOString()}`
      : `${p.grain} ${p.from ?? '-∞'}..${p.to ?? '∞'}`,
  );
}

describe('planWindow', () => {
  it('reads whole local months from month rows, whole days from day rows and the rest raw', () => {
    expect(show(planWindow(at('2026-01-30T15:00:00+08:00'), at('2026-04-03T09:30:00+08:00'), both, cal))).toEqual([
      'raw 2026-01-30T07:00:00.000Z..2026-01-30T16:00:00.000Z',
      'day 2026-01-31..2026-02-01',
      'month 2026-02-01..2026-04-01',
      'day 2026-04-01..2026-04-03',
      'raw 2026-04-02T16:00:00.000Z..2026-04-03T01:30:00.000Z',
    ]);
  });

  it('uses day rows only, or raw only, when that is all that is kept', () => {
    const from = at('2026-01-31T00:00:00+08:00');
    const to = at('2026-03-02T00:00:00+08:00');
    expect(show(planWindow(from, to, { day: true, month: false }, cal))).toEqual(['day 2026-01-31..2026-03-02']);
    expect(show(planWindow(from, to, { day: false, month: true }, cal))).toEqual([
      'raw 2026-01-30T16:00:00.000Z..2026-01-31T16:00:00.000Z',
      'month 2026-02-01..2026-03-01',
      'raw 2026-02-28T16:00:00.000Z..2026-03-01T16:00:00.000Z',
    ]);
    expect(show(planWindow(from, to, { day: false, month: false }, cal))).toEqual(['raw 2026-01-30T16:00:00.000Z..2026-03-01T16:00:00.000Z']);
  });

  it('reads a window shorter than a day, or within one day, raw', () => {
    expect(show(planWindow(at('2026-03-02T01:00:00+08:00'), at('2026-03-02T23:00:00+08:00'), both, cal))).toEqual([
      'raw 2026-03-01T17:00:00.000Z..2026-03-02T15:00:00.000Z',
    ]);
  });

  it('leaves unbounded ends to the month rows', () => {
    expect(show(planWindow(null, at('2026-03-15T00:00:00+08:00'), both, cal))).toEqual(['month -∞..2026-03-01', 'day 2026-03-01..2026-03-15']);
    expect(show(planWindow(at('2026-03-15T12:00:00+08:00'), null, both, cal))).toEqual([
      'raw 2026-03-15T04:00:00.000Z..2026-03-15T16:00:00.000Z',
      'day 2026-03-16..2026-04-01',
      'month 2026-04-01..∞',
    ]);
    expect(show(planWindow(null, null, both, cal))).toEqual(['month -∞..∞']);
    expect(show(planWindow(null, null, { day: true, month: false }, cal))).toEqual(['day -∞..∞']);
  });

  it('reads whole years from year rows and whole weeks of the edges from week rows', () => {
    // The benchmark's window: two years to a local midnight (Friday 2024-11-29 to Sunday 2026-11-29).
    const all = { day: true, week: true, month: true, year: true };
    expect(show(planWindow(at('2024-11-29T00:00:00+08:00'), at('2026-11-29T00:00:00+08:00'), all, cal))).toEqual([
      'day 2024-11-29..2024-12-01',
      'month 2024-12-01..2025-01-01',
      'year 2025-01-01..2026-01-01',
      'month 2026-01-01..2026-11-01',
      'day 2026-11-01..2026-11-02',
      'week 2026-11-02..2026-11-23',
      'day 2026-11-23..2026-11-29',
    ]);
    expect(show(planWindow(null, null, all, cal))).toEqual(['year -∞..∞']);
    expect(show(planWindow(null, at('2026-03-15T00:00:00+08:00'), all, cal))).toEqual([
      'year -∞..2026-01-01',
      'month 2026-01-01..2026-03-01',
      'day 2026-03-01..2026-03-02',
      'week 2026-03-02..2026-03-09',
      'day 2026-03-09..2026-03-15',
    ]);
  });

  it('uses weeks between days when months are not kept (steps of weeks)', () => {
    const weeks = { day: true, week: true, month: false };
    expect(show(planWindow(at('2026-11-04T00:00:00+08:00'), at('2026-11-20T00:00:00+08:00'), weeks, cal))).toEqual([
      'day 2026-11-04..2026-11-09',
      'week 2026-11-09..2026-11-16',
      'day 2026-11-16..2026-11-20',
    ]);
    // No whole week inside: days only.
    expect(show(planWindow(at('2026-11-04T00:00:00+08:00'), at('2026-11-10T00:00:00+08:00'), weeks, cal))).toEqual(['day 2026-11-04..2026-11-10']);
    // Weeks kept but days not: the edges are read raw.
    expect(show(planWindow(at('2026-11-04T00:00:00+08:00'), at('2026-11-20T00:00:00+08:00'), { day: false, week: true, month: false }, cal))).toEqual([
      'raw 2026-11-03T16:00:00.000Z..2026-11-08T16:00:00.000Z',
      'week 2026-11-09..2026-11-16',
      'raw 2026-11-15T16:00:00.000Z..2026-11-19T16:00:00.000Z',
    ]);
  });

  it('covers random windows exactly, each piece on its grain boundaries, for every set of kept grains', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const start = at('2023-06-01T00:00:00+08:00');
    const span = 4 * 365 * 86_400_000;
    const aligned: Record<string, (d: string) => boolean> = {
      day: () => true,
      week: (d) => cal.floorWeek(cal.dayStart(d)) === cal.dayStart(d),
      month: (d) => d.endsWith('-01'),
      year: (d) => d.endsWith('-01-01'),
    };
    for (let i = 0; i < 400; i++) {
      const a = start + Math.floor(random() * span);
      const b = a + Math.floor(random() * random() * span);
      const kept = { day: random() < 0.8, week: random() < 0.5, month: random() < 0.7, year: random() < 0.5 };
      const pieces = planWindow(a, b, kept, cal);
      const edges = pieces.map((p) => (p.kind === 'raw' ? [p.from!, p.to!] : [cal.dayStart(p.from!), cal.dayStart(p.to!)]));
      expect(edges[0][0]).toBe(a);
      expect(edges.at(-1)![1]).toBe(b);
      for (let j = 0; j < edges.length; j++) {
        expect(edges[j][0]).toBeLessThan(edges[j][1]);
        if (j > 0) expect(edges[j][0]).toBe(edges[j - 1][1]);
        const p = pieces[j];
        if (p.kind === 'rollup') {
          expect(kept[p.grain]).toBe(true);
          expect(aligned[p.grain](p.from!) && aligned[p.grain](p.to!)).toBe(true);
        }
      }
    }
  });

  it('covers the window exactly: contiguous pieces from from to to', () => {
    const from = at('2025-12-31T23:59:59.999+08:00');
    const to = at('2026-12-01T00:00:00.001+08:00');
    const pieces = planWindow(from, to, both, cal);
    const edges = pieces.map((p) => (p.kind === 'raw' ? [p.from, p.to] : [cal.dayStart(p.from!), cal.dayStart(p.to!)]));
    expect(edges[0][0]).toBe(from);
    expect(edges.at(-1)![1]).toBe(to);
    for (let i = 1; i < edges.length; i++) expect(edges[i][0]).toBe(edges[i - 1][1]);
  });
});

describe('LocalCalendar', () => {
  it('buckets instants by the local day and month, not UTC', () => {
    expect(cal.bucketsOf(at('2026-02-28T16:30:00Z'))).toEqual({ day: '2026-03-01', week: '2026-02-23', month: '2026-03-01', year: '2026-01-01' });
    expect(cal.bucketsOf(at('2026-02-28T15:59:59.999Z'))).toEqual({ day: '2026-02-28', week: '2026-02-23', month: '2026-02-01', year: '2026-01-01' });
    // 2025-12-31 local is a Wednesday of the ISO week that began on Monday 2025-12-29.
    expect(cal.bucketsOf(at('2025-12-31T15:59:59Z'))).toEqual({ day: '2025-12-31', week: '2025-12-29', month: '2025-12-01', year: '2025-01-01' });
    expect(cal.bucketsOf(at('2025-12-31T16:00:00Z'))).toEqual({ day: '2026-01-01', week: '2025-12-29', month: '2026-01-01', year: '2026-01-01' });
  });

  it('starts a bucket given as days since 1970-01-01 at its local midnight, as its date', () => {
    // 2026-03-01 is day 20,513 after 1970-01-01; its local (UTC+8) midnight is 2026-02-28T16:00Z.
    expect(cal.dayStartOfDays(20_513)).toBe(at('2026-02-28T16:00:00Z'));
    expect(cal.dayStartOfDays(20_513)).toBe(cal.dayStart('2026-03-01'));
    expect(cal.dayStartOfDays(0)).toBe(cal.dayStart('1970-01-01'));
    expect(cal.dayStartOfDays(-1)).toBe(cal.dayStart('1969-12-31'));
  });

  it('knows whether a bucket is in a piece', () => {
    expect(inPiece('2026-03-01', { kind: 'rollup', grain: 'day', from: '2026-03-01', to: '2026-03-02' })).toBe(true);
    expect(inPiece('2026-03-02', { kind: 'rollup', grain: 'day', from: '2026-03-01', to: '2026-03-02' })).toBe(false);
    expect(inPiece('1999-01-01', { kind: 'rollup', grain: 'month', from: null, to: null })).toBe(true);
  });

  it('refuses an unknown time zone', () => {
    expect(() => new LocalCalendar('Mars/Olympus')).toThrow(/time zone/);
  });
});
