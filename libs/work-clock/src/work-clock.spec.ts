import { describe, expect, it } from 'vitest';
import { chinaCalendar, weekdayCalendar } from './calendar';
import { at, everyDayCalendar, expectInstant, shanghaiClock } from './spec-helpers';
import { WorkClock } from './work-clock';
import { parseWorkingHours } from './working-hours';

// Asia/Shanghai, 08:30-12:00 and 13:30-17:30 (7.5 h a day); 2026-03-02 is an ordinary Monday.
const clock = shanghaiClock();

describe('WorkClock construction', () => {
  it('counts the working minutes of a day from the periods', () => {
    expect(clock.minutesPerWorkday).toBe(450);
    const short = new WorkClock({
      timeZone: 'UTC',
      periods: parseWorkingHours('09:00-12:00'),
      calendar: weekdayCalendar(),
    });
    expect(short.minutesPerWorkday).toBe(180);
  });

  it('rejects an unknown time zone and bad periods', () => {
    const periods = parseWorkingHours('09:00-17:00');
    expect(() => new WorkClock({ timeZone: 'Mars/Olympus', periods, calendar: weekdayCalendar() })).toThrow(
      'unknown time zone "Mars/Olympus"',
    );
    expect(() => new WorkClock({ timeZone: 'UTC', periods: [], calendar: weekdayCalendar() })).toThrow(
      'at least one working period',
    );
    expect(
      () =>
        new WorkClock({
          timeZone: 'UTC',
          periods: [{ startMinute: 600, endMinute: 540 }],
          calendar: weekdayCalendar(),
        }),
    ).toThrow('invalid working period');
  });
});

describe('WorkClock.addWorkingMinutes', () => {
  it('registered Mon 10:00 with 4 working hours: 15:30 the same day', () => {
    expectInstant(clock.addWorkingMinutes(at('2026-03-02T10:00+08:00'), 240), '2026-03-02T15:30+08:00');
  });

  it('registered Mon 16:00 with 4 working hours: Tue 11:00', () => {
    expectInstant(clock.addWorkingMinutes(at('2026-03-02T16:00+08:00'), 240), '2026-03-03T11:00+08:00');
  });

  it('one working day (450 min) from Mon 10:00 is Tue 10:00', () => {
    expectInstant(clock.addWorkingMinutes(at('2026-03-02T10:00+08:00'), 450), '2026-03-03T10:00+08:00');
  });

  it('ends at the end of a period when the budget runs out there (12:00, not 13:30)', () => {
    expectInstant(clock.addWorkingMinutes(at('2026-03-02T11:00+08:00'), 60), '2026-03-02T12:00+08:00');
    expectInstant(clock.addWorkingMinutes(at('2026-03-02T16:30+08:00'), 60), '2026-03-02T17:30+08:00');
  });

  it('starts the clock at the next working period when registered outside working hours', () => {
    // lunch break
    expectInstant(clock.addWorkingMinutes(at('2026-03-02T12:30+08:00'), 60), '2026-03-02T14:30+08:00');
    // before work
    expectInstant(clock.addWorkingMinutes(at('2026-03-02T07:00+08:00'), 30), '2026-03-02T09:00+08:00');
    // exactly at the end of the day, and in the evening
    expectInstant(clock.addWorkingMinutes(at('2026-03-02T17:30+08:00'), 30), '2026-03-03T09:00+08:00');
    expectInstant(clock.addWorkingMinutes(at('2026-03-02T22:15+08:00'), 30), '2026-03-03T09:00+08:00');
    // Saturday: Monday morning
    expectInstant(clock.addWorkingMinutes(at('2026-03-07T10:00+08:00'), 30), '2026-03-09T09:00+08:00');
  });

  it('returns `from` itself for 0 minutes, even outside working hours', () => {
    expect(clock.addWorkingMinutes(at('2026-03-07T10:00+08:00'), 0)).toBe(at('2026-03-07T10:00+08:00'));
    expect(clock.addWorkingMinutes(at('2026-03-02T10:00+08:00'), 0)).toBe(at('2026-03-02T10:00+08:00'));
  });

  it('handles fractional minutes', () => {
    expectInstant(clock.addWorkingMinutes(at('2026-03-02T10:00+08:00'), 0.5), '2026-03-02T10:00:30+08:00');
    // 1 min to 12:00, the remaining 15 s after 13:30
    expectInstant(clock.addWorkingMinutes(at('2026-03-02T11:59+08:00'), 1.25), '2026-03-02T13:30:15+08:00');
    // 0.1 min is 6 s, not 6.000000000000001 s
    expect(clock.addWorkingMinutes(at('2026-03-02T10:00+08:00'), 0.1)).toBe(at('2026-03-02T10:00:06+08:00'));
  });

  it('skips excluded intervals, including ones that start before `from`', () => {
    // 09:00 + 60 min, with 09:30-10:00 excluded: 10:30
    expectInstant(
      clock.addWorkingMinutes(at('2026-03-02T09:00+08:00'), 60, [
        { start: at('2026-03-02T09:30+08:00'), end: at('2026-03-02T10:00+08:00') },
      ]),
      '2026-03-02T10:30+08:00',
    );
    // excluded 08:00-10:00 and registered inside it at 09:00: the clock starts at 10:00
    expectInstant(
      clock.addWorkingMinutes(at('2026-03-02T09:00+08:00'), 60, [
        { start: at('2026-03-02T08:00+08:00'), end: at('2026-03-02T10:00+08:00') },
      ]),
      '2026-03-02T11:00+08:00',
    );
  });

  it('rejects negative or non-finite minutes and instants', () => {
    expect(() => clock.addWorkingMinutes(at('2026-03-02T10:00+08:00'), -1)).toThrow(RangeError);
    expect(() => clock.addWorkingMinutes(at('2026-03-02T10:00+08:00'), Number.NaN)).toThrow(RangeError);
    expect(() => clock.addWorkingMinutes(Number.NaN, 10)).toThrow(RangeError);
    expect(() =>
      clock.addWorkingMinutes(at('2026-03-02T10:00+08:00'), 10, [{ start: 2, end: 1 }]),
    ).toThrow(RangeError);
  });

  it('gives up on a calendar without workdays instead of looping forever', () => {
    const never = new WorkClock({
      timeZone: 'UTC',
      periods: parseWorkingHours('09:00-17:00'),
      calendar: { coveredThroughYear: 0, isWorkday: () => false },
    });
    expect(() => never.addWorkingMinutes(at('2026-03-02T10:00Z'), 1)).toThrow('no working time');
  });
});

describe('WorkClock.workingMinutesBetween', () => {
  it('counts 450 minutes in a workday and 2250 in an ordinary week', () => {
    expect(clock.workingMinutesBetween(at('2026-03-02T00:00+08:00'), at('2026-03-03T00:00+08:00'))).toBe(450);
    expect(clock.workingMinutesBetween(at('2026-03-02T00:00+08:00'), at('2026-03-09T00:00+08:00'))).toBe(2250);
    expect(clock.workingMinutesBetween(at('2026-03-07T00:00+08:00'), at('2026-03-09T00:00+08:00'))).toBe(0);
  });

  it('counts only working periods inside [from, to)', () => {
    // 11:00-12:00 and 13:30-14:00
    expect(clock.workingMinutesBetween(at('2026-03-02T11:00+08:00'), at('2026-03-02T14:00+08:00'))).toBe(90);
    // Mon 17:00 to Tue 09:00: 30 + 30
    expect(clock.workingMinutesBetween(at('2026-03-02T17:00+08:00'), at('2026-03-03T09:00+08:00'))).toBe(60);
    expect(clock.workingMinutesBetween(at('2026-03-02T11:00:30+08:00'), at('2026-03-02T11:01+08:00'))).toBe(0.5);
  });

  it('is 0 for an empty or reversed range', () => {
    const t = at('2026-03-02T10:00+08:00');
    expect(clock.workingMinutesBetween(t, t)).toBe(0);
    expect(clock.workingMinutesBetween(t + 60_000, t)).toBe(0);
  });

  it('does not count instants inside excluded intervals (overlapping ones merged)', () => {
    const from = at('2026-03-02T08:00+08:00');
    const to = at('2026-03-02T18:00+08:00');
    // 450 - 60 (10:00-11:00) - 30 (11:30-12:00) - 30 (13:30-14:00)
    expect(
      clock.workingMinutesBetween(from, to, [
        { start: at('2026-03-02T11:30+08:00'), end: at('2026-03-02T14:00+08:00') },
        { start: at('2026-03-02T10:00+08:00'), end: at('2026-03-02T11:00+08:00') },
      ]),
    ).toBe(330);
    // 10:00-11:00 and 10:30-11:30 overlap: 90 minutes excluded, not 120
    expect(
      clock.workingMinutesBetween(from, to, [
        { start: at('2026-03-02T10:00+08:00'), end: at('2026-03-02T11:00+08:00') },
        { start: at('2026-03-02T10:30+08:00'), end: at('2026-03-02T11:30+08:00') },
      ]),
    ).toBe(360);
  });

  it('uses the calendar: nothing on National Day 2026, a full day on make-up Saturday Oct 10', () => {
    expect(clock.workingMinutesBetween(at('2026-10-01T00:00+08:00'), at('2026-10-08T00:00+08:00'))).toBe(0);
    expect(clock.workingMinutesBetween(at('2026-10-10T00:00+08:00'), at('2026-10-11T00:00+08:00'))).toBe(450);
  });

  it('uses calendar overrides (a local holiday on Tuesday 2026-03-03)', () => {
    const local = shanghaiClock(chinaCalendar({ holidays: ['2026-03-03'] }));
    expect(local.workingMinutesBetween(at('2026-03-03T00:00+08:00'), at('2026-03-04T00:00+08:00'))).toBe(0);
    expectInstant(local.addWorkingMinutes(at('2026-03-02T16:00+08:00'), 240), '2026-03-04T11:00+08:00');
  });
});

describe('WorkClock.localDateAt', () => {
  it("gives the city's local date of an instant", () => {
    expect(clock.localDateAt(at('2026-03-02T23:30+08:00'))).toBe('2026-03-02');
    expect(clock.localDateAt(at('2026-03-02T16:30Z'))).toBe('2026-03-03');
    expect(clock.localDateAt(at('2026-03-02T16:00Z'))).toBe('2026-03-03'); // local midnight
    expect(clock.localDateAt(at('2026-03-02T15:59:59.999Z'))).toBe('2026-03-02');
  });

  it('works in zones far from UTC (UTC+14 and UTC-11)', () => {
    const kiritimati = new WorkClock({
      timeZone: 'Pacific/Kiritimati',
      periods: parseWorkingHours('09:00-17:00'),
      calendar: everyDayCalendar,
    });
    expect(kiritimati.localDateAt(at('2026-03-02T10:00Z'))).toBe('2026-03-03');
    expect(kiritimati.localDateAt(at('2026-03-02T09:59Z'))).toBe('2026-03-02');
    const pagoPago = new WorkClock({
      timeZone: 'Pacific/Pago_Pago',
      periods: parseWorkingHours('09:00-17:00'),
      calendar: everyDayCalendar,
    });
    expect(pagoPago.localDateAt(at('2026-03-02T10:59Z'))).toBe('2026-03-01');
    expect(pagoPago.localDateAt(at('2026-03-02T11:00Z'))).toBe('2026-03-02');
  });
});
