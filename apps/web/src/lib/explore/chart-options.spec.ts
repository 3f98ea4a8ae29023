import { describe, expect, it } from 'vitest';
import { categoryBarsOption, compareOption, sparklineOption } from './chart-options';

describe('chart options', () => {
  it('category bars: the largest on top (ECharts draws categories bottom-up)', () => {
    const option = categoryBarsOption([{ label: 'A', count: 9 }, { label: 'B', count: 4 }]) as { yAxis: { data: string[] }; series: { data: number[] }[] };
    expect(option.yAxis.data).toEqual(['B', 'A']);
    expect(option.series[0].data).toEqual([4, 9]);
  });

  it('sparkline: one point per day', () => {
    const option = sparklineOption(['2026-11-01', '2026-11-02'], [3, 0]) as { xAxis: { data: string[] }; series: { data: number[] }[] };
    expect(option.xAxis.data).toEqual(['11-01', '11-02']);
    expect(option.series[0].data).toEqual([3, 0]);
  });

  it('compare: both periods on step numbers, the shorter padded', () => {
    const option = compareOption({ label: 'A', days: ['d1', 'd2'], counts: [1, 2] }, { label: 'B', days: ['e1'], counts: [5] }, (n) => `#${n}`) as {
      xAxis: { data: string[] };
      series: { name: string; data: ({ value: number; name: string } | null)[] }[];
    };
    expect(option.xAxis.data).toEqual(['#1', '#2']);
    expect(option.series.map((s) => s.name)).toEqual(['A', 'B']);
    expect(option.series[1].data).toEqual([{ value: 5, name: 'e1' }, null]);
  });
});
