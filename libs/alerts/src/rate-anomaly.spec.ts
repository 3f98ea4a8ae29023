import { describe, expect, it } from 'vitest';
import { DAY_MS, DEFAULT_RATE_CONFIG, HOUR_MS, WEEK_MS, hourStart, rateTest, referenceHours, scanRateSeries } from './rate-anomaly';
import { poissonUpperTail } from './tail';

const poisson = { ...DEFAULT_RATE_CONFIG, model: 'poisson' as const };
// Monday 2 November 2026, 10:00 in Changzhou (02:00 UTC); weekends are rest days, and here one holiday.
const monday = Date.parse('2026-11-02T02:00:00Z');
const holiday = new Set(['2026-10-26']); // a Monday made a rest day (for the test)
const isWorkday = (t: number) => {
  const local = new Date(t + 8 * HOUR_MS);
  const date = local.toISOString().slice(0, 10);
  return !holiday.has(date) && local.getUTCDay() !== 0 && local.getUTCDay() !== 6;
};

describe('rateTest', () => {
  it('fires on a count far above the baseline (Poisson: λ = mean of the reference hours)', () => {
    const t = rateTest(12, [3, 4, 2, 3], poisson)!;
    expect(t.expected).toBe(3);
    expect(t.pValue).toBeCloseTo(poissonUpperTail(12, 3), 15);
    expect(t.pValue).toBeLessThan(0.001);
    expect(t.fires).toBe(true);
  });
  it('is quiet at the usual count and just below the threshold', () => {
    expect(rateTest(3, [3, 4, 2, 3], poisson)!.fires).toBe(false);
    // P(X ≥ 9 | 3) = 0.0038 ≥ 0.001; P(X ≥ 10 | 3) = 0.0011; P(X ≥ 11 | 3) = 0.00029.
    expect(rateTest(10, [3, 3, 3, 3], poisson)!.fires).toBe(false);
    expect(rateTest(11, [3, 3, 3, 3], poisson)!.fires).toBe(true);
  });
  it('floors λ so that an empty baseline does not fire on one or two cases', () => {
    const one = rateTest(1, [0, 0, 0, 0, 0, 0, 0, 0], poisson)!;
    expect(one.expected).toBe(0.5);
    expect(one.fires).toBe(false);
    expect(rateTest(2, [0, 0, 0, 0, 0, 0, 0, 0], poisson)!.fires).toBe(false);
    expect(rateTest(6, [0, 0, 0, 0, 0, 0, 0, 0], poisson)!.fires).toBe(true); // P(X ≥ 6 | 0.5) = 1.4e-5
  });
  it('needs at least two reference hours and uses at most eight', () => {
    expect(rateTest(50, [1])).toBeNull();
    const t = rateTest(50, [1, 1, 1, 1, 1, 1, 1, 1, 100, 100])!;
    expect(t.references).toBe(8);
    expect(t.expected).toBe(1);
  });
  it('predictive model: wider than Poisson (λ estimated), wider still when the references vary', () => {
    const steady = rateTest(12, [3, 3, 3, 3])!;
    expect(steady.model).toBe('negative_binomial');
    expect(steady.pValue).toBeGreaterThan(poissonUpperTail(12, 3));
    const noisy = rateTest(12, [0, 6, 1, 5])!;
    expect(noisy.variance).toBeCloseTo(26 / 3, 12);
    expect(noisy.pValue).toBeGreaterThan(steady.pValue);
    expect(noisy.fires).toBe(false);
  });
});

describe('referenceHours', () => {
  const first = monday - 10 * WEEK_MS;
  it('takes the same hour of the previous weeks, most recent first, skipping days of the other kind', () => {
    const { hours, kind } = referenceHours(monday, isWorkday, first);
    expect(kind).toBe('same_hour_of_week');
    expect(hours[0]).toBe(monday - 2 * WEEK_MS); // 26 October is the holiday
    expect(hours).toHaveLength(7);
    expect(hours.every((h) => isWorkday(h) && (monday - h) % WEEK_MS === 0)).toBe(true);
  });
  it('on a holiday, takes the same clock hour of recent rest days', () => {
    const { hours, kind } = referenceHours(monday - WEEK_MS, isWorkday, first);
    expect(kind).toBe('same_hour_same_day_kind');
    expect(hours.slice(0, 2)).toEqual([monday - WEEK_MS - DAY_MS, monday - WEEK_MS - 2 * DAY_MS]); // Sunday, Saturday
    expect(hours).toHaveLength(8);
  });
  it('stops at the first report and gives nothing with less than two weeks of history', () => {
    expect(referenceHours(monday, isWorkday, monday - 2 * WEEK_MS + HOUR_MS).hours).toEqual([]);
    expect(referenceHours(monday, isWorkday, null).hours).toEqual([]);
    const three = referenceHours(monday, isWorkday, monday - 3 * WEEK_MS - 5 * 60_000).hours;
    expect(three).toEqual([monday - 2 * WEEK_MS, monday - 3 * WEEK_MS]);
  });
  it('hourStart floors to the clock hour', () => expect(hourStart(monday + 59 * 60_000)).toBe(monday));
});

describe('scanRateSeries', () => {
  it('finds the one injected burst in a flat series', () => {
    const start = monday - 3 * WEEK_MS;
    const counts = new Array<number>(3 * 168 + 24).fill(4);
    counts[3 * 168 + 5] = 20;
    const { tested, alarms } = scanRateSeries(new Map([['d', counts]]), start, 2 * 168, isWorkday);
    expect(tested).toBeGreaterThan(168);
    expect(alarms.map((a) => a.hour)).toEqual([3 * 168 + 5]);
  });
});

describe('rateTest with a known exposure ratio', () => {
  it('scales λ and widens the predictive variance by the estimate of λ', () => {
    const t = rateTest(60, [3, 3, 3, 3], DEFAULT_RATE_CONFIG, 10)!;
    expect(t.expected).toBe(30);
    expect(t.fires).toBe(false); // 60 against 30 ± √(30 + 100·3/4)
    expect(rateTest(90, [3, 3, 3, 3], DEFAULT_RATE_CONFIG, 10)!.fires).toBe(true);
    expect(rateTest(60, [3, 3, 3, 3], poisson, 10)!.fires).toBe(true);
  });
});
