import type { KpiPlan } from '../repositories/kpi-sql';

/**
 * Which cases a KPI window reads (every plan gives the same, exact figures: test/db/kpi-plans.spec.ts), by the
 * window's share of the history (first report to `to`). Measured side by side by `npm run bench:kpis` (10 M cases over
 * two years, PostgreSQL) and `npm run bench:demo` (the demo's history, PGlite); bench/README.md has the tables.
 * - up to KPI_EVENT_WINDOW_SHARE, `events`: a primary-key lookup per case with an event in the window;
 * - up to KPI_REPORTS_WINDOW_SHARE, `reports`: the cases reported in the window by the reported_at index, a lookup
 *   only for the earlier cases with an event in it;
 * - beyond, `scan`: every case reported before `to` (then nearly the whole table, and the log's window is long too).
 */
export const KPI_EVENT_WINDOW_SHARE = 1 / 30;
export const KPI_REPORTS_WINDOW_SHARE = 1 / 2;

export function kpiWindowPlan(windowMs: number, historyMs: number): KpiPlan['window'] {
  if (windowMs <= historyMs * KPI_EVENT_WINDOW_SHARE) return 'events';
  if (windowMs <= historyMs * KPI_REPORTS_WINDOW_SHARE) return 'reports';
  return 'scan';
}
