import { Inject, Injectable } from '@nestjs/common';
import type { EvaluationScheme, SchemeDefinition } from '@gridlens/contracts';
import { DATABASE, type Database, type Queryable } from '../db/database';

interface SchemeRow {
  version: string;
  definition: SchemeDefinition;
  created_at: Date;
  created_by: string;
  used: boolean;
}

const SELECT_SCHEMES = `SELECT s.version, s.definition, s.created_at, s.created_by,
       EXISTS (SELECT 1 FROM evaluation_publication p WHERE p.scheme_version = s.version) AS used
  FROM evaluation_scheme s`;

/** Evaluation schemes: versioned data, never updated (a new version is a new row; db triggers refuse updates). */
@Injectable()
export class EvaluationSchemeRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Newest first. */
  async list(): Promise<EvaluationScheme[]> {
    const rows = await this.db.query<SchemeRow>(`${SELECT_SCHEMES} ORDER BY s.created_at DESC, s.version DESC`);
    return rows.map(toScheme);
  }

  async get(version: string, q: Queryable = this.db): Promise<EvaluationScheme | null> {
    const [row] = await q.query<SchemeRow>(`${SELECT_SCHEMES} WHERE s.version = $1`, [version]);
    return row ? toScheme(row) : null;
  }

  async newest(): Promise<EvaluationScheme | null> {
    const [row] = await this.db.query<SchemeRow>(`${SELECT_SCHEMES} ORDER BY s.created_at DESC, s.version DESC LIMIT 1`);
    return row ? toScheme(row) : null;
  }

  /** Insert a version; false when it exists already. */
  async insert(q: Queryable, version: string, definition: SchemeDefinition, createdBy: string): Promise<boolean> {
    const rows = await q.query(
      `INSERT INTO evaluation_scheme (version, definition, created_by) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (version) DO NOTHING RETURNING version`,
      [version, JSON.stringify(definition), createdBy],
    );
    return rows.length === 1;
  }

  /** Delete an unused version; 'used' when a publication references it, 'missing' when there is no such version. */
  async deleteUnused(version: string): Promise<'deleted' | 'used' | 'missing'> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ used: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM evaluation_publication p WHERE p.scheme_version = s.version) AS used
           FROM evaluation_scheme s WHERE s.version = $1 FOR UPDATE`,
        [version],
      );
      if (!row) return 'missing';
      if (row.used) return 'used';
      await tx.query(`DELETE FROM evaluation_scheme WHERE version = $1`, [version]);
      return 'deleted';
    });
  }
}

function toScheme(r: SchemeRow): EvaluationScheme {
  return { version: r.version, createdAt: r.created_at.toISOString(), createdBy: r.created_by, used: r.used, definition: r.definition };
}
