import type { KpiPlan } from '../repositories/kpi-sql';

/**
 * Which cases a KPI window reads (both plans give the same, exact figures: test/db/kpi-plans.spec.ts), by the
 * window's share of the history (first report to `to`): up to this share `reports` (the cases with an event in the
 * window), beyond it `scan` (every case reported before `to`: then most of the table, and the log's window is long
 * too). Measured side by side by `npm run bench:kpis` (10 M cases over two years, PostgreSQL) and `npm run bench:demo`
 * (the demo's 180 days, PGlite): bench/README.md, "KPI windows".
 */
export const KPI_REPORTS_WINDOW_SHARE = 1 / 24;

export function kpiWindowPlan(windowMs: number, historyMs: number): KpiPlan['window'] {
  return windowMs <= historyMs * KPI_REPORTS_WINDOW_SHARE ? 'reports' : 'scan';
}
