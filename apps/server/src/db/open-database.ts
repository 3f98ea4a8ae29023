import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppConfig } from '../config/app-config';
import type { Database } from './database';
import { PgliteDatabase } from './pglite-database';
import { PostgresDatabase } from './postgres-database';

/** DATABASE_URL → that PostgreSQL + PostGIS server; otherwise the embedded PGlite under DATA_DIR. */
export async function openDatabase(config: Pick<AppConfig, 'DATABASE_URL' | 'DATA_DIR' | 'DB_POOL_SIZE'>): Promise<Database> {
  if (config.DATABASE_URL) return new PostgresDatabase(config.DATABASE_URL, { poolSize: config.DB_POOL_SIZE });
  const dir = resolve(config.DATA_DIR, 'pglite');
  mkdirSync(dir, { recursive: true });
  return PgliteDatabase.open(dir);
}
