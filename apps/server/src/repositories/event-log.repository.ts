import { Inject, Injectable } from '@nestjs/common';
import type { LiveEvent, LoggedEvent } from '@gridlens/contracts';
import { arrayLiteral } from '../db/array-literal';
import { DATABASE, type Database, type Queryable } from '../db/database';
import { regionCodesOf, type RegionColumns } from './region-columns';

/** An event to append to the log, before it has its seq. */
export interface EventLogEntry {
  eventId: string;
  caseId: string;
  type: LiveEvent['type'];
  /** `at` as epoch milliseconds. */
  atMs: number;
  category: string;
  lon: number;
  lat: number;
  regions: LiveEvent['regions'];
  status: LiveEvent['status'];
  /** What the event carries beyond these columns (source, description, department, extendBy …), or null. */
  details: Record<string, unknown> | null;
}

/** Entries turned into one array literal per column, ready to append once their seqs are known. */
export interface PreparedAppend {
  count: number;
  columns: string[];
}

const APPEND_SQL = `WITH written AS (
  INSERT INTO case_event (seq, event_id, case_id, type, at, category_code, lon, lat,
                          city_code, district_code, street_code, community_code, grid_code, status, details)
  SELECT generate_series($1::int8, $2::int8), unnest($3::text[]), unnest($4::text[]), unnest($5::text[]),
         to_timestamp(unnest($6::float8[]) / 1000.0), unnest($7::text[]), unnest($8::float8[]), unnest($9::float8[]),
         unnest($10::text[]), unnest($11::text[]), unnest($12::text[]), unnest($13::text[]), unnest($14::text[]),
         unnest($15::text[]), unnest($16::text[])::json
  ON CONFLICT (event_id) DO NOTHING
  RETURNING 1)
SELECT count(*)::int AS written FROM written`;

interface LiveEventRow extends RegionColumns {
  seq: number;
  event_id: string;
  case_id: string;
  type: LiveEvent['type'];
  at: Date;
  category_code: string;
  lon: number;
  lat: number;
  status: LiveEvent['status'];
}

export interface EventScope {
  region?: string | null;
  /** Minor category codes; null = all. */
  categories?: string[] | null;
}

@Injectable()
export class EventLogRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Take the seq counter's row lock for the rest of the transaction: ingest transactions run one at a time. */
  async lockCounter(tx: Queryable): Promise<number> {
    const [row] = await tx.query<{ last_seq: number }>(`SELECT last_seq FROM event_counter WHERE id = 1 FOR UPDATE`);
    return row.last_seq;
  }

  async setCounter(tx: Queryable, lastSeq: number): Promise<void> {
    await tx.query(`UPDATE event_counter SET last_seq = $1 WHERE id = 1`, [lastSeq]);
  }

  async lastSeq(): Promise<number> {
    const [row] = await this.db.query<{ last_seq: number }>(`SELECT last_seq FROM event_counter WHERE id = 1`);
    return row.last_seq;
  }

  /** Which of these event ids are already in the log. */
  async existingEventIds(tx: Queryable, eventIds: string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const rows = await tx.query<{ event_id: string }>(`SELECT event_id FROM case_event WHERE event_id = ANY($1::text[])`, [eventIds]);
    return new Set(rows.map((r) => r.event_id));
  }

  /**
   * Turn entries into column arrays (see array-literal.ts: far cheaper for PostgreSQL than JSON rows). Done before
   * the seq counter is locked, so the lock is held only for the insert itself.
   */
  prepare(entries: EventLogEntry[]): PreparedAppend {
    const column = (pick: (e: EventLogEntry) => unknown) => arrayLiteral(entries.map(pick));
    return {
      count: entries.length,
      columns: [
        column((e) => e.eventId),
        column((e) => e.caseId),
        column((e) => e.type),
        column((e) => e.atMs),
        column((e) => e.category),
        column((e) => e.lon),
        column((e) => e.lat),
        column((e) => e.regions.city),
        column((e) => e.regions.district),
        column((e) => e.regions.street),
        column((e) => e.regions.community),
        column((e) => e.regions.grid),
        column((e) => e.status),
        column((e) => (e.details === null ? null : JSON.stringify(e.details))),
      ],
    };
  }

  /**
   * Append prepared entries as seqs firstSeq, firstSeq + 1, …; an event whose event_id is already logged is
   * skipped. Returns how many rows were written: fewer than given means some were duplicates after all (the caller
   * then starts over).
   */
  async append(tx: Queryable, prepared: PreparedAppend, firstSeq: number): Promise<number> {
    if (prepared.count === 0) return 0;
    const [result] = await tx.query<{ written: number }>(APPEND_SQL, [firstSeq, firstSeq + prepared.count - 1, ...prepared.columns]);
    return Number(result.written);
  }

  /** Every logged event of one case, in seq order. */
  async forCase(caseId: string): Promise<LoggedEvent[]> {
    const rows = await this.db.query<{ seq: number; event_id: string; type: LoggedEvent['type']; at: Date; status: LoggedEvent['status']; details: Record<string, unknown> | null }>(
      `SELECT seq, event_id, type, at, status, details FROM case_event WHERE case_id = $1 ORDER BY seq`,
      [caseId],
    );
    return rows.map((r) => ({ seq: Number(r.seq), eventId: r.event_id, type: r.type, at: r.at.toISOString(), status: r.status, details: r.details }));
  }

  /** Events with afterSeq < seq ≤ toSeq in the scope, in seq order. */
  async range(afterSeq: number, toSeq: number, scope: EventScope = {}, limit = 10_000): Promise<LiveEvent[]> {
    const rows = await this.db.query<LiveEventRow>(
      `SELECT seq, event_id, case_id, type, at, category_code, lon, lat,
              city_code, district_code, street_code, community_code, grid_code, status
       FROM case_event
       WHERE seq > $1 AND seq <= $2
         AND ($3::text IS NULL OR $3 IN (city_code, district_code, street_code, community_code, grid_code))
         AND ($4::text[] IS NULL OR category_code = ANY($4::text[]))
       ORDER BY seq
       LIMIT $5`,
      [afterSeq, toSeq, scope.region ?? null, scope.categories ?? null, limit],
    );
    return rows.map(toLiveEvent);
  }
}

function toLiveEvent(r: LiveEventRow): LiveEvent {
  return {
    seq: r.seq,
    eventId: r.event_id,
    caseId: r.case_id,
    type: r.type,
    at: r.at.toISOString(),
    category: r.category_code,
    lon: r.lon,
    lat: r.lat,
    regions: regionCodesOf(r),
    status: r.status,
  };
}
