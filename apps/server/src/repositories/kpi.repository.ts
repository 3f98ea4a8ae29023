import { Inject, Injectable } from '@nestjs/common';
import type { DurationStats } from '@gridlens/contracts';
import { DATABASE, type Database, type Queryable } from '../db/database';

export interface KpiFilter {
  region: string | null;
  /** Minor category codes, or null for all. */
  categories: string[] | null;
  from: Date;
  to: Date;
  asOf: Date;
}

export const KPI_DURATIONS = ['reportToRegister', 'registerToDispatch', 'dispatchToHandled', 'reportToClose'] as const;
export type KpiDuration = (typeof KPI_DURATIONS)[number];

/** The figures counted by event time in the window (the trend rollup holds them too). */
export interface KpiWindowFigures {
  reported: number;
  registered: number;
  closed: number;
  closedOnTime: number;
  durations: Record<KpiDuration, DurationStats>;
}

/** The figures the trend rollup does not hold: voided in the window, open and overdue as of asOf, the due cohort. */
export interface KpiStandingFigures {
  seq: number;
  voided: number;
  open: number;
  overdue: number;
  due: number;
  dueClosed: number;
  dueClosedOnTime: number;
}

const DURATIONS: Record<KpiDuration, { start: string; end: string }> = {
  reportToRegister: { start: 'reported_at', end: 'registered_at' },
  registerToDispatch: { start: 'registered_at', end: 'first_dispatched_at' },
  dispatchToHandled: { start: 'first_dispatched_at', end: 'handled_at' },
  reportToClose: { start: 'reported_at', end: 'closed_at' },
};

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

const SCOPE = `($1::text IS NULL OR $1 IN (city_code, district_code, street_code, community_code, grid_code))
    AND ($2::text[] IS NULL OR category_code = ANY($2::text[]))`;

/**
 * The window's figures from the raw cases (source=raw, and what the trend rollup cannot serve): only the cases with
 * a stage time in [from, to) can count, and every stage is at or after the report, so `reported_at < to` bounds
 * the scan by the reported_at index. Exact percentile_cont. Definitions: docs/api.md ("KPIs").
 */
const WINDOW_SQL = `
SELECT
  count(*) FILTER (WHERE reported_at >= $3 AND reported_at < $4)::int AS reported,
  count(*) FILTER (WHERE registered_at >= $3 AND registered_at < $4)::int AS registered,
  count(*) FILTER (WHERE closed_at >= $3 AND closed_at < $4)::int AS closed,
  count(*) FILTER (WHERE closed_at >= $3 AND closed_at < $4 AND closed_on_time)::int AS closed_on_time,
  ${durationColumns()}
FROM cases
WHERE ${SCOPE}
  AND reported_at < $4 AND ($5::timestamptz IS NULL OR reported_at >= $5::timestamptz)
  AND ((reported_at >= $3 AND reported_at < $4) OR (registered_at >= $3 AND registered_at < $4)
       OR (first_dispatched_at >= $3 AND first_dispatched_at < $4) OR (handled_at >= $3 AND handled_at < $4)
       OR (closed_at >= $3 AND closed_at < $4))`;

/**
 * Voided in the window, open and overdue as of asOf, and the due cohort, each read through its own index
 * (db/migrations/20261129100000_open_cases.sql): the cases voided in the window, the open cases (partial index),
 * the cases registered in the window. One statement with the counter: one snapshot.
 */
const STANDING_SQL = `
SELECT
  (SELECT last_seq FROM event_counter WHERE id = 1) AS seq,
  (SELECT count(*) FROM cases WHERE voided_at >= $3 AND voided_at < $4 AND ${SCOPE})::int AS voided,
  o.open, o.overdue, d.due, d.due_closed, d.due_closed_on_time
FROM
  (SELECT count(*)::int AS open,
          count(*) FILTER (WHERE deadline < $5 AND (suspended_since IS NULL OR deadline < suspended_since))::int AS overdue
   FROM cases
   WHERE status NOT IN ('closed', 'voided') AND ${SCOPE}) o,
  (SELECT
     count(*) FILTER (WHERE closed_at <= LEAST($4::timestamptz, $5::timestamptz)
                      OR (deadline <= LEAST($4::timestamptz, $5::timestamptz) AND (suspended_since IS NULL OR deadline < suspended_since)))::int AS due,
     count(*) FILTER (WHERE closed_at <= LEAST($4::timestamptz, $5::timestamptz))::int AS due_closed,
     count(*) FILTER (WHERE closed_at <= LEAST($4::timestamptz, $5::timestamptz) AND closed_on_time)::int AS due_closed_on_time
   FROM cases
   WHERE registered_at >= $3 AND registered_at < $4 AND status <> 'voided' AND ${SCOPE}) d`;

const params = (f: KpiFilter) => [f.region, f.categories, f.from.toISOString(), f.to.toISOString(), f.asOf.toISOString()];

@Injectable()
export class KpiRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * The window's counts and durations from the raw cases (exact percentiles). `reportedFrom`: a bound the caller
   * knows holds for every case with a stage in the window (null: none). `q`: the caller's snapshot.
   */
  async windowFigures(f: KpiFilter, q: Queryable = this.db, reportedFrom: Date | null = null): Promise<KpiWindowFigures> {
    const [r] = await q.query<Record<string, number | null>>(WINDOW_SQL, [...params(f).slice(0, 4), reportedFrom?.toISOString() ?? null]);
    const stats = (name: KpiDuration): DurationStats => {
      const count = Number(r[`${name}_n`] ?? 0);
      return {
        count,
        meanSeconds: count ? Number(r[`${name}_mean`]) : null,
        p50Seconds: count ? Number(r[`${name}_p50`]) : null,
        p90Seconds: count ? Number(r[`${name}_p90`]) : null,
      };
    };
    return {
      reported: Number(r.reported),
      registered: Number(r.registered),
      closed: Number(r.closed),
      closedOnTime: Number(r.closed_on_time),
      durations: Object.fromEntries(KPI_DURATIONS.map((d) => [d, stats(d)])) as Record<KpiDuration, DurationStats>,
    };
  }

  /** The earliest report among the cases of the events in (after, upTo] (epoch ms; null: none). */
  async tailFirstReport(q: Queryable, after: number, upTo: number): Promise<number | null> {
    const [r] = await q.query<{ first: number | null }>(
      `SELECT (extract(epoch FROM min(c.reported_at)) * 1000)::float8 AS first
       FROM case_event e JOIN cases c ON c.case_id = e.case_id WHERE e.seq > $1 AND e.seq <= $2`,
      [after, upTo],
    );
    return r.first === null ? null : Number(r.first);
  }

  /** Voided, open, overdue and the due cohort, with the seq they are exact at. `q`: the caller's snapshot. */
  async standingFigures(f: KpiFilter, q: Queryable = this.db): Promise<KpiStandingFigures> {
    const [r] = await q.query<Record<string, number>>(STANDING_SQL, params(f));
    return {
      seq: Number(r.seq),
      voided: Number(r.voided),
      open: Number(r.open),
      overdue: Number(r.overdue),
      due: Number(r.due),
      dueClosed: Number(r.due_closed),
      dueClosedOnTime: Number(r.due_closed_on_time),
    };
  }
}
