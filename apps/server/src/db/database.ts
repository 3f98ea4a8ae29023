/** The one door to SQL. Repositories receive a Database (or a transaction's Queryable) and nothing else. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface TransactionOptions {
  isolation?: 'read committed' | 'repeatable read';
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Run `fn` in one transaction; commit when it resolves, roll back when it throws. `repeatable read`: every
   * statement sees one snapshot (PGlite runs one transaction at a time, so there it always does).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Run a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * `sql` under `settings` (SET LOCAL statements, so in a transaction of its own), or plainly when there are none: a
 * planner setting for one statement never outlives it or reaches another connection of a pool.
 */
export function queryWithSettings<T>(db: Database, settings: readonly string[], sql: string, params?: unknown[]): Promise<T[]> {
  if (!settings.length) return db.query<T>(sql, params);
  return db.transaction(async (tx) => {
    for (const setting of settings) await tx.query(setting);
    return tx.query<T>(sql, params);
  });
}

/** Thrown when the database cannot be reached; the API answers 503 and the client retries. */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`database unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P02', '57P03']);

export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  if (code && (CONNECTION_ERROR_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    error.message,
  );
}

/** A DB-agnostic Abstract: DB_TOKEN is how Nest injects the Database. */
export const DATABASE = Symbol('DATABASE');
