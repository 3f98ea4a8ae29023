import { Inject, Injectable } from '@nestjs/common';
import type { CaseSource, CaseStatus, ExtendBy } from '@gridlens/contracts';
import type { CaseState, SuspensionSpan } from '@gridlens/workflow';
import { arrayLiteral } from '../db/array-literal';
import { DATABASE, type Database, type Queryable } from '../db/database';

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

/**
 * How a saved column crosses the wire: as one array parameter per column (`$n::type[]`).
 * `ms`: epoch milliseconds as float8, turned into timestamptz in SQL; `json`: JSON text, cast to jsonb.
 */
type Wire = 'text' | 'json' | 'float8' | 'int4' | 'bool' | 'ms';

interface SavedColumn {
  name: string;
  wire: Wire;
  /** Overwritten when the case already exists (the others are fixed when it is reported). */
  mutable: boolean;
  value: (w: CaseWrite) => unknown;
}

const fixed = (name: string, wire: Wire, value: (w: CaseWrite) => unknown): SavedColumn => ({ name, wire, mutable: false, value });
const mutable = (name: string, wire: Wire, value: (w: CaseWrite) => unknown): SavedColumn => ({ name, wire, mutable: true, value });

/** Every column save writes; lon and lat become geom. */
const SAVED_COLUMNS: SavedColumn[] = [
  fixed('case_id', 'text', (w) => w.state.caseId),
  fixed('category_code', 'text', (w) => w.state.category),
  fixed('major_code', 'text', (w) => w.major),
  fixed('family_code', 'text', (w) => w.family),
  fixed('source', 'text', (w) => w.state.source),
  fixed('description', 'text', (w) => w.state.description),
  fixed('reporter_id', 'text', (w) => w.state.reporterId),
  fixed('lon', 'float8', (w) => w.state.lon),
  fixed('lat', 'float8', (w) => w.state.lat),
  fixed('city_code', 'text', (w) => w.state.regions.city),
  fixed('district_code', 'text', (w) => w.state.regions.district),
  fixed('street_code', 'text', (w) => w.state.regions.street),
  fixed('community_code', 'text', (w) => w.state.regions.community),
  fixed('grid_code', 'text', (w) => w.state.regions.grid),
  fixed('reported_at', 'ms', (w) => w.state.reportedAt),
  mutable('status', 'text', (w) => w.state.status),
  mutable('status_before_suspend', 'text', (w) => w.state.statusBeforeSuspend),
  mutable('department_code', 'text', (w) => w.state.department),
  mutable('verified_at', 'ms', (w) => w.state.verifiedAt),
  mutable('registered_at', 'ms', (w) => w.state.registeredAt),
  mutable('first_dispatched_at', 'ms', (w) => w.state.firstDispatchedAt),
  mutable('last_dispatched_at', 'ms', (w) => w.state.lastDispatchedAt),
  mutable('handled_at', 'ms', (w) => w.state.handledAt),
  mutable('checked_at', 'ms', (w) => w.state.checkedAt),
  mutable('closed_at', 'ms', (w) => w.state.closedAt),
  mutable('voided_at', 'ms', (w) => w.state.voidedAt),
  mutable('suspended_since', 'ms', (w) => w.state.suspendedSince),
  mutable('suspensions', 'json', (w) => JSON.stringify(w.state.suspensions)),
  mutable('extensions', 'json', (w) => JSON.stringify(w.state.extensions)),
  mutable('dispatch_count', 'int4', (w) => w.state.dispatchCount),
  mutable('return_count', 'int4', (w) => w.state.returnCount),
  mutable('rework_count', 'int4', (w) => w.state.reworkCount),
  mutable('deadline', 'ms', (w) => w.state.deadline),
  mutable('closed_on_time', 'bool', (w) => w.state.closedOnTime),
  mutable('last_event_at', 'ms', (w) => w.state.lastEventAt),
  mutable('version', 'int4', (w) => w.version + 1),
];

const wireType = (wire: Wire) => (wire === 'ms' ? 'float8' : wire === 'json' ? 'text' : wire);
const stored = ({ name, wire }: SavedColumn) =>
  wire === 'ms' ? `to_timestamp(r.${name} / 1000.0)` : wire === 'json' ? `r.${name}::jsonb` : `r.${name}`;
const withoutLat = SAVED_COLUMNS.filter((c) => c.name !== 'lat');

/**
 * One array per column, unnested side by side in the select list (a ProjectSet: no per-function tuplestore, as
 * `unnest(a, b, …)` in FROM would build), sorted by case_id, then inserted or, for an existing case whose version is
 * unchanged, overwritten in its mutable columns (the same columns as ever: the indexed ones never change, so the
 * update stays HOT).
 */
const SAVE_SQL = `WITH written AS (
  INSERT INTO cases (${withoutLat.map((c) => (c.name === 'lon' ? 'geom' : c.name)).join(', ')})
  SELECT ${withoutLat.map((c) => (c.name === 'lon' ? 'ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326)' : stored(c))).join(', ')}
  FROM (SELECT ${SAVED_COLUMNS.map((c, i) => `unnest($${i + 1}::${wireType(c.wire)}[]) AS ${c.name}`).join(', ')}) AS r
  ORDER BY r.case_id COLLATE "C"
  ON CONFLICT (case_id) DO UPDATE SET
    ${SAVED_COLUMNS.filter((c) => c.mutable).map((c) => `${c.name} = EXCLUDED.${c.name}`).join(', ')}
  WHERE cases.version = EXCLUDED.version - 1
  RETURNING 1)
SELECT count(*)::int AS written FROM written`;

const TEXT_COLUMNS = [
  'case_id', 'category_code', 'source', 'description', 'reporter_id', 'city_code', 'district_code', 'street_code',
  'community_code', 'grid_code', 'status', 'status_before_suspend', 'department_code',
] as const;
const TIME_COLUMNS = [
  'reported_at', 'verified_at', 'registered_at', 'first_dispatched_at', 'last_dispatched_at', 'handled_at',
  'checked_at', 'closed_at', 'voided_at', 'suspended_since', 'deadline', 'last_event_at',
] as const;

/**
 * All loaded cases as one JSON text, parsed once by the client (far cheaper there than a row of 30 fields per
 * case); each case is [texts, numbers, suspensions, extensions, counts, closed_on_time], the values grouped by
 * type so the server types each group once. Times are epoch ms, exact (to the microsecond stored).
 */
const LOAD_SQL = `SELECT json_agg(json_build_array(
    ARRAY[${TEXT_COLUMNS.join(', ')}],
    ARRAY[ST_X(geom), ST_Y(geom), ${TIME_COLUMNS.map((c) => `(extract(epoch FROM ${c}) * 1000)::float8`).join(', ')}],
    suspensions, extensions, ARRAY[dispatch_count, return_count, rework_count, version], closed_on_time))::text AS cases
  FROM cases WHERE case_id = ANY($1::text[])`;

type LoadedCase = [
  texts: (string | null)[],
  numbers: (number | null)[],
  suspensions: SuspensionSpan[],
  extensions: ExtendBy[],
  counts: number[],
  closedOnTime: boolean | null,
];

/** Current case state: loaded and saved in bulk inside the ingest transaction. */
@Injectable()
export class CaseRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** One case's current state, outside any ingest transaction; null when there is no such case. */
  async find(caseId: string): Promise<CaseState | null> {
    return (await this.load(this.db, [caseId])).get(caseId)?.state ?? null;
  }

  async load(tx: Queryable, caseIds: string[]): Promise<Map<string, VersionedCase>> {
    const cases = new Map<string, VersionedCase>();
    if (caseIds.length === 0) return cases;
    const [row] = await tx.query<{ cases: string | null }>(LOAD_SQL, [caseIds]);
    if (!row?.cases) return cases;
    for (const loaded of JSON.parse(row.cases) as LoadedCase[]) {
      const state = fromLoaded(loaded);
      cases.set(state.caseId, { state, version: loaded[4][3] });
    }
    return cases;
  }

  /** The current version of each of these cases (absent: no such case). */
  async versions(tx: Queryable, caseIds: string[]): Promise<Map<string, number>> {
    if (caseIds.length === 0) return new Map();
    const rows = await tx.query<{ case_id: string; version: number }>(`SELECT case_id, version FROM cases WHERE case_id = ANY($1::text[])`, [caseIds]);
    return new Map(rows.map((r) => [r.case_id, r.version]));
  }

  /**
   * Insert new cases and overwrite changed ones, each only if nobody wrote it since it was read (its version is
   * unchanged; a new case does not exist yet). Rows are written in case_id order, so concurrent writers lock
   * them in the same order. Returns how many were written: fewer than given means a concurrent change.
   */
  async save(tx: Queryable, writes: CaseWrite[]): Promise<number> {
    if (writes.length === 0) return 0;
    const params = SAVED_COLUMNS.map((c) => arrayLiteral(writes.map(c.value)));
    const [result] = await tx.query<{ written: number }>(SAVE_SQL, params);
    return Number(result.written);
  }
}

function fromLoaded([t, n, suspensions, extensions, counts, closedOnTime]: LoadedCase): CaseState {
  return {
    caseId: t[0]!,
    category: t[1]!,
    source: t[2] as CaseSource,
    description: t[3],
    reporterId: t[4],
    lon: n[0]!,
    lat: n[1]!,
    regions: { city: t[5], district: t[6], street: t[7], community: t[8], grid: t[9] },
    status: t[10] as CaseStatus,
    statusBeforeSuspend: t[11] as CaseStatus | null,
    department: t[12],
    reportedAt: n[2]!,
    verifiedAt: n[3],
    registeredAt: n[4],
    firstDispatchedAt: n[5],
    lastDispatchedAt: n[6],
    handledAt: n[7],
    checkedAt: n[8],
    closedAt: n[9],
    voidedAt: n[10],
    suspendedSince: n[11],
    suspensions,
    extensions,
    dispatchCount: counts[0],
    returnCount: counts[1],
    reworkCount: counts[2],
    deadline: n[12],
    closedOnTime,
    lastEventAt: n[13]!,
  };
}
