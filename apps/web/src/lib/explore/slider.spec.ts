import { describe, expect, it } from 'vitest';
import { clampPosition, nextPosition, periodDays, periodInstants, positionCount, sliderWindow, stepDelayMs } from './slider';

const PERIOD = { from: '2026-10-30', to: '2026-11-28' };

describe('time slider', () => {
  it('counts whole days, both ends included', () => {
    expect(periodDays(PERIOD)).toBe(30);
    expect(periodDays({ from: '2026-11-28', to: '2026-11-28' })).toBe(1);
    expect(periodDays({ from: '2026-11-28', to: '2026-11-01' })).toBe(0);
  });

  it('slides a day or a week a day at a time, never past the end', () => {
    expect(positionCount(PERIOD, 'day')).toBe(30);
    expect(positionCount(PERIOD, 'week')).toBe(24);
    expect(sliderWindow(PERIOD, 'day', 0)).toEqual({ from: '2026-10-30', to: '2026-10-30' });
    expect(sliderWindow(PERIOD, 'day', 2)).toEqual({ from: '2026-11-01', to: '2026-11-01' });
    expect(sliderWindow(PERIOD, 'week', 23)).toEqual({ from: '2026-11-22', to: '2026-11-28' });
    expect(sliderWindow(PERIOD, 'week', 99)).toEqual({ from: '2026-11-22', to: '2026-11-28' });
    expect(sliderWindow(PERIOD, 'day', null)).toEqual(PERIOD);
    // a week over a 3-day period: one position, the whole period
    const short = { from: '2026-11-01', to: '2026-11-03' };
    expect(positionCount(short, 'week')).toBe(1);
    expect(sliderWindow(short, 'week', 0)).toEqual(short);
  });

  it('steps playback from the start to the last position, then stops', () => {
    const seen: number[] = [];
    let pos: number | null = null;
    for (;;) {
      pos = nextPosition(pos, PERIOD, 'week');
      if (pos === null) break;
      seen.push(pos);
    }
    expect(seen).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(clampPosition(-3, PERIOD, 'day')).toBe(0);
    expect(clampPosition(null, PERIOD, 'day')).toBeNull();
  });

  it('plays a month in thirty seconds at 1×', () => {
    expect(stepDelayMs(1) * periodDays(PERIOD)).toBe(30_000);
    expect(stepDelayMs(2)).toBe(500);
  });

  it('turns days into the API window at the city’s midnights', () => {
    expect(periodInstants({ from: '2026-11-01', to: '2026-11-02' }, 'Asia/Shanghai')).toEqual({
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-02T16:00:00.000Z',
    });
  });
});
