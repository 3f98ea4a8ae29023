import { Injectable } from '@nestjs/common';
import type { CaseSource, CaseStatus, ExtendBy } from '@gridlens/contracts';
import type { CaseState, SuspensionSpan } from '@gridlens/workflow';
import type { Queryable } from '../db/database';

interface CaseRow {
  case_id: string;
  category_code: string;
  source: CaseSource;
  description: string | null;
  reporter_id: string | null;
  lon: number;
  lat: number;
  city_code: string | null;
  district_code: string | null;
  street_code: string | null;
  community_code: string | null;
  grid_code: string | null;
  status: CaseStatus;
  status_before_suspend: CaseStatus | null;
  department_code: string | null;
  reported_at: number;
  verified_at: number | null;
  registered_at: number | null;
  first_dispatched_at: number | null;
  last_dispatched_at: number | null;
  handled_at: number | null;
  checked_at: number | null;
  closed_at: number | null;
  voided_at: number | null;
  suspended_since: number | null;
  suspensions: SuspensionSpan[];
  extensions: ExtendBy[];
  dispatch_count: number;
  return_count: number;
  rework_count: number;
  deadline: number | null;
  closed_on_time: boolean | null;
  last_event_at: number;
  version: number;
}

/** A case as loaded, with the version a later save must find unchanged. */
export interface VersionedCase {
  state: CaseState;
  version: number;
}

export interface CaseWrite {
  state: CaseState;
  major: string;
  family: string;
  /** The version read (0 for a new case); the write stores version + 1. */
  version: number;
}

/** Times cross the wire as epoch milliseconds (numbers), not as dates to format and parse. */
const TIME_COLUMNS = [
  'reported_at', 'verified_at', 'registered_at', 'first_dispatched_at', 'last_dispatched_at', 'handled_at',
  'checked_at', 'closed_at', 'voided_at', 'suspended_since', 'deadline', 'last_event_at',
] as const;
const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8 AS ${column}`;
const fromMs = (column: string) => `to_timestamp(${column} / 1000.0)`;

/** Current case state: loaded and saved in bulk inside the ingest transaction. */
@Injectable()
export class CaseRepository {
  async load(tx: Queryable, caseIds: string[]): Promise<Map<string, VersionedCase>> {
    const cases = new Map<string, VersionedCase>();
    if (caseIds.length === 0) return cases;
    const rows = await tx.query<CaseRow>(
      `SELECT case_id, category_code, source, description, reporter_id, ST_X(geom) AS lon, ST_Y(geom) AS lat,
              city_code, district_code, street_code, community_code, grid_code, status, status_before_suspend,
              department_code, ${TIME_COLUMNS.map(epochMs).join(', ')}, suspensions, extensions,
              dispatch_count, return_count, rework_count, closed_on_time, version
       FROM cases WHERE case_id = ANY($1::text[])`,
      [caseIds],
    );
    for (const r of rows) cases.set(r.case_id, { state: fromRow(r), version: r.version });
    return cases;
  }

  /**
   * Insert new cases and overwrite changed ones, each only if nobody wrote it since it was read (its version is
   * unchanged; a new case does not exist yet). Rows are written in case_id order, so concurrent writers lock
   * them in the same order. Returns how many were written: fewer than given means a concurrent change.
   */
  async save(tx: Queryable, writes: CaseWrite[]): Promise<number> {
    if (writes.length === 0) return 0;
    const rows = writes.map(({ state: s, major, family, version }) => ({
      case_id: s.caseId,
      category_code: s.category,
      major_code: major,
      family_code: family,
      source: s.source,
      description: s.description,
      reporter_id: s.reporterId,
      lon: s.lon,
      lat: s.lat,
      city_code: s.regions.city,
      district_code: s.regions.district,
      street_code: s.regions.street,
      community_code: s.regions.community,
      grid_code: s.regions.grid,
      status: s.status,
      status_before_suspend: s.statusBeforeSuspend,
      department_code: s.department,
      reported_at: s.reportedAt,
      verified_at: s.verifiedAt,
      registered_at: s.registeredAt,
      first_dispatched_at: s.firstDispatchedAt,
      last_dispatched_at: s.lastDispatchedAt,
      handled_at: s.handledAt,
      checked_at: s.checkedAt,
      closed_at: s.closedAt,
      voided_at: s.voidedAt,
      suspended_since: s.suspendedSince,
      suspensions: s.suspensions,
      extensions: s.extensions,
      dispatch_count: s.dispatchCount,
      return_count: s.returnCount,
      rework_count: s.reworkCount,
      deadline: s.deadline,
      closed_on_time: s.closedOnTime,
      last_event_at: s.lastEventAt,
      version: version + 1,
    }));
    const [result] = await tx.query<{ written: number }>(
      `WITH written AS (
         INSERT INTO cases (case_id, category_code, major_code, family_code, source, description, reporter_id, geom,
                city_code, district_code, street_code, community_code, grid_code, status, status_before_suspend,
                department_code, ${TIME_COLUMNS.join(', ')}, suspensions, extensions,
                dispatch_count, return_count, rework_count, closed_on_time, version)
         SELECT case_id, category_code, major_code, family_code, source, description, reporter_id,
                ST_SetSRID(ST_MakePoint(lon, lat), 4326),
                city_code, district_code, street_code, community_code, grid_code, status, status_before_suspend,
                department_code, ${TIME_COLUMNS.map(fromMs).join(', ')}, suspensions, extensions,
                dispatch_count, return_count, rework_count, closed_on_time, version
         FROM json_to_recordset($1::json) AS r(case_id text, category_code text, major_code text, family_code text,
                source text, description text, reporter_id text, lon double precision, lat double precision,
                city_code text, district_code text, street_code text, community_code text, grid_code text,
                status text, status_before_suspend text, department_code text,
                ${TIME_COLUMNS.map((c) => `${c} double precision`).join(', ')},
                suspensions jsonb, extensions jsonb, dispatch_count integer, return_count integer,
                rework_count integer, closed_on_time boolean, version integer)
         ORDER BY case_id
         ON CONFLICT (case_id) DO UPDATE SET
                status = EXCLUDED.status, status_before_suspend = EXCLUDED.status_before_suspend,
                department_code = EXCLUDED.department_code, verified_at = EXCLUDED.verified_at,
                registered_at = EXCLUDED.registered_at, first_dispatched_at = EXCLUDED.first_dispatched_at,
                last_dispatched_at = EXCLUDED.last_dispatched_at, handled_at = EXCLUDED.handled_at,
                checked_at = EXCLUDED.checked_at, closed_at = EXCLUDED.closed_at, voided_at = EXCLUDED.voided_at,
                suspended_since = EXCLUDED.suspended_since, suspensions = EXCLUDED.suspensions,
                extensions = EXCLUDED.extensions, dispatch_count = EXCLUDED.dispatch_count,
                return_count = EXCLUDED.return_count, rework_count = EXCLUDED.rework_count,
                deadline = EXCLUDED.deadline, closed_on_time = EXCLUDED.closed_on_time,
                last_event_at = EXCLUDED.last_event_at, version = EXCLUDED.version
         WHERE cases.version = EXCLUDED.version - 1
         RETURNING 1)
       SELECT count(*)::int AS written FROM written`,
      [JSON.stringify(rows)],
    );
    return Number(result.written);
  }
}

function fromRow(r: CaseRow): CaseState {
  return {
    caseId: r.case_id,
    category: r.category_code,
    source: r.source,
    description: r.description,
    reporterId: r.reporter_id,
    lon: r.lon,
    lat: r.lat,
    regions: { city: r.city_code, district: r.district_code, street: r.street_code, community: r.community_code, grid: r.grid_code },
    status: r.status,
    statusBeforeSuspend: r.status_before_suspend,
    department: r.department_code,
    reportedAt: r.reported_at,
    verifiedAt: r.verified_at,
    registeredAt: r.registered_at,
    firstDispatchedAt: r.first_dispatched_at,
    lastDispatchedAt: r.last_dispatched_at,
    handledAt: r.handled_at,
    checkedAt: r.checked_at,
    closedAt: r.closed_at,
    voidedAt: r.voided_at,
    suspendedSince: r.suspended_since,
    suspensions: r.suspensions,
    extensions: r.extensions,
    dispatchCount: r.dispatch_count,
    returnCount: r.return_count,
    reworkCount: r.rework_count,
    deadline: r.deadline,
    closedOnTime: r.closed_on_time,
    lastEventAt: r.last_event_at,
  };
}
