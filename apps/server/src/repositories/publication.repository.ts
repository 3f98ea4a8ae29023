import { Inject, Injectable } from '@nestjs/common';
import type { EvaluationResult, EvaluationRow, Publication, PublicLevel } from '@gridlens/contracts';
import { DATABASE, type Database, type Queryable } from '../db/database';

/** A stored publication with its published rows. */
export interface PublicationRecord extends Publication {
  revision: number;
  rows: EvaluationRow[];
  topCategories: EvaluationResult['topCategories'];
}

/** What a new publication row holds (see db/migrations/20261129050000_evaluation.sql). */
export interface NewPublication {
  id: string;
  period: string;
  level: PublicLevel;
  revision: number;
  from: number;
  to: number;
  schemeVersion: string;
  note: string;
  publishedAt: number;
  publishedBy: string;
  hash: string;
  inputsDigest: string;
  caseCount: number;
  rows: EvaluationRow[];
  topCategories: EvaluationResult['topCategories'];
  supersedes: { id: string; reason: string } | null;
}

interface PublicationRow {
  id: string;
  period: string;
  level: PublicLevel;
  revision: number;
  period_from: Date;
  period_to: Date;
  scheme_version: string;
  note: string;
  published_at: Date;
  published_by: string;
  hash: string;
  inputs_digest: string;
  case_count: number;
  rows?: EvaluationRow[];
  top_categories?: EvaluationResult['topCategories'];
  supersedes_id: string | null;
  correction_reason: string | null;
  superseded_by: string | null;
}

const SUMMARY_COLUMNS = `id, period, level, revision, period_from, period_to, scheme_version, note, published_at, published_by,
  hash, inputs_digest, case_count, supersedes_id, correction_reason, superseded_by`;

/** Publications and their frozen inputs: written once, never changed (db triggers), read back for the API. */
@Injectable()
export class PublicationRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Store the facts a publication was computed from; the same facts (same digest) are stored once. */
  async addInput(q: Queryable, input: { digest: string; period: string; caseCount: number; facts: string }): Promise<void> {
    await q.query(
      `INSERT INTO evaluation_input (digest, period, case_count, facts) VALUES ($1, $2, $3, $4) ON CONFLICT (digest) DO NOTHING`,
      [input.digest, input.period, input.caseCount, input.facts],
    );
  }

  async input(digest: string): Promise<{ digest: string; period: string; caseCount: number; facts: string } | null> {
    const [row] = await this.db.query<{ digest: string; period: string; case_count: number; facts: string }>(
      `SELECT digest, period, case_count, facts FROM evaluation_input WHERE digest = $1`,
      [digest],
    );
    return row ? { digest: row.digest, period: row.period, caseCount: row.case_count, facts: row.facts } : null;
  }

  async insert(q: Queryable, p: NewPublication): Promise<void> {
    await q.query(
      `INSERT INTO evaluation_publication (id, period, level, revision, period_from, period_to, scheme_version, note,
         published_at, published_by, hash, inputs_digest, case_count, rows, top_categories, supersedes_id, correction_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15::jsonb, $16, $17)`,
      [
        p.id, p.period, p.level, p.revision, new Date(p.from), new Date(p.to), p.schemeVersion, p.note,
        new Date(p.publishedAt), p.publishedBy, p.hash, p.inputsDigest, p.caseCount,
        JSON.stringify(p.rows), JSON.stringify(p.topCategories), p.supersedes?.id ?? null, p.supersedes?.reason ?? null,
      ],
    );
  }

  /** Mark `id` superseded by `by` (allowed once, from NULL); false when it was already superseded. */
  async markSuperseded(q: Queryable, id: string, by: string): Promise<boolean> {
    const rows = await q.query(`UPDATE evaluation_publication SET superseded_by = $2 WHERE id = $1 AND superseded_by IS NULL RETURNING id`, [id, by]);
    return rows.length === 1;
  }

  async get(id: string, q: Queryable = this.db): Promise<PublicationRecord | null> {
    const [row] = await q.query<PublicationRow>(`SELECT ${SUMMARY_COLUMNS}, rows, top_categories FROM evaluation_publication WHERE id = $1`, [id]);
    return row ? toRecord(row) : null;
  }

  /** The current (not superseded) publication of a period and level. */
  async current(period: string, level: string, q: Queryable = this.db): Promise<PublicationRecord | null> {
    const [row] = await q.query<PublicationRow>(
      `SELECT ${SUMMARY_COLUMNS}, rows, top_categories FROM evaluation_publication WHERE period = $1 AND level = $2 AND superseded_by IS NULL`,
      [period, level],
    );
    return row ? toRecord(row) : null;
  }

  /** The id and hash of the current publication of a period and level (drafts compare with it). */
  async currentHash(period: string, level: string): Promise<{ id: string; hash: string } | null> {
    const [row] = await this.db.query<{ id: string; hash: string }>(
      `SELECT id, hash FROM evaluation_publication WHERE period = $1 AND level = $2 AND superseded_by IS NULL`,
      [period, level],
    );
    return row ?? null;
  }

  /** Summaries (no rows), newest first, current and superseded, optionally of one period and/or level. */
  async list(filter: { period?: string; level?: string }): Promise<Publication[]> {
    const rows = await this.db.query<PublicationRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM evaluation_publication
        WHERE ($1::text IS NULL OR period = $1) AND ($2::text IS NULL OR level = $2)
        ORDER BY published_at DESC, id DESC`,
      [filter.period ?? null, filter.level ?? null],
    );
    return rows.map(toPublication);
  }
}

function toPublication(r: PublicationRow): Publication {
  return {
    id: r.id,
    period: r.period,
    from: r.period_from.toISOString(),
    to: r.period_to.toISOString(),
    level: r.level,
    schemeVersion: r.scheme_version,
    note: r.note,
    publishedAt: r.published_at.toISOString(),
    publishedBy: r.published_by,
    hash: r.hash,
    inputsDigest: r.inputs_digest,
    caseCount: r.case_count,
    supersedes: r.supersedes_id ? { id: r.supersedes_id, reason: r.correction_reason ?? '' } : null,
    supersededBy: r.superseded_by,
  };
}

function toRecord(r: PublicationRow): PublicationRecord {
  return { ...toPublication(r), revision: r.revision, rows: r.rows ?? [], topCategories: r.top_categories ?? {} };
}
