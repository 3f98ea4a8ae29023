import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '../db/database';

/** A case as Open311 shows it (times in epoch ms). Never the reporter. */
export interface Open311CaseRow {
  caseId: string;
  category: string;
  department: string | null;
  status: string;
  description: string | null;
  lon: number;
  lat: number;
  reportedAt: number;
  updatedAt: number;
  deadline: number | null;
}

/** The filters of GET requests, resolved: instants in epoch ms, every one optional. */
export interface Open311CaseFilter {
  ids?: string[];
  categories?: string[];
  /** open = not closed and not voided; closed = closed or voided. */
  status?: 'open' | 'closed';
  reportedFrom?: number;
  reportedTo?: number;
  updatedAfter?: number;
  updatedBefore?: number;
  limit: number;
  /** `updated`: oldest change first (the client's incremental pull); `requested`: newest report first. */
  order: 'updated' | 'requested';
}

const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

/** Reads of the cases table for the Open311 GeoReport v2 server. */
@Injectable()
export class Open311Repository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async cases(filter: Open311CaseFilter): Promise<Open311CaseRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.ids) add('case_id = ANY(?::text[])', filter.ids);
    if (filter.categories) add('category_code = ANY(?::text[])', filter.categories);
    if (filter.status === 'open') where.push(`status NOT IN ('closed', 'voided')`);
    if (filter.status === 'closed') where.push(`status IN ('closed', 'voided')`);
    if (filter.reportedFrom !== undefined) add('reported_at >= to_timestamp(?::float8 / 1000)', filter.reportedFrom);
    if (filter.reportedTo !== undefined) add('reported_at <= to_timestamp(?::float8 / 1000)', filter.reportedTo);
    // To the second, as updated_datetime is written: a client passing back the newest value it saw gets nothing twice.
    if (filter.updatedAfter !== undefined) add(`date_trunc('second', last_event_at) > to_timestamp(?::float8 / 1000)`, filter.updatedAfter);
    if (filter.updatedBefore !== undefined) add(`date_trunc('second', last_event_at) <= to_timestamp(?::float8 / 1000)`, filter.updatedBefore);
    params.push(filter.limit);
    const order = filter.order === 'updated' ? 'last_event_at ASC, case_id ASC' : 'reported_at DESC, case_id ASC';
    const rows = await this.db.query<{
      case_id: string;
      category_code: string;
      department_code: string | null;
      status: string;
      description: string | null;
      lon: number;
      lat: number;
      reported_ms: number;
      updated_ms: number;
      deadline_ms: number | null;
    }>(
      `SELECT case_id, category_code, department_code, status, description,
              ST_X(geom) AS lon, ST_Y(geom) AS lat,
              ${ms('reported_at')} AS reported_ms, ${ms('last_event_at')} AS updated_ms, ${ms('deadline')} AS deadline_ms
       FROM cases
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${order}
       LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      caseId: r.case_id,
      category: r.category_code,
      department: r.department_code,
      status: r.status,
      description: r.description,
      lon: Number(r.lon),
      lat: Number(r.lat),
      reportedAt: Number(r.reported_ms),
      updatedAt: Number(r.updated_ms),
      deadline: r.deadline_ms === null ? null : Number(r.deadline_ms),
    }));
  }
}
