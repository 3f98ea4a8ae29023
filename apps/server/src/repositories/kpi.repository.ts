import { Inject, Injectable } from '@nestjs/common';
import type { DurationStats } from '@gridlens/contracts';
import { DATABASE, queryWithSettings, type Database } from '../db/database';
import { DURATIONS, kpiSettings, kpiSql, type KpiPlan } from './kpi-sql';

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

@Injectable()
export class KpiRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The earliest report of all cases (epoch ms; null: none), by the reported_at index. */
  async firstReport(): Promise<number | null> {
    const [r] = await this.db.query<{ first: number | null }>(`SELECT (extract(epoch FROM min(reported_at)) * 1000)::float8 AS first FROM cases`);
    return r.first === null ? null : Number(r.first);
  }

  async figures(filter: KpiFilter, plan: KpiPlan): Promise<KpiFigures> {
    const params = [filter.region, filter.categories, filter.from.toISOString(), filter.to.toISOString(), filter.asOf.toISOString()];
    const rows = await queryWithSettings<Record<string, number | null>>(this.db, kpiSettings(plan, this.db.kind), kpiSql(plan), params);
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
