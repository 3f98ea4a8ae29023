/**
 * ECharts options for the explorer's small charts, built from plain numbers (pure, so the specs read them):
 * the category mix (horizontal bars), the daily sparkline, and periods A and B side by side.
 */

/** The subset of an ECharts option these builders produce (kept loose: ECharts' own type is huge). */
export type ChartOption = Record<string, unknown>;

const TEXT = '#cbd5e1';
const AXIS = { axisLine: { lineStyle: { color: '#475569' } }, axisLabel: { color: TEXT, fontSize: 10 }, splitLine: { lineStyle: { color: 'rgba(71,85,105,0.35)' } } };

/** Bars of the top categories, the largest on top. */
export function categoryBarsOption(rows: readonly { label: string; count: number }[]): ChartOption {
  const ordered = [...rows].reverse();
  return {
    animation: false,
    grid: { left: 4, right: 28, top: 4, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1, ...AXIS },
    yAxis: { type: 'category', data: ordered.map((r) => r.label), ...AXIS, axisLabel: { ...AXIS.axisLabel, width: 110, overflow: 'truncate' } },
    series: [{ type: 'bar', data: ordered.map((r) => r.count), itemStyle: { color: '#f97316' }, label: { show: true, position: 'right', color: TEXT, fontSize: 10 } }],
  };
}

/** Daily counts as a small area line. */
export function sparklineOption(days: readonly string[], counts: readonly number[]): ChartOption {
  return {
    animation: false,
    grid: { left: 4, right: 8, top: 8, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: days.map((d) => d.slice(5)), boundaryGap: false, ...AXIS },
    yAxis: { type: 'value', minInterval: 1, ...AXIS },
    series: [{ type: 'line', data: [...counts], symbol: 'none', smooth: false, lineStyle: { color: '#38bdf8', width: 1.5 }, areaStyle: { color: 'rgba(56,189,248,0.25)' } }],
  };
}

/** Periods A and B on one axis of step numbers (day 1, 2, …), each with its dates in the tooltip. */
export function compareOption(a: { label: string; days: readonly string[]; counts: readonly number[] }, b: { label: string; days: readonly string[]; counts: readonly number[] }, stepLabel: (n: number) => string): ChartOption {
  const n = Math.max(a.counts.length, b.counts.length);
  const steps = Array.from({ length: n }, (_, i) => stepLabel(i + 1));
  const series = (p: typeof a, color: string) => ({
    name: p.label,
    type: 'line',
    data: Array.from({ length: n }, (_, i) => (i < p.counts.length ? { value: p.counts[i], name: p.days[i] } : null)),
    symbol: 'circle',
    symbolSize: 3,
    lineStyle: { color, width: 1.5 },
    itemStyle: { color },
  });
  return {
    animation: false,
    grid: { left: 4, right: 8, top: 26, bottom: 4, containLabel: true },
    legend: { top: 0, textStyle: { color: TEXT, fontSize: 10 } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: steps, ...AXIS },
    yAxis: { type: 'value', minInterval: 1, ...AXIS },
    series: [series(a, '#94a3b8'), series(b, '#f97316')],
  };
}
