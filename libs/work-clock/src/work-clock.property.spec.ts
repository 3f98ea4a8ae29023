import { describe, expect, it } from 'vitest';
import { chinaCalendar, weekdayCalendar, type WorkCalendar } from './calendar';
import type { Interval } from './intervals';
import { at, everyDayCalendar, seededRandom } from './spec-helpers';
import { WorkClock } from './work-clock';
import { DEFAULT_WORKING_HOURS, parseWorkingHours } from './working-hours';

const MINUTE = 60_000;
const DAY = 86_400_000;

const setups: Array<{ name: string; timeZone: string; hours: string; calendar: WorkCalendar }> = [
  { name: 'Shanghai, official calendar', timeZone: 'Asia/Shanghai', hours: DEFAULT_WORKING_HOURS, calendar: chinaCalendar() },
  { name: 'New York, weekdays', timeZone: 'America/New_York', hours: DEFAULT_WORKING_HOURS, calendar: weekdayCalendar() },
  // periods across the 02:00 switches, every day
  { name: 'New York, nights', timeZone: 'America/New_York', hours: '00:30-03:00,22:00-24:00', calendar: everyDayCalendar },
  // half-hour offset with DST, switching at 02:00 local
  { name: "St. John's", timeZone: 'America/St_Johns', hours: '01:00-02:30,09:00-17:00', calendar: weekdayCalendar() },
  { name: 'Kiritimati (UTC+14)', timeZone: 'Pacific/Kiritimati', hours: '09:00-17:00', calendar: weekdayCalendar() },
];

describe.each(setups)('workingMinutesBetween and addWorkingMinutes are inverse: $name', ({ timeZone, hours, calendar }) => {
  const clock = new WorkClock({ timeZone, periods: parseWorkingHours(hours), calendar });
  const lo = at('2025-06-01T00:00Z');
  const hi = at('2027-06-01T00:00Z');

  function randomCase(rnd: () => number): { from: number; excluded: Interval[] } {
    const from = lo + Math.floor(rnd() * (hi - lo)); // arbitrary ms, not minute-aligned
    const excluded: Interval[] = [];
    const n = Math.floor(rnd() * 4);
    for (let i = 0; i < n; i++) {
      const start = from - DAY + Math.floor(rnd() * 12 * DAY);
      excluded.push({ start, end: start + Math.floor(rnd() * 3 * DAY) });
    }
    return { from, excluded };
  }

  it('between(from, add(from, m)) === m, and add() is the earliest such instant', () => {
    const rnd = seededRandom(20260302);
    for (let i = 0; i < 400; i++) {
      const { from, excluded } = randomCase(rnd);
      // whole minutes, or eighths of a minute (7.5 s, a whole number of ms)
      const m = rnd() < 0.5 ? Math.floor(rnd() * 6000) : Math.floor(rnd() * 48_000) / 8;
      const t = clock.addWorkingMinutes(from, m, excluded);
      const label = JSON.stringify({ from, m, excluded });
      expect(t, label).toBeGreaterThanOrEqual(from);
      expect(clock.workingMinutesBetween(from, t, excluded), label).toBe(m);
      if (m > 0) expect(clock.workingMinutesBetween(from, t - 1, excluded), label).toBeLessThan(m);
      else expect(t, label).toBe(from);
    }
  });

  it('add(from, between(from, to)) is <= to with no working time left before to', () => {
    const rnd = seededRandom(7);
    for (let i = 0; i < 400; i++) {
      const { from, excluded } = randomCase(rnd);
      const to = from + Math.floor(rnd() * 20 * DAY);
      const w = clock.workingMinutesBetween(from, to, excluded);
      const t = clock.addWorkingMinutes(from, w, excluded);
      const label = JSON.stringify({ from, to, excluded });
      expect(t, label).toBeLessThanOrEqual(to);
      expect(clock.workingMinutesBetween(from, t, excluded), label).toBe(w);
      expect(clock.workingMinutesBetween(t, to, excluded), label).toBe(0);
    }
  });

  it('is additive: between(a, c) = between(a, b) + between(b, c)', () => {
    const rnd = seededRandom(99);
    for (let i = 0; i < 300; i++) {
      const { from: a, excluded } = randomCase(rnd);
      const b = a + Math.floor(rnd() * 10 * DAY);
      const c = b + Math.floor(rnd() * 10 * DAY);
      const whole = clock.workingMinutesBetween(a, c, excluded);
      const parts = clock.workingMinutesBetween(a, b, excluded) + clock.workingMinutesBetween(b, c, excluded);
      expect(Math.round(whole * MINUTE)).toBe(Math.round(parts * MINUTE));
    }
  });

  it('gives the same answers whatever order dates are first seen in', () => {
    const rnd = seededRandom(5);
    const cases = Array.from({ length: 200 }, () => ({ ...randomCase(rnd), m: Math.floor(rnd() * 3000) }));
    const forward = cases.map((c) => clock.addWorkingMinutes(c.from, c.m, c.excluded));
    const other = new WorkClock({ timeZone, periods: parseWorkingHours(hours), calendar });
    const backward = [...cases].reverse().map((c) => other.addWorkingMinutes(c.from, c.m, c.excluded));
    expect(backward.reverse()).toEqual(forward);
  });
});
