/**
 * ECharts options of the wall's response-time trends (pure, read by the spec): for each step, the median time from
 * report to close of the cases closed in it, in clock and working time (hours, lines, left axis), over the count
 * closed (bars, right axis). Fonts scale with the wall (`fontSize` = the wall's base size in px).
 */
import type { WallTrendPoint } from '@gridlens/contracts';

export type ChartOption = Record<string, unknown>;

const TEXT = '#cbd5e1';

/** Step labels in the city's time zone: hours "14时" / "14:00" for the 24 h trend, days "11-29" for 30 days. */
export function stepLabel(start: string, step: 'hour' | 'day', timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(start));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return step === 'hour' ? `${get('hour')}:00` : `${get('month')}-${get('day')}`;
}

/** Seconds → hours with one decimal; null stays null (a gap in the line). */
export function hours(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(seconds / 360) / 10;
}

export interface TrendLabels {
  clock: string;
  working: string;
  closed: string;
  hours: string;
}

export function trendOption(points: readonly WallTrendPoint[], step: 'hour' | 'day', timeZone: string, labels: TrendLabels, fontSize: number): ChartOption {
  const small = Math.max(8, Math.round(fontSize * 0.75));
  const axis = {
    axisLine: { lineStyle: { color: '#475569' } },
    axisLabel: { color: TEXT, fontSize: small },
    splitLine: { lineStyle: { color: 'rgba(71,85,105,0.35)' } },
  };
  const line = (name: string, color: string, values: (number | null)[]) => ({
    name,
    type: 'line',
    yAxisIndex: 0,
    data: values,
    symbol: 'none',
    connectNulls: false,
    lineStyle: { color, width: Math.max(1.5, fontSize / 8) },
    itemStyle: { color },
  });
  return {
    animation: false,
    grid: { left: small, right: small, top: fontSize * 2, bottom: small / 2, containLabel: true },
    legend: { top: 0, itemWidth: small * 1.5, itemHeight: small * 0.8, textStyle: { color: TEXT, fontSize: small } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: points.map((p) => stepLabel(p.start, step, timeZone)), ...axis, splitLine: { show: false } },
    yAxis: [
      { type: 'value', name: labels.hours, nameTextStyle: { color: TEXT, fontSize: small }, ...axis },
      { type: 'value', minInterval: 1, ...axis, splitLine: { show: false } },
    ],
    series: [
      { name: labels.closed, type: 'bar', yAxisIndex: 1, data: points.map((p) => p.closed), itemStyle: { color: 'rgba(56,189,248,0.28)' } },
      line(labels.clock, '#f59e0b', points.map((p) => hours(p.reportToCloseP50.clockSeconds))),
      line(labels.working, '#4ade80', points.map((p) => hours(p.reportToCloseP50.workingSeconds))),
    ],
  };
}
