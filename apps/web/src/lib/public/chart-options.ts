import type { GradeThreshold, PublicRankingRow, PublicUnitHistory } from '@gridlens/contracts';
import type { ChartOption } from '../explore/chart-options';
import { cssColor, gradeColor, rankedRows } from './ranking-lists';

export type { ChartOption } from '../explore/chart-options';

/**
 * ECharts options of the public pages (pure): the scores of a ranking as horizontal bars (rank 1 on top, each bar
 * in its grade's colour, the score written at its end), and a unit's rank over past periods. Light theme (the
 * public site is printed and read on paper-white pages).
 */
const TEXT = '#334155';
const AXIS = { axisLine: { lineStyle: { color: '#94a3b8' } }, axisLabel: { color: TEXT, fontSize: 11 }, splitLine: { lineStyle: { color: '#e2e8f0' } } };

/** Pixels per bar, so the chart's height follows the number of units. */
export const BAR_HEIGHT = 22;
export const scoreChartHeight = (rows: readonly PublicRankingRow[]): number => Math.max(160, rankedRows(rows).length * BAR_HEIGHT + 40);

export function scoreBarsOption(rows: readonly PublicRankingRow[], grades: readonly GradeThreshold[], nameOf: (row: PublicRankingRow) => string): ChartOption {
  const ordered = rankedRows(rows).reverse(); // ECharts draws the first category at the bottom
  return {
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', min: 0, max: 100, ...AXIS },
    yAxis: { type: 'category', data: ordered.map((r) => `${r.rank}. ${nameOf(r)}`), ...AXIS, axisLabel: { ...AXIS.axisLabel, width: 140, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 16,
        data: ordered.map((r) => ({ value: r.score, itemStyle: { color: cssColor(gradeColor(r.grade, grades)) } })),
        label: { show: true, position: 'right', color: TEXT, fontSize: 11, formatter: (p: { value: number }) => p.value.toFixed(2) },
      },
    ],
  };
}

/** Rank (left axis, 1 at the top) and score (right axis) per published period. */
export function rankHistoryOption(history: PublicUnitHistory, labels: { rank: string; score: string }, periodLabel: (period: string) => string): ChartOption {
  const points = [...history.points].sort((a, b) => a.period.localeCompare(b.period));
  const maxOf = Math.max(1, ...points.map((p) => p.of));
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 30, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { color: TEXT, fontSize: 11 } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: points.map((p) => periodLabel(p.period)), ...AXIS },
    yAxis: [
      { type: 'value', name: labels.rank, inverse: true, min: 1, max: maxOf, minInterval: 1, ...AXIS },
      { type: 'value', name: labels.score, min: 0, max: 100, ...AXIS, splitLine: { show: false } },
    ],
    series: [
      { name: labels.score, type: 'bar', yAxisIndex: 1, barMaxWidth: 24, data: points.map((p) => p.score), itemStyle: { color: 'rgba(37, 99, 235, 0.25)' } },
      { name: labels.rank, type: 'line', yAxisIndex: 0, data: points.map((p) => p.rank), symbol: 'circle', symbolSize: 7, lineStyle: { color: '#2563eb', width: 2 }, itemStyle: { color: '#2563eb' }, label: { show: true, position: 'top', color: TEXT } },
    ],
  };
}
