-- KPIs without scanning every case (docs/architecture.md, "KPIs"): GET /api/v1/kpis reads its window counts and
-- durations from trend_rollup, and the rest through these indexes, so a read touches the open cases, the cases
-- registered in the window and the cases voided in it, not the whole table.

-- open and overdue (as of asOf): the open cases only. The scope columns and suspended_since are carried, so the
-- count is answered from the index alone once the table is vacuumed. Cost: an event that changes a case's status
-- can no longer be a HOT update (the predicate's column changes), so it adds entries to every index of cases.
CREATE INDEX cases_open_idx ON cases (deadline)
  INCLUDE (suspended_since, category_code, city_code, district_code, street_code, community_code, grid_code)
  WHERE status NOT IN ('closed', 'voided');

-- due, dueClosed, dueClosedOnTime: the cases registered in the window.
CREATE INDEX cases_registered_at_idx ON cases (registered_at) WHERE registered_at IS NOT NULL;

-- voided: the cases voided in the window (not in trend_rollup; few cases are voided).
CREATE INDEX cases_voided_at_idx ON cases (voided_at) WHERE voided_at IS NOT NULL;
