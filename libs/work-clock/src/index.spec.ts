import { describe, expect, it } from 'vitest';
import * as workClock from '@gridlens/work-clock';

describe('@gridlens/work-clock', () => {
  it('exports the public API', () => {
    expect(Object.keys(workClock).sort()).toEqual(
      [
        'DEFAULT_WORKING_HOURS',
        'WorkClock',
        'chinaCalendar',
        'computeDeadline',
        'limitMinutes',
        'parseWorkingHours',
        'timerColour',
        'usedMinutes',
        'weekdayCalendar',
      ].sort(),
    );
  });

  it('works end to end through the package entry point', () => {
    const { WorkClock, chinaCalendar, parseWorkingHours, DEFAULT_WORKING_HOURS, computeDeadline } = workClock;
    const clock = new WorkClock({
      timeZone: 'Asia/Shanghai',
      periods: parseWorkingHours(DEFAULT_WORKING_HOURS),
      calendar: chinaCalendar(),
    });
    const deadline = computeDeadline(
      {
        registeredAt: Date.parse('2026-09-30T16:00+08:00'),
        limit: { amount: 1, unit: 'working_days' },
        extensions: [],
        suspensions: [],
      },
      clock,
    );
    expect(deadline).toBe(Date.parse('2026-10-08T16:00+08:00'));
  });
});
