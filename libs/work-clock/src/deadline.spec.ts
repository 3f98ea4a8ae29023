import { describe, expect, it } from 'vitest';
import { weekdayCalendar } from './calendar';
import { type DeadlineInput, computeDeadline, limitMinutes, usedMinutes } from './deadline';
import { at, expectInstant, shanghaiClock } from './spec-helpers';
import { timerColour } from './timer';
import { WorkClock } from './work-clock';
import { DEFAULT_WORKING_HOURS, parseWorkingHours } from './working-hours';

// Asia/Shanghai, 08:30-12:00 and 13:30-17:30 (450 working minutes a day), official calendar.
const clock = shanghaiClock();

function input(registeredAt: string, limit: DeadlineInput['limit'], more: Partial<DeadlineInput> = {}): DeadlineInput {
  return { registeredAt: at(registeredAt), limit, extensions: [], suspensions: [], ...more };
}
const span = (start: string, end: string) => ({ start: at(start), end: at(end) });

describe('limitMinutes', () => {
  it('converts each unit into minutes of its own clock', () => {
    expect(limitMinutes({ amount: 4, unit: 'working_hours' }, [], clock)).toBe(240);
    expect(limitMinutes({ amount: 5, unit: 'working_days' }, [], clock)).toBe(2250);
    expect(limitMinutes({ amount: 36, unit: 'hours' }, [], clock)).toBe(2160);
    expect(limitMinutes({ amount: 0.5, unit: 'working_hours' }, [], clock)).toBe(30);
  });

  it('adds extensions: a day is a working day for working units, 24 h for plain hours', () => {
    const ext = [
      { days: 1, hours: 0, minutes: 0 },
      { days: 0, hours: 2, minutes: 30 },
    ];
    expect(limitMinutes({ amount: 4, unit: 'working_hours' }, ext, clock)).toBe(240 + 450 + 150);
    expect(limitMinutes({ amount: 5, unit: 'working_days' }, ext, clock)).toBe(2250 + 450 + 150);
    expect(limitMinutes({ amount: 6, unit: 'hours' }, ext, clock)).toBe(360 + 1440 + 150);
  });

  it('rejects negative or non-finite amounts and an unknown unit', () => {
    expect(() => limitMinutes({ amount: -1, unit: 'hours' }, [], clock)).toThrow(RangeError);
    expect(() => limitMinutes({ amount: Number.NaN, unit: 'hours' }, [], clock)).toThrow(RangeError);
    expect(() => limitMinutes({ amount: 1, unit: 'hours' }, [{ days: 0, hours: -1, minutes: 0 }], clock)).toThrow(
      'extension.hours',
    );
    expect(() => limitMinutes({ amount: 1, unit: 'weeks' as never }, [], clock)).toThrow('unknown time limit unit');
  });
});

describe('computeDeadline in working hours and days (Shanghai)', () => {
  it('4 working hours registered Mon 10:00 -> 15:30 the same day', () => {
    const d = computeDeadline(input('2026-03-02T10:00+08:00', { amount: 4, unit: 'working_hours' }), clock);
    expectInstant(d, '2026-03-02T15:30+08:00');
  });

  it('4 working hours registered Mon 16:00 -> Tue 11:00', () => {
    const d = computeDeadline(input('2026-03-02T16:00+08:00', { amount: 4, unit: 'working_hours' }), clock);
    expectInstant(d, '2026-03-03T11:00+08:00');
  });

  it('1 working day registered Mon 10:00 -> Tue 10:00; 5 working days -> next Mon 10:00', () => {
    expectInstant(
      computeDeadline(input('2026-03-02T10:00+08:00', { amount: 1, unit: 'working_days' }), clock),
      '2026-03-03T10:00+08:00',
    );
    expectInstant(
      computeDeadline(input('2026-03-02T10:00+08:00', { amount: 5, unit: 'working_days' }), clock),
      '2026-03-09T10:00+08:00',
    );
  });

  it('registered on Saturday evening: the clock starts Monday 08:30', () => {
    const d = computeDeadline(input('2026-03-07T20:00+08:00', { amount: 2, unit: 'working_hours' }), clock);
    expectInstant(d, '2026-03-09T10:30+08:00');
  });
});

describe('computeDeadline over official holidays (chinese-days)', () => {
  it('National Day 2026: 1 working day from Wed Sep 30 16:00 -> Thu Oct 8 16:00', () => {
    // Sep 30 16:00-17:30 = 90 min; Oct 1-7 off; Oct 8 08:30-12:00 = 210, 13:30 + 150 min = 16:00
    const d = computeDeadline(input('2026-09-30T16:00+08:00', { amount: 1, unit: 'working_days' }), clock);
    expectInstant(d, '2026-10-08T16:00+08:00');
  });

  it('the make-up Saturday Oct 10 2026 is a workday', () => {
    // Fri Oct 9 16:00-17:30 = 90 min, Sat Oct 10 08:30 + 150 min = 11:00
    const d = computeDeadline(input('2026-10-09T16:00+08:00', { amount: 4, unit: 'working_hours' }), clock);
    expectInstant(d, '2026-10-10T11:00+08:00');
  });

  it('the make-up Sunday Sep 20 2026 is a workday', () => {
    // registered on an ordinary Saturday: the clock starts Sunday 08:30
    const d = computeDeadline(input('2026-09-19T10:00+08:00', { amount: 2, unit: 'working_hours' }), clock);
    expectInstant(d, '2026-09-20T10:30+08:00');
  });

  it('Mid-autumn 2026 (Sep 25-27): a budget that runs out at 12:00 ends at 12:00', () => {
    // Thu Sep 24 17:00-17:30 = 30 min; Fri-Sun off; Mon Sep 28 08:30 + 210 min = 12:00
    const d = computeDeadline(input('2026-09-24T17:00+08:00', { amount: 4, unit: 'working_hours' }), clock);
    expectInstant(d, '2026-09-28T12:00+08:00');
  });

  it('Spring Festival 2026 (Feb 15-23 off, Sat Feb 14 worked): 2 working days from Fri Feb 13 15:00', () => {
    // Fri 15:00-17:30 = 150; Sat Feb 14 = 450 (600); Tue Feb 24: 210 + 13:30 + 90 min = 15:00
    const d = computeDeadline(input('2026-02-13T15:00+08:00', { amount: 2, unit: 'working_days' }), clock);
    expectInstant(d, '2026-02-24T15:00+08:00');
  });

  it('the same case on a weekday-only calendar would end on Tue Feb 17', () => {
    const plain = shanghaiClock(weekdayCalendar());
    const d = computeDeadline(input('2026-02-13T15:00+08:00', { amount: 2, unit: 'working_days' }), plain);
    expectInstant(d, '2026-02-17T15:00+08:00');
  });
});

describe('computeDeadline with suspensions', () => {
  it('a suspension over a weekend', () => {
    // Fri 15:00-16:00 = 60 min; suspended Fri 16:00 to Mon 10:00; Mon 10:00-12:00 = 120; 13:30 + 60 = 14:30
    const d = computeDeadline(
      input(
        '2026-03-06T15:00+08:00',
        { amount: 4, unit: 'working_hours' },
        { suspensions: [span('2026-03-06T16:00+08:00', '2026-03-09T10:00+08:00')] },
      ),
      clock,
    );
    expectInstant(d, '2026-03-09T14:30+08:00');
  });

  it('a suspension over part of a working period', () => {
    // 09:00-10:00 = 60, suspended 10:00-11:00, 11:00-12:00 = 60, 13:30 + 120 = 15:30
    const d = computeDeadline(
      input(
        '2026-03-02T09:00+08:00',
        { amount: 4, unit: 'working_hours' },
        { suspensions: [span('2026-03-02T10:00+08:00', '2026-03-02T11:00+08:00')] },
      ),
      clock,
    );
    expectInstant(d, '2026-03-02T15:30+08:00');
  });

  it('several suspensions, unsorted and overlapping', () => {
    // Mon: 08:30-09:00 = 30; 09:30-11:00 = 90 (120); 11:00-14:00 and 13:00-13:45 suspended; 14:00-17:30 = 210 (330)
    // Mon 18:00 - Tue 09:00 suspended; Tue 09:00 + 120 = 11:00
    const d = computeDeadline(
      input(
        '2026-03-02T08:30+08:00',
        { amount: 1, unit: 'working_days' },
        {
          suspensions: [
            span('2026-03-02T18:00+08:00', '2026-03-03T09:00+08:00'),
            span('2026-03-02T13:00+08:00', '2026-03-02T13:45+08:00'),
            span('2026-03-02T09:00+08:00', '2026-03-02T09:30+08:00'),
            span('2026-03-02T11:00+08:00', '2026-03-02T14:00+08:00'),
          ],
        },
      ),
      clock,
    );
    expectInstant(d, '2026-03-03T11:00+08:00');
  });

  it('a suspension entirely outside working hours changes nothing', () => {
    const d = computeDeadline(
      input(
        '2026-03-02T16:00+08:00',
        { amount: 4, unit: 'working_hours' },
        { suspensions: [span('2026-03-02T18:00+08:00', '2026-03-03T08:00+08:00')] },
      ),
      clock,
    );
    expectInstant(d, '2026-03-03T11:00+08:00');
  });
});

describe('computeDeadline with extensions', () => {
  it('working hours extended by 1 working day and 2 h 30 min', () => {
    // 240 + 450 + 150 = 840: Mon 10:00-17:30 = 360; Tue 450 (810); Wed 08:30 + 30 = 09:00
    const d = computeDeadline(
      input(
        '2026-03-02T10:00+08:00',
        { amount: 4, unit: 'working_hours' },
        {
          extensions: [
            { days: 1, hours: 0, minutes: 0 },
            { days: 0, hours: 2, minutes: 30 },
          ],
        },
      ),
      clock,
    );
    expectInstant(d, '2026-03-04T09:00+08:00');
  });

  it('5 working days extended by 2 working days and 1 hour', () => {
    // 7 working days from Mon 10:00 = Wed Mar 11 10:00, + 60 min = 11:00
    const d = computeDeadline(
      input(
        '2026-03-02T10:00+08:00',
        { amount: 5, unit: 'working_days' },
        { extensions: [{ days: 2, hours: 1, minutes: 0 }] },
      ),
      clock,
    );
    expectInstant(d, '2026-03-11T11:00+08:00');
  });

  it('an extension and a suspension together', () => {
    // 240 + 60 = 300: Mon 09:00-10:00 = 60, suspended 10:00-11:00, 11:00-12:00 = 60, 13:30 + 180 min = 16:30
    const d = computeDeadline(
      input(
        '2026-03-02T09:00+08:00',
        { amount: 4, unit: 'working_hours' },
        {
          extensions: [{ days: 0, hours: 1, minutes: 0 }],
          suspensions: [span('2026-03-02T10:00+08:00', '2026-03-02T11:00+08:00')],
        },
      ),
      clock,
    );
    expectInstant(d, '2026-03-02T16:30+08:00');
  });
});

describe("computeDeadline in plain 'hours'", () => {
  it('counts wall-clock time, nights, weekends and holidays included', () => {
    expectInstant(
      computeDeadline(input('2026-03-07T22:00+08:00', { amount: 6, unit: 'hours' }), clock),
      '2026-03-08T04:00+08:00',
    );
    expectInstant(
      computeDeadline(input('2026-09-30T16:00+08:00', { amount: 36, unit: 'hours' }), clock),
      '2026-10-02T04:00+08:00',
    );
  });

  it('stops the clock during a suspension', () => {
    // 22:00-23:00 = 1 h; suspended 23:00-01:30; 01:30 + 5 h = 06:30
    const d = computeDeadline(
      input(
        '2026-03-07T22:00+08:00',
        { amount: 6, unit: 'hours' },
        { suspensions: [span('2026-03-07T23:00+08:00', '2026-03-08T01:30+08:00')] },
      ),
      clock,
    );
    expectInstant(d, '2026-03-08T06:30+08:00');
  });

  it('extends by calendar days of 24 h', () => {
    // 6 h + 1 day = 30 h from Mon 10:00 = Tue 16:00; 36 h + 30 min = Tue 22:30
    expectInstant(
      computeDeadline(
        input('2026-03-02T10:00+08:00', { amount: 6, unit: 'hours' }, { extensions: [{ days: 1, hours: 0, minutes: 0 }] }),
        clock,
      ),
      '2026-03-03T16:00+08:00',
    );
    expectInstant(
      computeDeadline(
        input('2026-03-02T10:00+08:00', { amount: 36, unit: 'hours' }, { extensions: [{ days: 0, hours: 0, minutes: 30 }] }),
        clock,
      ),
      '2026-03-03T22:30+08:00',
    );
  });

  it('counts real hours across a DST switch', () => {
    const ny = new WorkClock({
      timeZone: 'America/New_York',
      periods: parseWorkingHours(DEFAULT_WORKING_HOURS),
      calendar: weekdayCalendar(),
    });
    // midnight EST (05:00Z) + 6 h = 11:00Z = 07:00 EDT
    expectInstant(computeDeadline(input('2026-03-08T00:00-05:00', { amount: 6, unit: 'hours' }), ny), '2026-03-08T07:00-04:00');
  });
});

describe('usedMinutes and timerColour', () => {
  const fourHours = (more: Partial<DeadlineInput> = {}) =>
    input('2026-03-02T08:30+08:00', { amount: 4, unit: 'working_hours' }, more);
  const budget = 240;
  const used = (now: string, more: Partial<DeadlineInput> & { suspendedSince?: number | null } = {}) =>
    usedMinutes({ ...fourHours(more), now: at(now), suspendedSince: more.suspendedSince }, clock);

  it('is green at exactly 80 % (11:42) and yellow a minute later', () => {
    expect(used('2026-03-02T11:42+08:00')).toBe(192);
    expect(timerColour(used('2026-03-02T11:42+08:00'), budget)).toBe('green');
    expect(used('2026-03-02T11:43+08:00')).toBe(193);
    expect(timerColour(used('2026-03-02T11:43+08:00'), budget)).toBe('yellow');
  });

  it('is yellow at exactly 100 % (14:00, lunch not counted) and red a minute later', () => {
    expect(used('2026-03-02T14:00+08:00')).toBe(240);
    expect(timerColour(used('2026-03-02T14:00+08:00'), budget)).toBe('yellow');
    expect(used('2026-03-02T14:01+08:00')).toBe(241);
    expect(timerColour(used('2026-03-02T14:01+08:00'), budget)).toBe('red');
  });

  it('does not move during lunch or at night', () => {
    expect(used('2026-03-02T12:45+08:00')).toBe(210);
    expect(used('2026-03-02T13:30+08:00')).toBe(210);
    expect(used('2026-03-03T08:00+08:00')).toBe(450);
  });

  it('excludes completed suspensions and an ongoing one', () => {
    const suspensions = [span('2026-03-02T09:00+08:00', '2026-03-02T09:30+08:00')];
    // 08:30-09:00 = 30, 09:30-12:00 = 150, 13:30-15:00 = 90
    expect(used('2026-03-02T15:00+08:00', { suspensions })).toBe(270);
    // suspended again since 11:00: 30 + 90
    expect(used('2026-03-02T15:00+08:00', { suspensions, suspendedSince: at('2026-03-02T11:00+08:00') })).toBe(120);
    expect(used('2026-03-02T15:00+08:00', { suspensions, suspendedSince: null })).toBe(270);
  });

  it('is 0 before registration', () => {
    expect(used('2026-03-02T08:00+08:00')).toBe(0);
  });

  it('agrees with the deadline: used === budget exactly at the deadline', () => {
    const c = fourHours({ suspensions: [span('2026-03-02T10:00+08:00', '2026-03-02T11:00+08:00')] });
    const deadline = computeDeadline(c, clock);
    expectInstant(deadline, '2026-03-02T15:00+08:00');
    expect(usedMinutes({ ...c, now: deadline }, clock)).toBe(limitMinutes(c.limit, c.extensions, clock));
  });

  it("counts wall-clock minutes for 'hours' limits", () => {
    const c = input(
      '2026-03-07T22:00+08:00',
      { amount: 6, unit: 'hours' },
      { suspensions: [span('2026-03-07T23:00+08:00', '2026-03-08T01:30+08:00')] },
    );
    // 22:00-23:00 = 60, 01:30-03:00 = 90
    expect(usedMinutes({ ...c, now: at('2026-03-08T03:00+08:00') }, clock)).toBe(150);
    // ongoing suspension since 02:00: 60 + 30
    expect(
      usedMinutes({ ...c, now: at('2026-03-08T03:00+08:00'), suspendedSince: at('2026-03-08T02:00+08:00') }, clock),
    ).toBe(90);
    // 80 % of 360 = 288 minutes: 22:00-23:00 + 01:30 + 228 min = 05:18
    expect(timerColour(usedMinutes({ ...c, now: at('2026-03-08T05:18+08:00') }, clock), 360)).toBe('green');
    expect(timerColour(usedMinutes({ ...c, now: at('2026-03-08T05:19+08:00') }, clock), 360)).toBe('yellow');
    expect(timerColour(usedMinutes({ ...c, now: at('2026-03-08T06:30+08:00') }, clock), 360)).toBe('yellow');
    expect(timerColour(usedMinutes({ ...c, now: at('2026-03-08T06:31+08:00') }, clock), 360)).toBe('red');
  });
});
