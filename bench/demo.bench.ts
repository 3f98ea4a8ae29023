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
import { kpiSql } from '../apps/server/src/repositories/kpi-sql';
import { KpiRepository } from '../apps/server/src/repositories/kpi.repository';
import { cityToday, KpiService } from '../apps/server/src/services/kpi.service';
import { RollupService } from '../apps/server/src/services/rollup.service';
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
  if (process.env.BENCH_DEMO_EXPLAIN === 'on') {
    await app.get(RollupService).ensureBuilt();
    await app.get(RollupService).catchUp();
    const today = new Date(Date.now() - 12 * 3_600_000).toISOString();
    const rows = await db.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${kpiSql({ window: 'reports', open: 'rollup' })}`, [process.env.BENCH_DEMO_EXPLAIN_REGION ?? null, null, today, new Date().toISOString(), new Date().toISOString()]);
    console.log(rows.map((r) => Object.values(r)[0]).join('\n'));
  }
  // The live stream and the monthly publications stopped first, so they do not run during the KPI timings.
  await demo.beforeApplicationShutdown();
  const kpiLines = await kpiReads(app);
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
  first start, total    ${((done - t0) / 1000).toFixed(1)} s
${kpiLines.join('\n')}`);
}

/**
 * KPIs on the demo's history (logged in time order, as a live feed is): the server's read plan (KpiService.plan,
 * after the rollups folded the backfill) against the full scan it replaces, interleaved, for the whole city and
 * one district, today, and the city's last 7 and 30 days. The figures of both must be equal.
 */
const startOfToday = (now: Date) => cityToday(loadConfig({}).TZ_CITY, now).from.getTime();

async function kpiReads(app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>): Promise<string[]> {
  // As the server does at start (bootstrap.ts), then the fold it does once ingest is quiet.
  await app.get(RollupService).ensureBuilt();
  await app.get(RollupService).catchUp();
  const kpis = app.get(KpiService);
  const now = new Date();
  const week = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const month = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  const lines = ['  KPIs (p50 of 7 runs each, interleaved; the plan the server chooses vs the full scan):'];
  const scopes: [string, { region?: string; from?: string }][] = [
    ['today, city', {}],
    ['today, district 320402', { region: '320402' }],
    ['last 7 days, city', { from: week }],
    ['last 30 days, city', { from: month }],
  ];
  for (const [label, scope] of scopes) {
    const times = { plan: [] as number[], raw: [] as number[] };
    let equal = true;
    for (let run = 0; run <= 7; run++) {
      const answers: string[] = [];
      for (const raw of [true, false]) {
        const t = performance.now();
        const k = await kpis.snapshot({ region: scope.region ?? null, categories: null, from: scope.from ?? null, to: null }, now, { raw });
        if (run > 0) times[raw ? 'raw' : 'plan'].push(performance.now() - t);
        answers.push(JSON.stringify(k));
      }
      equal &&= answers[0] === answers[1];
    }
    const p50 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
    const filter = { region: scope.region ?? null, categories: null, from: new Date(scope.from ?? startOfToday(now)), to: scope.from ? now : new Date(startOfToday(now) + 86_400_000), asOf: now };
    const plan = await kpis.plan(filter.from, filter.to); // as snapshot chose it
    // The statement alone (no catalogue checks, no plan choice), by each window plan, for where the time goes.
    const windows = ['reports', 'scan'] as const;
    const sqlTimes = new Map<string, number[]>([['full scan', []], ...windows.map((w) => [w, []] as [string, number[]])]);
    for (let run = 0; run < 7; run++) {
      for (const [name, statementTimes] of sqlTimes) {
        const t = performance.now();
        await app.get(KpiRepository).figures(filter, name === 'full scan' ? { window: 'scan', open: 'scan' } : { window: name as (typeof windows)[number], open: 'rollup' });
        statementTimes.push(performance.now() - t);
      }
    }
    lines.push(
      `    ${label.padEnd(24)} full scan ${p50(times.raw).toFixed(1).padStart(7)} ms  plan ${JSON.stringify(plan)} ${p50(times.plan).toFixed(1).padStart(7)} ms  ` +
        `ratio ${(p50(times.raw) / p50(times.plan)).toFixed(1)}x  answers ${equal ? 'equal' : 'DIFFERENT'}; the statement alone: ` +
        [...sqlTimes].map(([name, t]) => `${name} ${p50(t).toFixed(1)}`).join(', ') + ' ms',
    );
    if (!equal) process.exitCode = 1;
  }
  return lines;
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
