import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Database, Queryable } from './database';

/**
 * The embedded default: PostgreSQL 18 + PostGIS compiled to WASM, kept on disk under DATA_DIR.
 * One connection; PGlite queues queries and transactions itself.
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;

  private constructor(
    private readonly pg: PGlite,
    private readonly schema: string | null,
    private readonly owned: boolean,
  ) {}

  /** Open (or create) the database in `dataDir`; `null` keeps it in memory. */
  static async open(dataDir: string | null): Promise<PgliteDatabase> {
    const pg = await PGlite.create(dataDir ?? undefined, { extensions: { postgis } });
    return new PgliteDatabase(pg, null, true);
  }

  /** A view of a shared instance confined to one schema (tests isolate suites this way). */
  static inSchema(pg: PGlite, schema: string): PgliteDatabase {
    return new PgliteDatabase(pg, schema, false);
  }

  get instance(): PGlite {
    return this.pg;
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (this.schema) return this.transaction((tx) => tx.query<T>(sql, params));
    const result = await this.pg.query<T>(sql, params);
    return result.rows;
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pg.transaction(async (t) => {
      if (this.schema) await t.exec(`SET LOCAL search_path TO "${this.schema}", public`);
      return fn({ query: async <R>(sql: string, params: unknown[] = []) => (await t.query<R>(sql, params)).rows });
    });
  }

  async exec(sql: string): Promise<void> {
    if (this.schema) {
      await this.pg.transaction(async (t) => {
        await t.exec(`SET LOCAL search_path TO "${this.schema}", public`);
        await t.exec(sql);
      });
      return;
    }
    await this.pg.exec(sql);
  }

  async close(): Promise<void> {
    if (this.owned && !this.pg.closed) await this.pg.close();
  }
}
