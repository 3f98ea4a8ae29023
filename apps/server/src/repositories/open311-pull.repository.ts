import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '../db/database';

/**
 * The Open311 client's high-water mark: the `cursor` of its import_job rows (kind `open311`, file_sha256 = the feed's
 * key, a digest of its URL and jurisdiction). The other columns are written through ImportJobRepository.
 */
@Injectable()
export class Open311PullRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The latest mark recorded for the feed (an ISO instant), or null before its first pull. */
  async highWaterMark(feedKey: string): Promise<string | null> {
    const rows = await this.db.query<{ cursor: string }>(
      `SELECT cursor FROM import_job WHERE kind = 'open311' AND file_sha256 = $1 AND cursor IS NOT NULL
        ORDER BY updated_at DESC, started_at DESC LIMIT 1`,
      [feedKey],
    );
    return rows[0]?.cursor ?? null;
  }

  async setHighWaterMark(jobId: string, cursor: string): Promise<void> {
    await this.db.query(`UPDATE import_job SET cursor = $2, updated_at = now() WHERE id = $1`, [jobId, cursor]);
  }
}
