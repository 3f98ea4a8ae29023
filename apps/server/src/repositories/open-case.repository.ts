import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database, type Queryable } from '../db/database';
import { OPEN } from './open-cases-sql';

const COLUMNS = 'case_id, category_code, city_code, district_code, street_code, community_code, grid_code, deadline, suspended_since';

/**
 * open_case: the open cases as of the rollups' watermark (db/migrations/20261129120000_open_cases.sql), written by
 * the rollup fold and rebuild only. Reads (KpiRepository) take the cases touched since the watermark from `cases`.
 */
@Injectable()
export class OpenCaseRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Refill from every case (a rebuild; the caller holds the rollup writers' lock and sets the watermark in the same
   * transaction). A case with events after the watermark may be written as it stands later: reads replace it.
   */
  async rebuild(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM open_case`);
    await tx.query(`INSERT INTO open_case (${COLUMNS}) SELECT ${COLUMNS} FROM cases WHERE ${OPEN}`);
    await tx.query(`ANALYZE open_case`);
  }

  /** Fold the events in (after, upTo]: each touched case leaves, and comes back if it is open. */
  async refresh(tx: Queryable, after: number, upTo: number): Promise<void> {
    const touched = `SELECT DISTINCT case_id FROM case_event WHERE seq > $1 AND seq <= $2`;
    await tx.query(`DELETE FROM open_case WHERE case_id IN (${touched})`, [after, upTo]);
    await tx.query(`INSERT INTO open_case (${COLUMNS}) SELECT ${COLUMNS} FROM cases WHERE case_id IN (${touched}) AND ${OPEN}`, [after, upTo]);
  }

  /**
   * Summarise the event log's new BRIN ranges by time (autovacuum does it on a server; PGlite has none) and, when
   * `analyze`, refresh the log's statistics: without them (PGlite never analyses) the planner knows nothing of the
   * correlation of `at` with the log's order and scans the whole log instead of its BRIN ranges.
   */
  async maintainEventLog(q: Queryable = this.db, analyze = false): Promise<void> {
    await q.query(`SELECT brin_summarize_new_values('case_event_at_brin'::regclass)`);
    if (analyze) await q.query(`ANALYZE case_event`);
  }
}
