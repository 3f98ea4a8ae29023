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
 * `rollup`: open_case (the open cases as of the rollups' watermark) for the cases with no event since, and `cases` for
 * the others (needs a CTE `touched` of TOUCHED in the same statement, so both are read in one snapshot). `scan`: every
 * case. Exact either way (test/db/kpi-plans.spec.ts); `rollup` reads open_case and a primary-key lookup per touched
 * case instead of the whole table.
 */
export type OpenCasesPlan = 'rollup' | 'scan';

/** The open cases' `columns` (columns of both open_case and cases) in `scope` (a predicate on a table alias). */
export function openCasesSql(plan: OpenCasesPlan, columns: readonly string[], scope: (alias: string) => string = () => 'true'): string {
  const of = (t: string) => columns.map((c) => `${t}.${c}`).join(', ');
  if (plan === 'scan') return `SELECT ${of('c')} FROM cases c WHERE c.${OPEN} AND ${scope('c')}`;
  // NOT EXISTS, an anti-join the planner sizes (NOT IN over a subquery it cannot size was estimated at ~5×10^8 rows).
  return `SELECT ${of('o')} FROM open_case o
  WHERE ${scope('o')} AND NOT EXISTS (SELECT 1 FROM touched t WHERE t.case_id = o.case_id)
  UNION ALL
  SELECT ${of('c')} FROM touched t
  -- A primary-key lookup per touched case, never a scan of cases to hash-join a short tail against (OFFSET 0 keeps
  -- the planner from pulling the subquery up into such a join).
  CROSS JOIN LATERAL (SELECT * FROM cases c WHERE c.case_id = t.case_id OFFSET 0) c
  WHERE c.${OPEN} AND ${scope('c')}`;
}
