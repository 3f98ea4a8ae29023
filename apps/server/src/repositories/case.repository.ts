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
  reported_at: Date;
  verified_at: Date | null;
  registered_at: Date | null;
  first_dispatched_at: Date | null;
  last_dispatched_at: Date | null;
  handled_at: Date | null;
  checked_at: Date | null;
  closed_at: Date | null;
  voided_at: Date | null;
  suspended_since: Date | null;
  suspensions: SuspensionSpan[];
  extensions: ExtendBy[];
  dispatch_count: number;
  return_count: number;
  rework_count: number;
  deadline: Date | null;
  closed_on_time: boolean | null;
  last_event_at: Date;
}

const ms = (d: Date | null) => (d === null ? null : d.getTime());
const iso = (n: number | null) => (n === null ? null : new Date(n).toISOString());

/** Current case state: loaded and saved in bulk inside the ingest transaction. */
@Injectable()
export class CaseRepository {
  async load(tx: Queryable, caseIds: string[]): Promise<Map<string, CaseState>> {
    const states = new Map<string, CaseState>();
    if (caseIds.length === 0) return states;
    const rows = await tx.query<CaseRow>(
      `SELECT case_id, category_code, source, description, reporter_id, ST_X(geom) AS lon, ST_Y(geom) AS lat,
              city_code, district_code, street_code, community_code, grid_code, status, status_before_suspend,
              department_code, reported_at, verified_at, registered_at, first_dispatched_at, last_dispatched_at,
              handled_at, checked_at, closed_at, voided_at, suspended_since, suspensions, extensions,
              dispatch_count, return_count, rework_count, deadline, closed_on_time, last_event_at
       FROM cases WHERE case_id = ANY($1::text[])`,
      [caseIds],
    );
    for (const r of rows) states.set(r.case_id, fromRow(r));
    return states;
  }

  /** Insert new cases and overwrite changed ones; `lastSeq` per case is the seq of its latest event. */
  async save(tx: Queryable, changed: { state: CaseState; major: string; family: string; lastSeq: number }[]): Promise<void> {
    if (changed.length === 0) return;
    const rows = changed.map(({ state: s, major, family, lastSeq }) => ({
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
      reported_at: iso(s.reportedAt),
      verified_at: iso(s.verifiedAt),
      registered_at: iso(s.registeredAt),
      first_dispatched_at: iso(s.firstDispatchedAt),
      last_dispatched_at: iso(s.lastDispatchedAt),
      handled_at: iso(s.handledAt),
      checked_at: iso(s.checkedAt),
      closed_at: iso(s.closedAt),
      voided_at: iso(s.voidedAt),
      suspended_since: iso(s.suspendedSince),
      suspensions: s.suspensions,
      extensions: s.extensions,
      dispatch_count: s.dispatchCount,
      return_count: s.returnCount,
      rework_count: s.reworkCount,
      deadline: iso(s.deadline),
      closed_on_time: s.closedOnTime,
      last_event_at: iso(s.lastEventAt),
      last_seq: lastSeq,
    }));
    await tx.query(
      `INSERT INTO cases (case_id, category_code, major_code, family_code, source, description, reporter_id, geom,
              city_code, district_code, street_code, community_code, grid_code, status, status_before_suspend,
              department_code, reported_at, verified_at, registered_at, first_dispatched_at, last_dispatched_at,
              handled_at, checked_at, closed_at, voided_at, suspended_since, suspensions, extensions,
              dispatch_count, return_count, rework_count, deadline, closed_on_time, last_event_at, last_seq)
       SELECT case_id, category_code, major_code, family_code, source, description, reporter_id,
              ST_SetSRID(ST_MakePoint(lon, lat), 4326),
              city_code, district_code, street_code, community_code, grid_code, status, status_before_suspend,
              department_code, reported_at, verified_at, registered_at, first_dispatched_at, last_dispatched_at,
              handled_at, checked_at, closed_at, voided_at, suspended_since, suspensions, extensions,
              dispatch_count, return_count, rework_count, deadline, closed_on_time, last_event_at, last_seq
       FROM json_to_recordset($1::json) AS r(case_id text, category_code text, major_code text, family_code text,
              source text, description text, reporter_id text, lon double precision, lat double precision,
              city_code text, district_code text, street_code text, community_code text, grid_code text,
              status text, status_before_suspend text, department_code text, reported_at timestamptz,
              verified_at timestamptz, registered_at timestamptz, first_dispatched_at timestamptz,
              last_dispatched_at timestamptz, handled_at timestamptz, checked_at timestamptz, closed_at timestamptz,
              voided_at timestamptz, suspended_since timestamptz, suspensions jsonb, extensions jsonb,
              dispatch_count integer, return_count integer, rework_count integer, deadline timestamptz,
              closed_on_time boolean, last_event_at timestamptz, last_seq bigint)
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
              last_event_at = EXCLUDED.last_event_at, last_seq = EXCLUDED.last_seq`,
      [JSON.stringify(rows)],
    );
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
    reportedAt: r.reported_at.getTime(),
    verifiedAt: ms(r.verified_at),
    registeredAt: ms(r.registered_at),
    firstDispatchedAt: ms(r.first_dispatched_at),
    lastDispatchedAt: ms(r.last_dispatched_at),
    handledAt: ms(r.handled_at),
    checkedAt: ms(r.checked_at),
    closedAt: ms(r.closed_at),
    voidedAt: ms(r.voided_at),
    suspendedSince: ms(r.suspended_since),
    suspensions: r.suspensions,
    extensions: r.extensions,
    dispatchCount: r.dispatch_count,
    returnCount: r.return_count,
    reworkCount: r.rework_count,
    deadline: ms(r.deadline),
    closedOnTime: r.closed_on_time,
    lastEventAt: r.last_event_at.getTime(),
  };
}
