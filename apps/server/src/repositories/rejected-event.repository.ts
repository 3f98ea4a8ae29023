import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database, type Queryable } from '../db/database';

export interface Rejection {
  eventId: string | null;
  caseId: string | null;
  error: string;
  raw: unknown;
}

export interface StoredRejection extends Rejection {
  id: number;
  receivedAt: string;
}

/** Refused events, kept for operators with their raw payload and reason. */
@Injectable()
export class RejectedEventRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async add(tx: Queryable, rejections: Rejection[]): Promise<void> {
    if (rejections.length === 0) return;
    await tx.query(
      `INSERT INTO rejected_event (event_id, case_id, error, raw)
       SELECT event_id, case_id, error, raw FROM json_to_recordset($1::json) AS r(event_id text, case_id text, error text, raw jsonb)`,
      [JSON.stringify(rejections.map((r) => ({ event_id: r.eventId, case_id: r.caseId, error: r.error, raw: r.raw ?? null })))],
    );
  }

  async latest(limit: number): Promise<StoredRejection[]> {
    const rows = await this.db.query<{ id: number; received_at: Date; event_id: string | null; case_id: string | null; error: string; raw: unknown }>(
      `SELECT id, received_at, event_id, case_id, error, raw FROM rejected_event ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ id: r.id, receivedAt: r.received_at.toISOString(), eventId: r.event_id, caseId: r.case_id, error: r.error, raw: r.raw }));
  }
}
