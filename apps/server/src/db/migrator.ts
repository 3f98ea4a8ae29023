import { readdir, readFile } from 'node:fs/promises';
import type { Database } from './database';
import { repoPath } from './repo-path';

/** Apply every migration in db/migrations not yet applied, in name order, in one transaction. */
export async function migrate(db: Database, log: (msg: string) => void = () => undefined): Promise<string[]> {
  const dir = repoPath('db', 'migrations');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  return db.transaction(async (tx) => {
    // Several instances may start at once: one applies, the others wait and find nothing to do.
    await tx.query(`SELECT pg_advisory_xact_lock(7267031)`);
    const done = new Set((await tx.query<{ version: string }>(`SELECT version FROM schema_migrations`)).map((r) => r.version));
    const applied: string[] = [];
    for (const file of files) {
      const version = file.replace(/\.sql$/, '');
      if (done.has(version)) continue;
      const sql = await readFile(`${dir}/${file}`, 'utf8');
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query(`INSERT INTO schema_migrations (version) VALUES ($1)`, [version]);
      log(`migration applied: ${version}`);
      applied.push(version);
    }
    return applied;
  });
}

const DOLLAR_TAG = /\$[A-Za-z_]*\$/y;

/** Split a SQL script on top-level semicolons, respecting quotes, comments and $tag$ bodies. */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let i = 0;
  while (i < sql.length) {
    if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
      current += '\n';
      continue;
    }
    DOLLAR_TAG.lastIndex = i;
    const dollar = DOLLAR_TAG.exec(sql);
    const quote = sql[i] === "'" ? "'" : null;
    const close = dollar ? dollar[0] : quote;
    if (close) {
      const end = sql.indexOf(close, i + close.length);
      const stop = end === -1 ? sql.length : end + close.length;
      current += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (sql[i] === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
    } else {
      current += sql[i];
    }
    i += 1;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
