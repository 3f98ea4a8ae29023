/**
 * The pure arithmetic of GET /api/v1/trends: calendar step edges in a time zone (including a DST zone, where a day
 * is 23 or 25 hours), the step an instant falls in, percentile_cont, and the attribution of counts and durations to
 * the step of the later stage. Expected values worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { durationStats, medianChange, percentile, periodFigures, stepEdges, stepIndex } from './trend-figures';

const iso = (ms: number) => new Date(ms).toISOString();

describe('stepEdges', () => {
  it('days in Asia/Shanghai start at 16:00 UTC, clipped to the period', () => {
    const edges = stepEdges(Date.parse('2026-11-06T10:00:00+08:00'), Date.parse('2026-11-08T12:00:00+08:00'), 'day', 'Asia/Shanghai')!;
    expect(edges.map(iso)).toEqual(['2026-11-06T02:00:00.000Z', '2026-11-06T16:00:00.000Z', '2026-11-07T16:00:00.000Z', '2026-11-08T04:00:00.000Z']);
  });

  it('weeks start on Monday, months on the 1st, in the zone', () => {
    const weeks = stepEdges(Date.parse('2026-11-01T00:00:00+08:00'), Date.parse('2026-11-17T00:00:00+08:00'), 'week', 'Asia/Shanghai')!;
    // 1 Nov 2026 is a Sunday: Mondays 2, 9 and 16 November.
    expect(weeks.map(iso)).toEqual(['2026-10-31T16:00:00.000Z', '2026-11-01T16:00:00.000Z', '2026-11-08T16:00:00.000Z', '2026-11-15T16:00:00.000Z', '2026-11-16T16:00:00.000Z']);
    const months = stepEdges(Date.parse('2026-01-15T00:00:00+08:00'), Date.parse('2026-03-01T00:00:00+08:00'), 'month', 'Asia/Shanghai')!;
    expect(months.map(iso)).toEqual(['2026-01-14T16:00:00.000Z', '2026-01-31T16:00:00.000Z', '2026-02-28T16:00:00.000Z']);
  });

  it('follows DST: the day of the spring change in Berlin is 23 hours, its hours 23', () => {
    const days = stepEdges(Date.parse('2026-03-29T00:00:00+01:00'), Date.parse('2026-03-31T00:00:00+02:00'), 'day', 'Europe/Berlin')!;
    expect(days.map(iso)).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', '2026-03-30T22:00:00.000Z']);
    const hours = stepEdges(Date.parse('2026-03-29T00:00:00+01:00'), Date.parse('2026-03-30T00:00:00+02:00'), 'hour', 'Europe/Berlin')!;
    expect(hours).toHaveLength(24);
  });

  it('refuses more than the maximum number of steps (null)', () => {
    const from = Date.parse('2026-01-01T00:00:00Z');
    expect(stepEdges(from, from + 2000 * 3600_000, 'hour', 'UTC')).toHaveLength(2001);
    expect(stepEdges(from, from + 2001 * 3600_000, 'hour', 'UTC')).toBeNull();
    expect(stepEdges(from, from + 3 * 86_400_000, 'day', 'UTC', 2)).toBeNull();
  });
});

describe('stepIndex and percentile', () => {
  it('finds the step [edge, next edge) of an instant, −1 outside or for null', () => {
    const edges = [0, 10, 20, 30];
    expect([0, 9, 10, 29, 30, -1].map((t) => stepIndex(edges, t))).toEqual([0, 0, 1, 2, -1, -1]);
    expect(stepIndex(edges, null)).toBe(-1);
  });

  it('interpolates like percentile_cont', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(90);
    expect(percentile([0, 300], 0.9)).toBe(270);
    expect(durationStats([300, 0])).toEqual({ count: 2, meanSeconds: 150, p50Seconds: 150, p90Seconds: 270 });
  });
});

describe('periodFigures', () => {
  it('puts each count and duration in the step of its later stage; on-time by step of closure', () => {
    const H = 3600_000;
    // Two steps of 10 hours. Case 0 reported in step 0, registered and closed (on time) in step 1; case 1 reported
    // and closed late in step 1; case 2 reported before the period, registered in step 0, never closed.
    const cases = {
      seq: 9,
      reported: [2 * H, 12 * H, -5 * H],
      registered: [11 * H, null, 1 * H],
      dispatched: [null, null, null],
      handled: [null, null, null],
      closed: [13 * H, 14 * H, null],
      onTime: [true, false, null],
    };
    const working = (a: number, b: number) => (b - a) / 60_000 / 2; // half the clock time, in minutes
    const r = periodFigures(cases, [0, 10 * H, 20 * H], working);
    expect(r.steps.map((s) => s.counts)).toEqual([
      { reported: 1, registered: 1, closed: 0 },
      { reported: 1, registered: 1, closed: 2 },
    ]);
    expect(r.steps[0].stages.reportToRegister.clock).toEqual(durationStats([6 * 3600]));
    expect(r.steps[1].stages.reportToRegister).toEqual({ clock: durationStats([9 * 3600]), working: durationStats([4.5 * 3600]) });
    expect(r.steps[1].stages.reportToClose.clock).toEqual(durationStats([11 * 3600, 2 * 3600]));
    expect(r.steps[1].onTime).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(r.total.counts).toEqual({ reported: 2, registered: 2, closed: 2 });
    expect(r.samples.reportToRegister.clock).toEqual([9 * 3600, 6 * 3600]); // in case order
  });
});

describe('medianChange', () => {
  it('gives the direction and the Mann–Whitney test of the change', () => {
    const c = medianChange([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(c).toMatchObject({ median: 3, compareMedian: 8, changeSeconds: 5, u: 0, significant: true });
    expect(medianChange([], [1])).toMatchObject({ median: null, changeSeconds: null, p: null, significant: false });
  });
});
