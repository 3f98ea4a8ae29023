import { describe, expect, it } from 'vitest';
import { colourByDeadline, colourOf, deadlineLabel, formatCountdown, msToDeadline, overlapMs, tickTimer, type TimerBase } from './timer-tick';

const MIN = 60_000;
const t = (iso: string) => Date.parse(iso);

describe('timer ticking between frames', () => {
  // Working periods of a Monday (UTC+8): 08:30–12:00, 13:30–17:30.
  const windows = [
    { start: '2026-11-30T08:30:00+08:00', end: '2026-11-30T12:00:00+08:00' },
    { start: '2026-11-30T13:30:00+08:00', end: '2026-11-30T17:30:00+08:00' },
  ];

  it('counts the overlap with working periods only', () => {
    expect(overlapMs(windows, t('2026-11-30T11:00:00+08:00'), t('2026-11-30T14:00:00+08:00'))).toBe(90 * MIN);
    expect(overlapMs(windows, t('2026-11-30T12:10:00+08:00'), t('2026-11-30T13:00:00+08:00'))).toBe(0);
    expect(overlapMs(windows, t('2026-11-30T14:00:00+08:00'), t('2026-11-30T11:00:00+08:00'))).toBe(0);
  });

  it('colours at the 80 % and 100 % boundaries', () => {
    expect(colourOf(192, 240)).toBe('green'); // exactly 80 %
    expect(colourOf(193, 240)).toBe('yellow');
    expect(colourOf(240, 240)).toBe('yellow'); // exactly 100 %
    expect(colourOf(241, 240)).toBe('red');
    expect(colourOf(0, 0)).toBe('green');
    expect(colourOf(1, 0)).toBe('red');
  });

  const base: TimerBase = { usedMinutes: 180, budgetMinutes: 240, limitUnit: 'working_hours', stopped: false, deadline: '2026-11-30T14:30:00+08:00' };
  const asOf = t('2026-11-30T11:30:00+08:00');

  it('a working-hours timer stands still over lunch and turns yellow, then red, in working time', () => {
    expect(tickTimer(base, asOf, t('2026-11-30T12:00:00+08:00'), windows)).toMatchObject({ usedMinutes: 210, colour: 'yellow' });
    expect(tickTimer(base, asOf, t('2026-11-30T13:15:00+08:00'), windows)).toMatchObject({ usedMinutes: 210, colour: 'yellow', remainingMinutes: 30 });
    expect(tickTimer(base, asOf, t('2026-11-30T14:00:00+08:00'), windows)).toMatchObject({ usedMinutes: 240, fraction: 1, colour: 'yellow' });
    expect(tickTimer(base, asOf, t('2026-11-30T14:01:00+08:00'), windows)).toMatchObject({ usedMinutes: 241, colour: 'red', remainingMinutes: -1 });
  });

  it('plain hours run always; a stopped timer never; the past does not rewind', () => {
    const hours = { ...base, limitUnit: 'hours' as const, usedMinutes: 0, budgetMinutes: 600 };
    expect(tickTimer(hours, asOf, asOf + 90 * MIN, windows).usedMinutes).toBe(90);
    expect(tickTimer({ ...base, stopped: true }, asOf, asOf + 600 * MIN, windows).usedMinutes).toBe(180);
    expect(tickTimer(base, asOf, asOf - MIN, windows).usedMinutes).toBe(180);
  });

  it('the wall list turns red at the deadline instant', () => {
    const c = { ...base, colour: 'yellow' as const };
    expect(colourByDeadline(c, t('2026-11-30T14:29:59+08:00'))).toBe('yellow');
    expect(colourByDeadline(c, t('2026-11-30T14:30:01+08:00'))).toBe('red');
    expect(colourByDeadline({ ...c, stopped: true }, t('2026-12-30T00:00:00+08:00'))).toBe('yellow');
    expect(colourByDeadline({ ...c, deadline: null }, t('2026-12-30T00:00:00+08:00'))).toBe('yellow');
    expect(msToDeadline('2026-11-30T14:30:00+08:00', t('2026-11-30T14:00:00+08:00'))).toBe(30 * MIN);
    expect(msToDeadline(null, 0)).toBeNull();
  });

  it('deadline labels in the city time zone: the time today, the date otherwise', () => {
    const now = t('2026-11-30T09:00:00+08:00');
    expect(deadlineLabel('2026-11-30T17:30:00+08:00', now, 'Asia/Shanghai')).toBe('17:30');
    expect(deadlineLabel('2026-12-01T10:30:00+08:00', now, 'Asia/Shanghai')).toBe('12-01 10:30');
    expect(deadlineLabel('2026-11-29T23:59:00+08:00', now, 'Asia/Shanghai')).toBe('11-29 23:59');
  });

  it('countdowns', () => {
    expect(formatCountdown(12 * MIN + 4_000, 'zh')).toBe('12:04');
    expect(formatCountdown(-(65 * MIN + 9_000), 'en')).toBe('1:05:09');
    expect(formatCountdown(2 * 86_400_000 + 3 * 3_600_000 + 4 * MIN + 5_000, 'zh')).toBe('2天 3:04:05');
    expect(formatCountdown(86_400_000, 'en')).toBe('1d 0:00:00');
  });
});
