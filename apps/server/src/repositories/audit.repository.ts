import { Inject, Injectable } from '@nestjs/common';
import type { AuditEntry } from '@gridlens/contracts';
import { DATABASE, type Database, type Queryable } from '../db/database';

interface AuditRow {
  id: string | number;
  at: Date;
  actor: string;
  action: AuditEntry['action'];
  subject: string;
  details: Record<string, unknown>;
}

/** The audit log: append-only (db triggers refuse UPDATE and DELETE). Written inside the transaction it records. */
@Injectable()
export class AuditRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async add(q: Queryable, entry: { actor: string; action: AuditEntry['action']; subject: string; details: Record<string, unknown> }): Promise<void> {
    await q.query(`INSERT INTO audit_log (actor, action, subject, details) VALUES ($1, $2, $3, $4::jsonb)`, [
      entry.actor,
      entry.action,
      entry.subject,
      JSON.stringify(entry.details),
    ]);
  }

  /** Newest first; `before`: only entries with a smaller id (paging). */
  async list(limit: number, before: number | null): Promise<AuditEntry[]> {
    const rows = await this.db.query<AuditRow>(
      `SELECT id, at, actor, action, subject, details FROM audit_log
        WHERE ($2::int8 IS NULL OR id < $2::int8)
        ORDER BY id DESC LIMIT $1`,
      [limit, before],
    );
    return rows.map((r) => ({ id: Number(r.id), at: r.at.toISOString(), actor: r.actor, action: r.action, subject: r.subject, details: r.details }));
  }
}
