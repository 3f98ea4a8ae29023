import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKING_HOURS, WorkClock, chinaCalendar, parseWorkingHours } from '@gridlens/work-clock';
import type { LoggedEvent } from '@gridlens/contracts';
import { timelineTimers } from './timeline-timers';

// Working time 08:30-12:00, 13:30-17:30 in Shanghai; Tuesday 3 March 2026 is an ordinary working day.
const clock = new WorkClock({ timeZone: 'Asia/Shanghai', periods: parseWorkingHours(DEFAULT_WORKING_HOURS), calendar: chinaCalendar() });
const TWO_WORKING_HOURS = { amount: 2, unit: 'working_hours' } as const;

const event = (type: LoggedEvent['type'], hhmm: string, details: Record<string, unknown> | null = null) => ({
  type,
  at: `2026-03-03T${hhmm}:00+08:00`,
  details,
});

describe('timelineTimers: the timer right after each event', () => {
  it('runs from registration, stops while suspended, grows with extensions, and turns yellow then red (hand-computed)', () => {
    const timers = timelineTimers(
      [
        event('reported', '09:00'),
        event('registered', '09:00'),
        event('dispatched', '10:00'),
        event('suspended', '10:30'),
        event('resumed', '13:45'),
        event('extended', '13:50', { extendBy: 'PT1H' }),
        event('handled', '14:40'),
        event('closed', '15:30'),
      ],
      TWO_WORKING_HOURS,
      clock,
    );
    expect(timers[0]).toBeNull(); // not registered yet
    expect(timers.slice(1).map((t) => [t!.usedMinutes, t!.budgetMinutes, t!.colour, t!.stopped])).toEqual([
      [0, 120, 'green', false],
      [60, 120, 'green', false],
      [90, 120, 'green', true], // 75 %, clock stopped
      [90, 120, 'green', false], // 10:30-13:45 suspended: not counted
      [95, 180, 'green', false], // + 1 h extension
      [145, 180, 'yellow', false], // 80.6 %
      [195, 180, 'red', false], // overdue
    ]);
  });

  it('counts the lunch break out, and a void ends the timer', () => {
    const timers = timelineTimers(
      [event('reported', '11:00'), event('registered', '11:30'), event('dispatched', '13:40'), event('voided', '14:00')],
      TWO_WORKING_HOURS,
      clock,
    );
    expect(timers.map((t) => t && [t.usedMinutes, t.colour])).toEqual([null, [0, 'green'], [40, 'green'], null]);
  });

  it('keeps plain hours for an `hours` limit (lunch counts)', () => {
    const timers = timelineTimers([event('registered', '11:30'), event('handled', '13:30')], { amount: 6, unit: 'hours' }, clock);
    expect(timers.map((t) => t && [t.usedMinutes, t.budgetMinutes, t.colour])).toEqual([
      [0, 360, 'green'],
      [120, 360, 'green'],
    ]);
  });
});
