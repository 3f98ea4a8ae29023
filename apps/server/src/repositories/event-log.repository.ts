import { Inject, Injectable } from '@nestjs/common';
import type { LiveEvent } from '@gridlens/contracts';
import { DATABASE, type Database, type Queryable } from '../db/database';

/** A row to append to the event log. */
export interface EventLogEntry extends LiveEvent {
  payload: unknown;
}

interface LiveEventRow {
  seq: number;
  event_id: string;
  case_id: string;
  type: LiveEvent['type'];
  at: Date;
  category_code: string;
  lon: number;
  lat: number;
  city_code: string | null;
  district_code: string | null;
  street_code: string | null;
  community_code: string | null;
  grid_code: string | null;
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
   * Append to the log; an event whose event_id is already logged is skipped. Returns how many rows were
   * written: fewer than given means some were duplicates after all (the caller then starts over).
   */
  async append(tx: Queryable, entries: EventLogEntry[]): Promise<number> {
    if (entries.length === 0) return 0;
    const rows = entries.map((e) => ({
      seq: e.seq,
      event_id: e.eventId,
      case_id: e.caseId,
      type: e.type,
      at: e.at,
      category_code: e.category,
      lon: e.lon,
      lat: e.lat,
      city_code: e.regions.city,
      district_code: e.regions.district,
      street_code: e.regions.street,
      community_code: e.regions.community,
      grid_code: e.regions.grid,
      status: e.status,
      payload: e.payload,
    }));
    const [result] = await tx.query<{ written: number }>(
      `WITH written AS (
         INSERT INTO case_event (seq, event_id, case_id, type, at, category_code, lon, lat,
                                 city_code, district_code, street_code, community_code, grid_code, status, payload)
         SELECT seq, event_id, case_id, type, at, category_code, lon, lat,
                city_code, district_code, street_code, community_code, grid_code, status, payload
         FROM json_to_recordset($1::json) AS r(seq bigint, event_id text, case_id text, type text, at timestamptz,
              category_code text, lon double precision, lat double precision, city_code text, district_code text,
              street_code text, community_code text, grid_code text, status text, payload json)
         ON CONFLICT (event_id) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS written FROM written`,
      [JSON.stringify(rows)],
    );
    return Number(result.written);
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
    regions: { city: r.city_code, district: r.district_code, street: r.street_code, community: r.community_code, grid: r.grid_code },
    status: r.status,
  };
}
