import { describe, expect, it } from 'vitest';
import { weekdayCalendar } from './calendar';
import { at, everyDayCalendar, expectInstant } from './spec-helpers';
import { WorkClock } from './work-clock';
import { DEFAULT_WORKING_HOURS, parseWorkingHours } from './working-hours';

// New York, 2026: EST (-05:00) until Sun Mar 8 02:00 -> 03:00 EDT (-04:00); EDT until
// Sun Nov 1 02:00 -> 01:00 EST.
const ny = new WorkClock({
  timeZone: 'America/New_York',
  periods: parseWorkingHours(DEFAULT_WORKING_HOURS),
  calendar: weekdayCalendar(),
});

describe('WorkClock across DST switches (America/New_York)', () => {
  it('keeps local office hours after spring forward', () => {
    // Fri 16:00-17:30 = 90 min, then Mon 08:30 EDT + 150 min
    expectInstant(ny.addWorkingMinutes(at('2026-03-06T16:00-05:00'), 240), '2026-03-09T11:00-04:00');
    expectInstant(ny.addWorkingMinutes(at('2026-03-06T10:00-05:00'), 450), '2026-03-09T10:00-04:00');
    // Fri 17:00-17:30 and Mon 08:30-09:00 (EDT)
    expect(ny.workingMinutesBetween(at('2026-03-06T17:00-05:00'), at('2026-03-09T09:00-04:00'))).toBe(60);
    // Fri Mar 6 and Mon-Fri Mar 9-13: 6 workdays
    expect(ny.workingMinutesBetween(at('2026-03-06T00:00-05:00'), at('2026-03-14T00:00-04:00'))).toBe(2700);
  });

  it('keeps local office hours after fall back', () => {
    expectInstant(ny.addWorkingMinutes(at('2026-10-30T16:00-04:00'), 240), '2026-11-02T11:00-05:00');
    expectInstant(ny.addWorkingMinutes(at('2026-10-30T10:00-04:00'), 450), '2026-11-02T10:00-05:00');
    expect(ny.workingMinutesBetween(at('2026-10-30T17:00-04:00'), at('2026-11-02T09:00-05:00'))).toBe(60);
  });

  it('counts real elapsed time: a 24-hour working day is 23 h in spring and 25 h in autumn', () => {
    const allDay = new WorkClock({
      timeZone: 'America/New_York',
      periods: parseWorkingHours('00:00-24:00'),
      calendar: everyDayCalendar,
    });
    expect(allDay.workingMinutesBetween(at('2026-03-08T00:00-05:00'), at('2026-03-09T00:00-04:00'))).toBe(1380);
    expect(allDay.workingMinutesBetween(at('2026-11-01T00:00-04:00'), at('2026-11-02T00:00-05:00'))).toBe(1500);
    // 24 real hours after Sat noon EST is Sun 13:00 EDT
    expectInstant(allDay.addWorkingMinutes(at('2026-03-07T12:00-05:00'), 1440), '2026-03-08T13:00-04:00');
    expectInstant(allDay.addWorkingMinutes(at('2026-10-31T12:00-04:00'), 1440), '2026-11-01T11:00-05:00');
  });

  it('shortens or lengthens a working period that spans the switch', () => {
    const night = new WorkClock({
      timeZone: 'America/New_York',
      periods: parseWorkingHours('00:30-03:00'),
      calendar: everyDayCalendar,
    });
    // Mar 8: 00:30 EST (05:30Z) to 03:00 EDT (07:00Z)
    expect(night.workingMinutesBetween(at('2026-03-08T00:00-05:00'), at('2026-03-09T00:00-04:00'))).toBe(90);
    expectInstant(night.addWorkingMinutes(at('2026-03-08T00:00-05:00'), 90), '2026-03-08T03:00-04:00');
    // Nov 1: 00:30 EDT (04:30Z) to 03:00 EST (08:00Z)
    expect(night.workingMinutesBetween(at('2026-11-01T00:00-04:00'), at('2026-11-02T00:00-05:00'))).toBe(210);
    expectInstant(night.addWorkingMinutes(at('2026-11-01T00:30-04:00'), 150), '2026-11-01T02:00-05:00');
    // an ordinary day next to it: 150 minutes
    expect(night.workingMinutesBetween(at('2026-11-02T00:00-05:00'), at('2026-11-03T00:00-05:00'))).toBe(150);
  });

  it('gives the same answers from a fresh clock and from one that has seen other dates first', () => {
    const fresh = () =>
      new WorkClock({
        timeZone: 'America/New_York',
        periods: parseWorkingHours(DEFAULT_WORKING_HOURS),
        calendar: weekdayCalendar(),
      });
    const warm = fresh();
    warm.addWorkingMinutes(at('2030-01-01T12:00Z'), 10_000);
    warm.addWorkingMinutes(at('2020-06-01T12:00Z'), 10);
    const from = at('2026-03-06T16:00-05:00');
    expect(warm.addWorkingMinutes(from, 240)).toBe(fresh().addWorkingMinutes(from, 240));
    expect(warm.localDateAt(at('2026-03-08T04:59Z'))).toBe('2026-03-07');
    expect(fresh().localDateAt(at('2026-03-08T05:00Z'))).toBe('2026-03-08');
  });
});
