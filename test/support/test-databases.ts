import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import type { Database } from '../../apps/server/src/db/database';
import { migrate } from '../../apps/server/src/db/migrator';
import { PgliteDatabase } from '../../apps/server/src/db/pglite-database';
import { PostgresDatabase } from '../../apps/server/src/db/postgres-database';

/**
 * The databases every repository suite runs against: the embedded PGlite (one instance per test worker,
 * a fresh schema per suite) and, when TEST_DATABASE_URL is set, a real PostgreSQL + PostGIS server
 * (a fresh database per suite). In CI the real server is required: a missing one fails, never skips.
 */
export interface TestBackend {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty database. */
  open(): Promise<{ db: Database; drop(): Promise<void> }>;
}

const shared = globalThis as unknown as { __gridlensPglite?: Promise<PGlite> };

function sharedPglite(): Promise<PGlite> {
  shared.__gridlensPglite ??= PGlite.create({ extensions: { postgis } }).then(async (instance) => {
    await instance.exec('CREATE EXTENSION IF NOT EXISTS postgis');
    return instance;
  });
  return shared.__gridlensPglite;
}

export const pgliteBackend: TestBackend = {
  name: 'pglite',
  async open() {
    const instance = await sharedPglite();
    const schema = `t_${randomBytes(6).toString('hex')}`;
    await instance.exec(`CREATE SCHEMA ${schema}`);
    const db = PgliteDatabase.inSchema(instance, schema);
    await migrate(db);
    return { db, drop: () => instance.exec(`DROP SCHEMA ${schema} CASCADE`).then(() => undefined) };
  },
};

export function testDatabaseUrl(): string | null {
  const url = process.env.TEST_DATABASE_URL?.trim();
  if (url) return url;
  if (process.env.CI) throw new Error('TEST_DATABASE_URL must be set in CI: the real PostGIS tests may not be skipped');
  return null;
}

/** Create an empty database on the TEST_DATABASE_URL server; returns its URL. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = testDatabaseUrl();
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const name = `gridlens_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export const postgresBackend: TestBackend = {
  name: 'postgres',
  async open() {
    const scratch = await createScratchDatabase();
    const db = new PostgresDatabase(scratch.url, { poolSize: 4 });
    await migrate(db);
    return {
      db,
      async drop() {
        await db.close();
        await scratch.drop();
      },
    };
  },
};

/**
 * Whether suites that need the real PostgreSQL run: always in CI (where a missing TEST_DATABASE_URL then fails
 * them), and locally when TEST_DATABASE_URL is set.
 */
export function postgresSuitesEnabled(): boolean {
  return Boolean(process.env.CI) || Boolean(process.env.TEST_DATABASE_URL?.trim());
}

/** PGlite always; PostgreSQL when configured (and always in CI). */
export function testBackends(): TestBackend[] {
  return testDatabaseUrl() ? [pgliteBackend, postgresBackend] : [pgliteBackend];
}
