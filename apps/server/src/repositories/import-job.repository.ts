import { Inject, Injectable } from '@nestjs/common';
import type { ImportJob, ImportJobState, UnmappedValue } from '@gridlens/contracts';
import { DATABASE, type Database } from '../db/database';

interface JobRow {
  id: string;
  kind: string;
  file_name: string;
  file_sha256: string;
  file_bytes: string | number | null;
  mapping_digest: string;
  mapping: { source?: string };
  rows_read: number;
  rows_imported: number;
  rows_rejected: number;
  rejected_by: Record<string, number>;
  unmapped: Partial<ImportJob['unmapped']>;
  events_added: number;
  events_duplicate: number;
  last_line: number;
  bytes_read: string | number;
  state: ImportJobState;
  error: string | null;
  rejects_path: string | null;
  rejects_bytes: string | number;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  started_by: string;
}

/** A job as stored, plus where its rejects file is (server side only). */
export type StoredImportJob = Omit<ImportJob, 'resumed' | 'rowsPerSecond' | 'etaSeconds'> & { rejectsPath: string | null; rejectsBytes: number; mapping: unknown };

export interface NewImportJob {
  id: string;
  kind: string;
  fileName: string;
  fileSha256: string;
  fileBytes: number | null;
  mappingDigest: string;
  mapping: unknown;
  rejectsPath: string;
  startedBy: string;
}

/** What a checkpoint records: everything up to `lastLine` is committed. */
export interface ImportCheckpoint {
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  rejectedBy: Record<string, number>;
  unmapped: ImportJob['unmapped'];
  eventsAdded: number;
  eventsDuplicate: number;
  lastLine: number;
  bytesRead: number;
  /** The rejects file's length with every rejected row up to lastLine written. */
  rejectsBytes: number;
}

const COLUMNS = `id, kind, file_name, file_sha256, file_bytes, mapping_digest, mapping, rows_read, rows_imported, rows_rejected,
  rejected_by, unmapped, events_added, events_duplicate, last_line, bytes_read, state, error, rejects_path, rejects_bytes, started_at,
  updated_at, finished_at, started_by`;

@Injectable()
export class ImportJobRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async create(job: NewImportJob): Promise<void> {
    await this.db.query(
      `INSERT INTO import_job (id, kind, file_name, file_sha256, file_bytes, mapping_digest, mapping, rejects_path, started_by, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, 'running')`,
      [job.id, job.kind, job.fileName, job.fileSha256, job.fileBytes, job.mappingDigest, JSON.stringify(job.mapping), job.rejectsPath, job.startedBy],
    );
  }

  /** The latest unfinished (running or failed) job of the same file and mapping: the one to resume. */
  async findResumable(kind: string, fileSha256: string, mappingDigest: string): Promise<StoredImportJob | null> {
    const rows = await this.db.query<JobRow>(
      `SELECT ${COLUMNS} FROM import_job
        WHERE kind = $1 AND file_sha256 = $2 AND mapping_digest = $3 AND state <> 'done'
        ORDER BY started_at DESC, id DESC LIMIT 1`,
      [kind, fileSha256, mappingDigest],
    );
    return rows[0] ? jobOf(rows[0]) : null;
  }

  async get(id: string): Promise<StoredImportJob | null> {
    const rows = await this.db.query<JobRow>(`SELECT ${COLUMNS} FROM import_job WHERE id = $1`, [id]);
    return rows[0] ? jobOf(rows[0]) : null;
  }

  async list(kind: string, limit: number): Promise<StoredImportJob[]> {
    const rows = await this.db.query<JobRow>(`SELECT ${COLUMNS} FROM import_job WHERE kind = $1 ORDER BY started_at DESC, id DESC LIMIT $2`, [kind, limit]);
    return rows.map(jobOf);
  }

  /** Marks a job running again (a resume), possibly under another actor. */
  async restart(id: string, startedBy: string): Promise<void> {
    await this.db.query(`UPDATE import_job SET state = 'running', error = NULL, finished_at = NULL, updated_at = now(), started_by = $2 WHERE id = $1`, [id, startedBy]);
  }

  async checkpoint(id: string, c: ImportCheckpoint): Promise<void> {
    await this.db.query(
      `UPDATE import_job SET rows_read = $2, rows_imported = $3, rows_rejected = $4, rejected_by = $5::jsonb, unmapped = $6::jsonb,
              events_added = $7, events_duplicate = $8, last_line = $9, bytes_read = $10, rejects_bytes = $11, updated_at = now()
        WHERE id = $1`,
      [id, c.rowsRead, c.rowsImported, c.rowsRejected, JSON.stringify(c.rejectedBy), JSON.stringify(c.unmapped), c.eventsAdded, c.eventsDuplicate, c.lastLine, c.bytesRead, c.rejectsBytes],
    );
  }

  async finish(id: string, state: 'done' | 'failed', error: string | null): Promise<void> {
    await this.db.query(`UPDATE import_job SET state = $2, error = $3, finished_at = now(), updated_at = now() WHERE id = $1`, [id, state, error]);
  }

  /** Jobs left running by a process that is gone (a server restart): marked failed, so they can be resumed. */
  async failRunning(kind: string, error: string): Promise<number> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE import_job SET state = 'failed', error = $2, finished_at = now(), updated_at = now() WHERE kind = $1 AND state = 'running' RETURNING id`,
      [kind, error],
    );
    return rows.length;
  }
}

const EMPTY_UNMAPPED = (): ImportJob['unmapped'] => ({ categories: [], departments: [], statuses: [], channels: [] });

function jobOf(r: JobRow): StoredImportJob {
  return {
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    fileBytes: r.file_bytes === null ? null : Number(r.file_bytes),
    mappingDigest: r.mapping_digest,
    mapping: r.mapping,
    source: r.mapping?.source ?? '',
    state: r.state,
    error: r.error,
    rowsRead: r.rows_read,
    rowsImported: r.rows_imported,
    rowsRejected: r.rows_rejected,
    rejectedBy: r.rejected_by,
    unmapped: { ...EMPTY_UNMAPPED(), ...(r.unmapped as Record<string, UnmappedValue[]>) },
    eventsAdded: r.events_added,
    eventsDuplicate: r.events_duplicate,
    lastLine: r.last_line,
    bytesRead: Number(r.bytes_read),
    rejectsPath: r.rejects_path,
    rejectsBytes: Number(r.rejects_bytes),
    startedAt: r.started_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
    startedBy: r.started_by,
  };
}
