/**
 * The cases open now, as SQL text shared by the KPI statement (kpi-sql.ts) and the overdue-rising alert
 * (AlertRepository): from open_case plus the cases touched since the rollups' watermark, or from a scan of cases.
 * No imports: the benchmarks load it without the server.
 */

/** An open case: neither closed nor voided (the KPI `open`; open_case holds exactly these). */
export const OPEN = `status NOT IN ('closed', 'voided')`;

/** Overdue at `asOf` (a SQL expression), as the KPIs count it: past its deadline, not suspended before it. */
export const overdueAt = (asOf: string): string => `deadline < ${asOf} AND (suspended_since IS NULL OR deadline < suspended_since)`;

/**
 * The CTE body of `touched`: the cases with an event after the rollups' watermark. A range between two subquery values
 * (not "seq > subquery", planned as a third of the log): the planner takes the primary key's range scan for what is a
 * short tail.
 */
export const TOUCHED = `SELECT DISTINCT case_id FROM case_event
  WHERE seq BETWEEN (SELECT seq FROM rollup_state WHERE id = 1) + 1 AND (SELECT last_seq FROM event_counter WHERE id = 1)`;

/**
 * `rollup`: open_case (the open cases as of the rollups' watermark), corrected for the cases touched since (needs a
 * CTE `touched` of TOUCHED in the same statement, so both are read in one snapshot). `scan`: every case. Exact either
 * way (test/db/kpi-plans.spec.ts); `rollup` reads open_case and two primary-key lookups per touched case instead of
 * the whole table.
 */
export type OpenCasesPlan = 'rollup' | 'scan';

/**
 * Settings for a statement reading open cases by `plan` on a PostgreSQL server (SET LOCAL, in its own transaction):
 * `rollup` without JIT. The planner cannot size `touched` (a seq range between two subqueries: ~300,000 rows
 * estimated for what is at most a tail of 20,000 events, usually none), so it costs the primary-key lookups in the
 * millions and compiles: at 10 M cases the overdue count took 304 ms with JIT, 34 ms without.
 */
export function openCasesSettings(plan: OpenCasesPlan, database: 'pglite' | 'postgres'): string[] {
  return plan === 'rollup' && database === 'postgres' ? ['SET LOCAL jit = off'] : [];
}

/**
 * The open cases' `columns` (columns of both open_case and cases) in `scope` (a predicate on a table alias), each row
 * with a `sign`: a figure is the sum of `sign` over its rows (count(*) under `scan`, where every sign is 1).
 *
 * Under `rollup` the rows are every open_case row (+1), the open_case row of each touched case (−1: it cancels the
 * first, being the same row) and each touched case as it stands if open (+1). So the correction costs two lookups per
 * touched case, with no anti-join of open_case against the tail: written `NOT IN (SELECT … FROM touched)` it was
 * planned as a list searched once per open case (the planner sizes `touched` at ~300,000 rows, too many to hash),
 * and a KPI read at 10 M took 6.1 s with a tail of 1,000 events and 20.4 s with 5,000 (this: 0.13 and 0.18 s). `NOT
 * EXISTS` was planned as a merge join over open_case's primary key: the overdue count took 97 ms where this takes 34.
 */
export function openCasesSql(plan: OpenCasesPlan, columns: readonly string[], scope: (alias: string) => string = () => 'true'): string {
  const of = (t: string) => columns.map((c) => `${t}.${c}`).join(', ');
  if (plan === 'scan') return `SELECT 1 AS sign, ${of('c')} FROM cases c WHERE c.${OPEN} AND ${scope('c')}`;
  // A primary-key lookup per touched case, never a scan to hash-join a short tail against (OFFSET 0 keeps the planner
  // from pulling the subquery up into such a join).
  const lookup = (table: string, t: string) => `CROSS JOIN LATERAL (SELECT * FROM ${table} ${t} WHERE ${t}.case_id = t.case_id OFFSET 0) ${t}`;
  return `SELECT 1 AS sign, ${of('o')} FROM open_case o WHERE ${scope('o')}
  UNION ALL
  SELECT -1, ${of('o')} FROM touched t ${lookup('open_case', 'o')} WHERE ${scope('o')}
  UNION ALL
  SELECT 1, ${of('c')} FROM touched t ${lookup('cases', 'c')} WHERE c.${OPEN} AND ${scope('c')}`;
}
