import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '../db/database';

/** What the demo mode asks of the database before it simulates: whose cases are there, and how far it got. */
@Injectable()
export class DemoRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Cases whose id starts with `prefix-` (the demo's) and all others. */
  async caseCounts(prefix: string): Promise<{ demo: number; other: number }> {
    const [row] = await this.db.query<{ demo: number; other: number }>(
      `SELECT count(*) FILTER (WHERE starts_with(case_id, $1))::int AS demo,
              count(*) FILTER (WHERE NOT starts_with(case_id, $1))::int AS other
       FROM cases`,
      [`${prefix}-`],
    );
    return { demo: Number(row.demo), other: Number(row.other) };
  }

  /** The time (epoch ms) of the demo's most recently logged event, or null (walks the log back from its head). */
  async lastEventAt(prefix: string): Promise<number | null> {
    const rows = await this.db.query<{ at: Date | string }>(
      `SELECT at FROM case_event WHERE starts_with(case_id, $1) ORDER BY seq DESC LIMIT 1`,
      [`${prefix}-`],
    );
    return rows.length ? new Date(rows[0].at).getTime() : null;
  }
}
