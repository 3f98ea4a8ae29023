import { describe, expect, it } from 'vitest';
import type { WallTrendPoint } from '@gridlens/contracts';
import { hours, stepLabel, trendOption } from './trend-chart';

const point = (start: string, closed: number, clock: number | null, working: number | null): WallTrendPoint => ({
  start, end: start, reported: 0, closed, reportToCloseP50: { clockSeconds: clock, workingSeconds: working }, onTime: { numerator: 0, denominator: 0, value: null },
});

describe('wall trend charts', () => {
  it('labels steps in the city time zone', () => {
    expect(stepLabel('2026-11-29T06:00:00Z', 'hour', 'Asia/Shanghai')).toBe('14:00');
    expect(stepLabel('2026-11-28T16:00:00Z', 'day', 'Asia/Shanghai')).toBe('11-29');
  });

  it('hours with one decimal, gaps kept', () => {
    expect(hours(5400)).toBe(1.5);
    expect(hours(null)).toBeNull();
  });

  it('bars of closed cases and two median lines, one value per step', () => {
    const option = trendOption(
      [point('2026-11-29T05:00:00Z', 3, 7200, 3600), point('2026-11-29T06:00:00Z', 0, null, null)],
      'hour',
      'Asia/Shanghai',
      { clock: 'clock', working: 'working', closed: 'closed', hours: 'h' },
      20,
    ) as { xAxis: { data: string[] }; series: { name: string; data: unknown[] }[] };
    expect(option.xAxis.data).toEqual(['13:00', '14:00']);
    expect(option.series.map((s) => s.name)).toEqual(['closed', 'clock', 'working']);
    expect(option.series.map((s) => s.data)).toEqual([[3, 0], [2, null], [1, null]]);
  });
});
