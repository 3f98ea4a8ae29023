import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database, type Queryable } from '../db/database';
import { SEQ_COLUMN, SqlParams, scopePredicates, whereClause } from './map-filter';

export interface TrendFilter {
  region: string | null;
  /** Minor category codes, or null for all. */
  categories: string[] | null;
  /** Periods [from, to): a case is read when any of its stage times falls in one of them. */
  windows: { from: Date; to: Date }[];
  /** Only cases reported at or after this (a bound the caller knows holds for every case it wants). */
  reportedFrom?: Date;
}

/** The stage times of the matching cases, one array per column (epoch ms, null where the stage has not happened). */
export interface TrendCaseColumns {
  seq: number;
  reported: number[];
  registered: (number | null)[];
  dispatched: (number | null)[];
  handled: (number | null)[];
  closed: (number | null)[];
  /** Closed by the deadline (null: not closed, or no deadline). */
  onTime: (boolean | null)[];
}

/** The stage columns, in the order of TrendCaseColumns. */
const STAGE_COLUMNS = ['reported_at', 'registered_at', 'first_dispatched_at', 'handled_at', 'closed_at'] as const;

interface Row {
  seq: number;
  reported: number[] | null;
  registered: (number | null)[] | null;
  dispatched: (number | null)[] | null;
  handled: (number | null)[] | null;
  closed: (number | null)[] | null;
  on_time: (boolean | null)[] | null;
}

/**
 * The cases behind GET /api/v1/trends: stage times of every case in scope with a stage in one of the periods,
 * in one statement with the counter (one snapshot). Working time is computed from them in the service (the
 * work clock's calendar is not in SQL). Every stage is at or after the report, so `reported_at < last end`
 * bounds the scan by the reported_at index.
 */
@Injectable()
export class TrendRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** `q`: a transaction to read in (the wall reads its trend in the snapshot of its other figures). */
  async caseTimes(f: TrendFilter, q: Queryable = this.db): Promise<TrendCaseColumns> {
    const p = new SqlParams();
    const inSomeWindow = f.windows.flatMap(({ from, to }) => {
      const a = p.add(from.toISOString());
      const b = p.add(to.toISOString());
      return STAGE_COLUMNS.map((col) => `(c.${col} >= ${a}::timestamptz AND c.${col} < ${b}::timestamptz)`);
    });
    const lastEnd = new Date(Math.max(...f.windows.map((w) => w.to.getTime())));
    const where = [...scopePredicates(f, p), `c.reported_at < ${p.add(lastEnd.toISOString())}::timestamptz`, `(${inSomeWindow.join(' OR ')})`];
    if (f.reportedFrom) where.push(`c.reported_at >= ${p.add(f.reportedFrom.toISOString())}::timestamptz`);
    const ms = (col: string) => `(extract(epoch FROM c.${col}) * 1000)::float8`;
    const sql = `
      SELECT ${SEQ_COLUMN},
             json_agg(reported) AS reported, json_agg(registered) AS registered, json_agg(dispatched) AS dispatched,
             json_agg(handled) AS handled, json_agg(closed) AS closed, json_agg(on_time) AS on_time
      FROM (
        SELECT ${ms('reported_at')} AS reported, ${ms('registered_at')} AS registered, ${ms('first_dispatched_at')} AS dispatched,
               ${ms('handled_at')} AS handled, ${ms('closed_at')} AS closed, c.closed_on_time AS on_time
        FROM cases c
        ${whereClause(where)}
      ) t`;
    const [r] = await q.query<Row>(sql, p.values);
    return {
      seq: Number(r.seq),
      reported: r.reported ?? [],
      registered: r.registered ?? [],
      dispatched: r.dispatched ?? [],
      handled: r.handled ?? [],
      closed: r.closed ?? [],
      onTime: r.on_time ?? [],
    };
  }
}
