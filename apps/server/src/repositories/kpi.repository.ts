import { Inject, Injectable } from '@nestjs/common';
import type { DurationStats } from '@gridlens/contracts';
import { DATABASE, type Database } from '../db/database';

export interface KpiFilter {
  region: string | null;
  /** Minor category codes, or null for all. */
  categories: string[] | null;
  from: Date;
  to: Date;
  asOf: Date;
}

export interface KpiFigures {
  seq: number;
  reported: number;
  registered: number;
  closed: number;
  closedOnTime: number;
  voided: number;
  open: number;
  overdue: number;
  due: number;
  dueClosed: number;
  dueClosedOnTime: number;
  reportToRegister: DurationStats;
  registerToDispatch: DurationStats;
  dispatchToHandled: DurationStats;
  reportToClose: DurationStats;
}

const DURATIONS = {
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

/**
 * One statement, so the counter and the cases are read from one snapshot: the figures are exactly those
 * of the events with seq ≤ the returned seq. Definitions are in docs/api.md ("KPIs").
 */
const KPI_SQL = `
WITH scoped AS (
  SELECT * FROM cases
  WHERE ($1::text IS NULL OR $1 IN (city_code, district_code, street_code, community_code, grid_code))
    AND ($2::text[] IS NULL OR category_code = ANY($2::text[]))
)
SELECT
  (SELECT last_seq FROM event_counter WHERE id = 1) AS seq,
  count(*) FILTER (WHERE reported_at >= $3 AND reported_at < $4)::int AS reported,
  count(*) FILTER (WHERE registered_at >= $3 AND registered_at < $4)::int AS registered,
  count(*) FILTER (WHERE closed_at >= $3 AND closed_at < $4)::int AS closed,
  count(*) FILTER (WHERE closed_at >= $3 AND closed_at < $4 AND closed_on_time)::int AS closed_on_time,
  count(*) FILTER (WHERE voided_at >= $3 AND voided_at < $4)::int AS voided,
  count(*) FILTER (WHERE status NOT IN ('closed', 'voided'))::int AS open,
  count(*) FILTER (WHERE status NOT IN ('closed', 'voided') AND deadline < $5
                   AND (suspended_since IS NULL OR deadline < suspended_since))::int AS overdue,
  count(*) FILTER (WHERE registered_at >= $3 AND registered_at < $4 AND status <> 'voided'
                   AND (closed_at <= LEAST($4::timestamptz, $5::timestamptz) OR (deadline <= LEAST($4::timestamptz, $5::timestamptz) AND (suspended_since IS NULL OR deadline < suspended_since))))::int AS due,
  count(*) FILTER (WHERE registered_at >= $3 AND registered_at < $4 AND status <> 'voided' AND closed_at <= LEAST($4::timestamptz, $5::timestamptz))::int AS due_closed,
  count(*) FILTER (WHERE registered_at >= $3 AND registered_at < $4 AND status <> 'voided' AND closed_at <= LEAST($4::timestamptz, $5::timestamptz)
                   AND closed_on_time)::int AS due_closed_on_time,
  ${durationColumns()}
FROM scoped`;

@Injectable()
export class KpiRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async figures(filter: KpiFilter): Promise<KpiFigures> {
    const rows = await this.db.query<Record<string, number | null>>(KPI_SQL, [
      filter.region,
      filter.categories,
      filter.from.toISOString(),
      filter.to.toISOString(),
      filter.asOf.toISOString(),
    ]);
    const r = rows[0];
    const stats = (name: keyof typeof DURATIONS): DurationStats => {
      const count = Number(r[`${name}_n`] ?? 0);
      return {
        count,
        meanSeconds: count ? Number(r[`${name}_mean`]) : null,
        p50Seconds: count ? Number(r[`${name}_p50`]) : null,
        p90Seconds: count ? Number(r[`${name}_p90`]) : null,
      };
    };
    return {
      seq: Number(r.seq),
      reported: Number(r.reported),
      registered: Number(r.registered),
      closed: Number(r.closed),
      closedOnTime: Number(r.closed_on_time),
      voided: Number(r.voided),
      open: Number(r.open),
      overdue: Number(r.overdue),
      due: Number(r.due),
      dueClosed: Number(r.due_closed),
      dueClosedOnTime: Number(r.due_closed_on_time),
      reportToRegister: stats('reportToRegister'),
      registerToDispatch: stats('registerToDispatch'),
      dispatchToHandled: stats('dispatchToHandled'),
      reportToClose: stats('reportToClose'),
    };
  }
}
