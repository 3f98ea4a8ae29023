/**
 * The KPI statement (GET /api/v1/kpis), as text for each read plan: KpiRepository runs it, the benchmark times the
 * plans against the full scan. Imports only open-cases-sql.ts (no server code): the benchmark loads it without the server.
 */
import { TOUCHED, openCasesSql, overdueAt, type OpenCasesPlan } from './open-cases-sql';

export const DURATIONS = {
  reportToRegister: { start: 'reported_at', end: 'registered_at' },
  registerToDispatch: { start: 'registered_at', end: 'first_dispatched_at' },
  dispatchToHandled: { start: 'first_dispatched_at', end: 'handled_at' },
  reportToClose: { start: 'reported_at', end: 'closed_at' },
} as const;

function durationColumns(): string {
  return Object.entries(DURATIONS)
    .map(([name, { start, end }]) => {
      const secs = `extract(epoch FROM (${end} - ${start}))`;
      const inWindow = `${end} >= $3 AND ${end} < $4 AND ${start} IS NOT NULL`;
      return `count(*) FILTER (WHERE ${inWindow})::int AS "${name}_n",
              avg(${secs}) FILTER (WHERE ${inWindow})::float8 AS "${name}_mean",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${secs}) FILTER (WHERE ${inWindow}) AS "${name}_p50",
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ${secs}) FILTER (WHERE ${inWindow}) AS "${name}_p90"`;
    })
    .join(',\n');
}

/** Where a KPI read takes its cases from (KpiService chooses; every plan gives the same, exact figures). */
export interface KpiPlan {
  /**
   * `reports`: only the cases with an event in [from, to), which are all the cases a window figure can count (every
   * stage time is the time of the event that set it): those reported in the window by the reported_at index (a range
   * of the table, which a live feed writes in about report order), the earlier ones from the log's events in the
   * window (its BRIN index by time), each by its primary key. `scan`: every case reported before `to` (the whole
   * table for a window ending now).
   */
  window: 'reports' | 'scan';
  /**
   * `rollup`: open and overdue from open_case (the open cases as of the rollups' watermark) for the cases with no
   * event since, and from `cases` for the others. `scan`: every case.
   */
  open: OpenCasesPlan;
}

const SCOPE = (t: string) => `($1::text IS NULL OR $1 IN (${t}.city_code, ${t}.district_code, ${t}.street_code, ${t}.community_code, ${t}.grid_code))
    AND ($2::text[] IS NULL OR ${t}.category_code = ANY($2::text[]))`;
const WINDOW_CASES: Record<KpiPlan['window'], string> = {
  // A case's reported_at is the time of its 'reported' event and never changes, so a case with an event in the window
  // is either reported in it (the index range) or reported before it with no 'reported' event in it (earlier_cases:
  // MATERIALIZED, so the planner starts from the log's window, not from a region's or category's cases). A lookup
  // per case with an event in the window, the plan before this one, took 6.4 s for 7 days at 10 M cases (this: 0.78 s).
  reports: `SELECT c.* FROM cases c WHERE c.reported_at >= $3 AND c.reported_at < $4 AND ${SCOPE('c')}
  UNION ALL
  SELECT c.* FROM earlier_cases e
  CROSS JOIN LATERAL (SELECT * FROM cases c WHERE c.case_id = e.case_id OFFSET 0) c
  WHERE c.reported_at < $3 AND ${SCOPE('c')}`,
  scan: `SELECT c.* FROM cases c WHERE c.reported_at < $4 AND ${SCOPE('c')}`,
};

/**
 * Settings the statement runs under on a PostgreSQL server (SET LOCAL, in its own transaction), measured at 10 M cases
 * (bench:kpis). None on PGlite: it has no JIT, and bench:demo (180 days) timed the reports plan the same with and
 * without them (today 7.7 against 8.0 ms, seven days 53.7 against 53.7 ms), so it is spared the transaction.
 * - the reports plan runs without JIT: the planner cannot size the tail (openCasesSettings), so PostgreSQL compiled
 *   the statement for ~0.6 s to run it in ~0.2 s (a day's window: 769 against 175 ms). The scan keeps JIT, which
 *   pays there (3.3 against 4.8 s).
 * - and without sequential scans where another path exists: the planner costs the log's BRIN range above a scan of
 *   the whole log for some windows (14 days: a 4.5 s parallel scan of 60 M events for 1.7 s by the BRIN ranges).
 *   open_case is still read whole (it has no other path).
 */
export function kpiSettings(plan: KpiPlan, database: 'pglite' | 'postgres'): string[] {
  return plan.window === 'reports' && database === 'postgres' ? ['SET LOCAL jit = off', 'SET LOCAL enable_seqscan = off'] : [];
}

/**
 * One statement, so the counter, the rollups' watermark and the cases are read from one snapshot: the figures are
 * exactly those of the events with seq ≤ the returned seq, whatever the plan. Definitions: docs/api.md ("KPIs").
 */
export function kpiSql(plan: KpiPlan): string {
  return `
WITH touched AS (
  ${TOUCHED}
),
earlier_cases AS MATERIALIZED (
  SELECT case_id FROM case_event WHERE at >= $3 AND at < $4 GROUP BY case_id HAVING every(type <> 'reported')
),
scoped AS (
  ${WINDOW_CASES[plan.window]}
),
open_now AS (
  ${openCasesSql(plan.open, ['deadline', 'suspended_since'], SCOPE)}
),
standing AS (
  SELECT coalesce(sum(sign), 0)::int AS open,
         coalesce(sum(sign) FILTER (WHERE ${overdueAt('$5')}), 0)::int AS overdue
  FROM open_now
)
SELECT
  (SELECT last_seq FROM event_counter WHERE id = 1) AS seq,
  (SELECT open FROM standing) AS open,
  (SELECT overdue FROM standing) AS overdue,
  count(*) FILTER (WHERE reported_at >= $3 AND reported_at < $4)::int AS reported,
  count(*) FILTER (WHERE registered_at >= $3 AND registered_at < $4)::int AS registered,
  count(*) FILTER (WHERE closed_at >= $3 AND closed_at < $4)::int AS closed,
  count(*) FILTER (WHERE closed_at >= $3 AND closed_at < $4 AND closed_on_time)::int AS closed_on_time,
  count(*) FILTER (WHERE voided_at >= $3 AND voided_at < $4)::int AS voided,
  count(*) FILTER (WHERE registered_at >= $3 AND registered_at < $4 AND status <> 'voided'
                   AND (closed_at <= LEAST($4::timestamptz, $5::timestamptz) OR (deadline <= LEAST($4::timestamptz, $5::timestamptz) AND (suspended_since IS NULL OR deadline < suspended_since))))::int AS due,
  count(*) FILTER (WHERE registered_at >= $3 AND registered_at < $4 AND status <> 'voided' AND closed_at <= LEAST($4::timestamptz, $5::timestamptz))::int AS due_closed,
  count(*) FILTER (WHERE registered_at >= $3 AND registered_at < $4 AND status <> 'voided' AND closed_at <= LEAST($4::timestamptz, $5::timestamptz)
                   AND closed_on_time)::int AS due_closed_on_time,
  ${durationColumns()}
FROM scoped`;
}

