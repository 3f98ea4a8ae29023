/**
 * Demo backfill benchmark (issue 3): how long a first start's demo history takes on a fresh embedded PGlite (in
 * memory, or on disk with BENCH_DEMO_DIR), through the same DemoService the server runs. See bench/README.md.
 *
 *   npm run bench:demo                       # 90 days, as a first start
 *   BENCH_DEMO_DAYS=7 npm run bench:demo     # a quick check
 *   BENCH_DEMO_PROFILE=on npm run bench:demo # + a CPU profile of the main thread (the hottest functions are printed)
 *   BENCH_DEMO_WORKER=on npm run bench:demo   # generate in a worker thread (the server generates in its main thread)
 *   BENCH_DEMO_DISK=on npm run bench:demo     # PGlite on disk (as `npm start`), not in memory
 *   BENCH_DEMO_SQL=on npm run bench:demo      # + time per SQL statement
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../apps/server/src/app.module';
import { loadConfig } from '../apps/server/src/config/app-config';
import { migrate } from '../apps/server/src/db/migrator';
import { PgliteDatabase } from '../apps/server/src/db/pglite-database';
import { systemClock } from '../apps/server/src/services/demo-clock';
import { runAsDemoWorker } from '../apps/server/src/services/demo-source';
import { DemoService } from '../apps/server/src/services/demo.service';
import { SeedService } from '../apps/server/src/services/seed.service';
import { summarizeProfile } from './lib/cpu-profile';

const days = Number(process.env.BENCH_DEMO_DAYS ?? 90);
const onDisk = process.env.BENCH_DEMO_DISK === 'on';
const profile = process.env.BENCH_DEMO_PROFILE === 'on';
/** Generate in a worker thread (BENCH_DEMO_WORKER=on) instead of the main thread, as the server does. */
const inWorker = process.env.BENCH_DEMO_WORKER === 'on';

async function main(): Promise<void> {
  const dir = onDisk ? mkdtempSync(join(tmpdir(), 'gridlens-demo-bench-')) : null;
  const t0 = performance.now();
  const opened = await PgliteDatabase.open(dir);
  const sql = process.env.BENCH_DEMO_SQL === 'on' ? new SqlTimer() : null;
  const db = sql ? sql.wrap(opened) : opened;
  await migrate(db);
  const config = loadConfig({ DEMO: 'on', DEMO_HISTORY_DAYS: String(days), LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, db, { http: false }), { logger: ['error', 'warn', 'log'] });
  await app.get(SeedService).seedAll();
  const ready = performance.now();

  const session = profile ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const demo = app.get(DemoService);
  if (!(await demo.prepare(systemClock, { workerScript: inWorker ? fileURLToPath(import.meta.url) : null }))) throw new Error('the demo did not start on a fresh database');
  const prepared = performance.now();
  const cpuBefore = process.cpuUsage();
  await demo.run();
  const done = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const status = demo.status;
  const [row] = await db.query<{ n: number; cases: number }>(`SELECT (SELECT count(*) FROM case_event)::int AS n, (SELECT count(*) FROM cases)::int AS cases`);
  const events = Number(row.n);

  if (session) {
    const { profile: cpuProfile } = await session.post('Profiler.stop');
    mkdirSync(resolve('bench/out'), { recursive: true });
    const file = resolve(`bench/out/demo-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
    writeFileSync(file, JSON.stringify(cpuProfile));
    console.log(`CPU profile: ${file}`);
    const summary = summarizeProfile(file, resolve('dist/bench/demo.bench.mjs'));
    for (const p of summary.parts) console.log(`  ${p.part.padEnd(50)} ${Math.round(p.ms).toString().padStart(7)} ms ${(100 * p.share).toFixed(1).padStart(5)} %`);
    for (const f of summary.topSelf.slice(0, 25)) console.log(`  ${(f.fn + ' ' + f.file).slice(0, 90).padEnd(90)} ${Math.round(f.ms).toString().padStart(7)} ms ${(100 * f.share).toFixed(1).padStart(5)} %`);
  }
  if (sql) sql.print();
  await app.close();
  if (dir) rmSync(dir, { recursive: true, force: true });

  const backfillS = (done - prepared) / 1000;
  console.log(`
demo backfill on ${onDisk ? 'PGlite on disk' : 'PGlite in memory'}, generator ${inWorker ? 'in a worker thread' : 'in the main thread'}, ${days} days of history (status after: ${JSON.stringify(status)})
  events logged         ${events.toLocaleString('en')}  (${Number(row.cases).toLocaleString('en')} cases)
  start (migrate+seed)  ${((ready - t0) / 1000).toFixed(1)} s
  prepare               ${((prepared - ready) / 1000).toFixed(1)} s
  backfill              ${backfillS.toFixed(1)} s  → ${Math.round(events / backfillS).toLocaleString('en')} events/s
  backfill CPU time     ${cpuS.toFixed(1)} s  → ${Math.round(events / cpuS).toLocaleString('en')} events per CPU second (less sensitive to a busy machine)
  first start, total    ${((done - t0) / 1000).toFixed(1)} s`);
}

// This bundle is also the generator's worker thread (BENCH_DEMO_WORKER=on).
if (!runAsDemoWorker()) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

/** Time spent per SQL statement (PGlite runs one at a time, so call-to-answer is the statement's cost). */
class SqlTimer {
  private readonly spent = new Map<string, { ms: number; calls: number }>();

  wrap(db: PgliteDatabase): PgliteDatabase {
    const timed = async <T>(sql: string, run: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      try {
        return await run();
      } finally {
        const key = sql.replace(/\s+/g, ' ').trim().slice(0, 90);
        const entry = this.spent.get(key) ?? { ms: 0, calls: 0 };
        entry.ms += performance.now() - t;
        entry.calls += 1;
        this.spent.set(key, entry);
      }
    };
    const query = db.query.bind(db);
    const transaction = db.transaction.bind(db);
    db.query = (sql, params) => timed(sql, () => query(sql, params));
    db.transaction = (fn) => transaction((tx) => fn({ query: (sql, params) => timed(sql, () => tx.query(sql, params)) }));
    return db;
  }

  print(): void {
    console.log('SQL time by statement:');
    for (const [sql, { ms, calls }] of [...this.spent].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
      console.log(`  ${Math.round(ms).toString().padStart(7)} ms ${calls.toString().padStart(6)}×  ${sql}`);
    }
  }
}
