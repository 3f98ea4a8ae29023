/**
 * gridlens ingest benchmark (issue 2, section 10). See bench/README.md.
 *
 * On a fresh scratch database of a real PostgreSQL + PostGIS: a raw COPY of N event rows into a bare table
 * with a GiST index, then the same N events through the built server's POST /api/v1/events in
 * 10,000-event batches with a socket.io client on the live stream; prints events/s of both and their ratio.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { MAX_EVENTS_PER_BATCH } from '@gridlens/contracts';
import { createScratchDatabase } from '../test/support/test-databases';
import { startServer, TEST_ADMIN_PASSWORD, TEST_INGEST_KEY, type ServerProcess } from '../test/support/server-process';
import { summarizeProfile, type ProfileSummary } from './lib/cpu-profile';
import { Dataset, type MinorCategory } from './lib/dataset';
import { ingestAll } from './lib/ingest-client';
import { LiveCounter } from './lib/live-counter';
import { ingestTransactions, logSize, readLogFrom, statementStats, type StatementStat, type TransactionTimeline } from './lib/pg-log';
import { cpuBetween, cpuSnapshot, type CpuSnapshot, type CpuUsage } from './lib/proc-cpu';
import { rawCopy, type CopyResult } from './lib/raw-copy';
import { RegionSampler, type Bbox, type FeatureCollection } from './lib/region-sampler';
import { kpiReads } from './lib/kpi-reads';
import { fmt, fmtInt, round, summarize } from './lib/stats';
import { liveSummary, printReport, roundProfile, roundSummary, type LiveResult } from './lib/report';

const TARGET_RATIO = 0.3;
/** Inside Changzhou's urban districts (Tianning, Zhonglou, Xinbei, Wujin); points outside every district are redrawn. */
const BBOX: Bbox = [119.85, 31.7, 120.05, 31.85];

interface Settings {
  events: number;
  batchSize: number;
  concurrency: number;
  seed: number;
  live: boolean;
  copy: boolean;
  /** Time the KPI read plans against the full scan after ingest (bench/lib/kpi-reads.ts). */
  kpis: boolean;
  profile: boolean;
  liveTimeoutMs: number;
  keepDatabase: boolean;
  databaseUrl: string;
  pgLog: string;
}

function settings(): Settings {
  const env = process.env;
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const v = Number(raw.replace(/_/g, ''));
    if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name}: expected an integer in ${min}..${max}, got "${raw}"`);
    return v;
  };
  const flag = (name: string, fallback: boolean) => {
    const raw = env[name]?.trim().toLowerCase();
    if (!raw) return fallback;
    if (['1', 'on', 'true', 'yes'].includes(raw)) return true;
    if (['0', 'off', 'false', 'no'].includes(raw)) return false;
    throw new Error(`${name}: expected on or off, got "${raw}"`);
  };
  return {
    events: int('BENCH_EVENTS', 1_000_000, 5, 10_000_000),
    batchSize: int('BENCH_BATCH', MAX_EVENTS_PER_BATCH, 1, MAX_EVENTS_PER_BATCH),
    concurrency: int('BENCH_CONCURRENCY', 2, 1, 8),
    seed: int('BENCH_SEED', 20_261_128, 0, 2 ** 31 - 1),
    live: flag('BENCH_LIVE', true),
    copy: flag('BENCH_COPY', true),
    kpis: flag('BENCH_KPIS', true),
    profile: flag('BENCH_PROFILE', false),
    liveTimeoutMs: int('BENCH_LIVE_TIMEOUT_S', 600, 1, 7200) * 1000,
    keepDatabase: flag('BENCH_KEEP_DB', false),
    databaseUrl: env.BENCH_DATABASE_URL?.trim() || env.TEST_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test',
    pgLog: env.BENCH_PG_LOG?.trim() || '/var/log/postgresql/postgresql-15-main.log',
  };
}

/** The repository root: where package.json and db/migrations are, above this file (bundled or not). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'db', 'migrations')) || !existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the gridlens repository root');
    dir = up;
  }
  return dir;
}

const log = (msg: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

async function main(): Promise<number> {
  const startedAt = new Date().toISOString();
  const root = repoRoot();
  process.chdir(root); // startServer spawns dist/apps/server/main.js relative to the working directory
  const s = settings();
  const serverBundle = resolve('dist/apps/server/main.js');
  if (!existsSync(serverBundle)) throw new Error('dist/apps/server/main.js is missing: run `npm run build` (npm run bench does)');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = resolve('bench/out');
  mkdirSync(outDir, { recursive: true });
  const profileDir = join(outDir, `profile-${stamp}`);

  const base = await describeServer(s.databaseUrl);
  log(`PostgreSQL ${base.postgres}, PostGIS ${base.postgis ?? 'available'} at ${redact(s.databaseUrl)}`);

  // createScratchDatabase (test/support) makes a fresh database on TEST_DATABASE_URL's server.
  process.env.TEST_DATABASE_URL = s.databaseUrl;
  const scratch = await createScratchDatabase();
  const dbName = new URL(scratch.url).pathname.slice(1);
  log(`scratch database ${dbName}`);
  let server: ServerProcess | null = null;
  let live: LiveCounter | null = null;
  let pgLogOffset: number | null = null;
  try {
    const serverEnv: Record<string, string> = {};
    if (s.profile) {
      mkdirSync(profileDir, { recursive: true });
      serverEnv.NODE_OPTIONS = `--import=${JSON.stringify(resolve('bench/profile/server-hook.mjs')).slice(1, -1)}`;
      serverEnv.GRIDLENS_BENCH_PROFILE_DIR = profileDir;
      const admin = new pg.Client({ connectionString: scratch.url });
      await admin.connect();
      await admin.query(`ALTER DATABASE ${dbName} SET log_min_duration_statement = 0`);
      await admin.query(`ALTER DATABASE ${dbName} SET log_parameter_max_length = 0`);
      await admin.end();
      pgLogOffset = logSize(s.pgLog);
      if (pgLogOffset === null) log(`profiling: cannot read ${s.pgLog}; no statement timings (set BENCH_PG_LOG)`);
    }

    const tStart = performance.now();
    server = await startServer({ databaseUrl: scratch.url, env: serverEnv });
    log(`server on ${server.url} (migrated and seeded in ${fmt((performance.now() - tStart) / 1000)} s)`);
    const token = await login(server.url);

    // The data set: points inside the districts the server knows, categories of the catalogue.
    const regions = await getJson<FeatureCollection>(`${server.url}/api/v1/regions?level=district&format=geojson`, token);
    const sampler = new RegionSampler(regions, BBOX);
    const tPrep = performance.now();
    const data = new Dataset(
      { events: s.events, seed: s.seed, batchSize: s.batchSize, concurrency: s.concurrency, anchorMs: Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000 },
      readMinors(),
      sampler,
    );
    const prepareMs = performance.now() - tPrep;
    log(
      `data set: ${fmtInt(data.events)} events = ${fmtInt(data.cases)} cases × 5, ${data.batchCount} batches of ≤ ${fmtInt(s.batchSize)}, ` +
        `${data.interleaved ? "cases' events spread over batches" : "each case's events consecutive (small run)"} (prepared in ${fmt(prepareMs / 1000, 2)} s)`,
    );

    // 1. The baseline: raw COPY of the same rows.
    let copy: CopyResult | null = null;
    let copyCpu: CpuUsage | null = null;
    if (s.copy) {
      log('raw COPY into bench_raw (GiST on geom) …');
      let c0: CpuSnapshot | null = null;
      copy = await rawCopy(scratch.url, data, {
        onChunk: progress('COPY', data.events),
        onStart: () => (c0 = cpuSnapshot(dbName)),
        onEnd: () => (copyCpu = cpuBetween(c0, cpuSnapshot(dbName), availableParallelism())),
      });
      log(`raw COPY: ${fmtInt(copy.rows)} rows in ${fmt(copy.wallMs / 1000, 2)} s = ${fmtInt(copy.rowsPerSecond)} rows/s`);
    }
    await sql(scratch.url, 'CHECKPOINT');

    // 2. Ingest through the API with the live stream attached.
    if (s.live) {
      live = new LiveCounter(data);
      const head = await live.attach(server.url, token);
      log(`live: subscribed on ${server.url}/live (head seq ${head})`);
    }
    const control = s.profile ? (JSON.parse(readFileSync(join(profileDir, 'control.json'), 'utf8')) as { pid: number; port: number }) : null;
    if (control) await profiler(control, 'start');

    log(`ingest: POST /api/v1/events, ${data.batchCount} batches, concurrency ${s.concurrency} …`);
    const ingestStartEpoch = Date.now();
    const i0 = cpuSnapshot(dbName);
    const ingest = await ingestAll(server.url, TEST_INGEST_KEY, data, s.concurrency, progress('ingest', data.batchCount));
    const i1 = cpuSnapshot(dbName);
    const ingestCpu = cpuBetween(i0, i1, availableParallelism());
    const lastResponseAt = Math.max(...ingest.responseAt);
    log(`ingest: ${fmtInt(ingest.accepted)} events in ${fmt(ingest.wallMs / 1000, 2)} s = ${fmtInt(ingest.eventsPerSecond)} events/s`);

    let liveResult: LiveResult | null = null;
    if (live) {
      let error: string | null = null;
      try {
        await live.waitFor(data.events, s.liveTimeoutMs);
      } catch (e) {
        error = (e as Error).message;
      }
      liveResult = liveSummary(live, ingest, lastResponseAt, error);
      log(
        error
          ? `live: ${error}`
          : `live: all ${fmtInt(live.received)} events received, the last ${fmt(liveResult.drainAfterLastResponseMs / 1000, 2)} s after the last ingest response`,
      );
    }
    const drainCpu = cpuBetween(i0, cpuSnapshot(dbName), availableParallelism());
    const ingestEndEpoch = Date.now();

    let profile: ProfileSummary | null = null;
    let profileFile: string | null = null;
    if (control) {
      profileFile = await profiler(control, 'stop');
      profile = summarizeProfile(profileFile, serverBundle);
    }
    let statements: StatementStat[] | null = null;
    let serial: TransactionTimeline | null = null;
    if (s.profile && pgLogOffset !== null) {
      const text = readLogFrom(s.pgLog, pgLogOffset);
      statements = statementStats(text, dbName, ingestStartEpoch, ingestEndEpoch + 1000);
      serial = ingestTransactions(text, dbName, ingestStartEpoch, ingestEndEpoch + 1000);
    }

    const check = await verifyDatabase(scratch.url, data);
    const kpis = s.kpis ? await kpiReads(scratch.url) : null;
    if (kpis) log(`KPIs: the server folded the ingest burst into the rollups ${fmt(kpis.foldWaitMs / 1000, 1)} s after the check`);
    for (const k of kpis?.results ?? []) {
      log(`KPIs, ${k.window} of ${fmtInt(kpis!.cases)} cases (tail ${fmtInt(k.tailEvents)} events): full scan p50 ${fmt(k.rawP50Ms)} ms, plan p50 ${fmt(k.planP50Ms)} ms, ratio ${k.ratio}x, answers ${k.equal ? 'equal' : 'DIFFERENT'}`);
    }
    const result = {
      benchmark: 'gridlens ingest (issue 2 §10)',
      startedAt,
      machine: machine(),
      database: { postgres: base.postgres, postgis: base.postgis, url: redact(s.databaseUrl), scratch: dbName, autovacuum: base.autovacuum },
      settings: { ...s, databaseUrl: redact(s.databaseUrl), bbox: BBOX, anchor: new Date(data.options.anchorMs).toISOString() },
      dataset: { events: data.events, cases: data.cases, batches: data.batchCount, interleaved: data.interleaved, prepareMs: round(prepareMs) },
      copy: copy && {
        rows: copy.rows,
        chunks: copy.chunks,
        wallMs: round(copy.wallMs),
        rowsPerSecond: round(copy.rowsPerSecond, 0),
        chunkLatencyMs: roundSummary(summarize(copy.chunkMs)),
        clientBuildMs: round(copy.clientBuildMs),
        cpu: copyCpu,
      },
      ingest: {
        events: ingest.accepted,
        duplicates: ingest.duplicates,
        batches: ingest.batches,
        concurrency: ingest.concurrency,
        wallMs: round(ingest.wallMs),
        eventsPerSecond: round(ingest.eventsPerSecond, 0),
        batchLatencyMs: roundSummary(summarize(ingest.latencyMs)),
        clientBuildMs: round(ingest.clientBuildMs),
        cpu: ingestCpu,
        cpuIncludingLiveDrain: drainCpu,
      },
      ratio: copy ? round(ingest.eventsPerSecond / copy.rowsPerSecond, 3) : null,
      target: TARGET_RATIO,
      live: liveResult,
      check,
      kpis,
      profile: profile && { file: profileFile, ...roundProfile(profile), postgresStatements: statements, serialSection: serial },
    };
    const outFile = join(outDir, `ingest-${stamp}.json`);
    writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);

    printReport(result, outFile);
    const ok = check.ok && (kpis?.results ?? []).every((k) => k.equal) && (!liveResult || liveResult.error === null);
    return ok ? 0 : 1;
  } catch (error) {
    if (server) console.error(`server output (last 4000 characters):\n${server.output().slice(-4000)}`);
    throw error;
  } finally {
    live?.close();
    if (server) await server.stop();
    if (s.keepDatabase) log(`kept the scratch database ${dbName} (BENCH_KEEP_DB)`);
    else await scratch.drop();
  }
}

async function verifyDatabase(url: string, data: Dataset) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ events: string; cases: string; closed: string; unplaced: string }>(
      `SELECT (SELECT count(*) FROM case_event) AS events, (SELECT count(*) FROM cases) AS cases,
              (SELECT count(*) FROM cases WHERE status = 'closed') AS closed,
              (SELECT count(*) FROM cases WHERE district_code IS NULL) AS unplaced`,
    );
    const r = { events: Number(rows[0].events), cases: Number(rows[0].cases), closed: Number(rows[0].closed), unplaced: Number(rows[0].unplaced) };
    return { ...r, ok: r.events === data.events && r.cases === data.cases && r.closed === data.cases && r.unplaced === 0 };
  } finally {
    await client.end();
  }
}

/** The server's profiling hook (bench/profile/server-hook.mjs): POST /start or /stop; /stop answers the profile's path. */
async function profiler(control: { port: number }, action: 'start' | 'stop'): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${control.port}/${action}`, { method: 'POST', signal: AbortSignal.timeout(120_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`server profiler ${action}: HTTP ${response.status}: ${text}`);
  return text;
}

function progress(what: string, total: number): (done: number) => void {
  const step = Math.max(1, Math.ceil(total / 10));
  let next = step;
  return (done) => {
    if (done >= next || done === total) {
      log(`  ${what} ${fmtInt(done)} / ${fmtInt(total)}`);
      next = done + step;
    }
  };
}

async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
  });
  if (response.status !== 200 && response.status !== 201) throw new Error(`login: HTTP ${response.status}: ${await response.text()}`);
  const { token } = (await response.json()) as { token: string };
  return token;
}

async function getJson<T>(url: string, token: string): Promise<T> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET ${url}: HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

function readMinors(): MinorCategory[] {
  const catalogue = JSON.parse(readFileSync(resolve('db/seed/catalogue.json'), 'utf8')) as {
    categories: { code: string; level: string; department?: string }[];
  };
  return catalogue.categories.filter((c) => c.level === 'minor' && c.department).map((c) => ({ code: c.code, department: c.department! }));
}

async function describeServer(url: string): Promise<{ postgres: string; postgis: string | null; autovacuum: string }> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot connect to ${redact(url)} (set BENCH_DATABASE_URL or TEST_DATABASE_URL): ${(error as Error).message}`);
  }
  try {
    const { rows } = await client.query<{ v: string; postgis: string | null; autovacuum: string }>(
      `SELECT current_setting('server_version') AS v,
              (SELECT default_version FROM pg_available_extensions WHERE name = 'postgis') AS postgis,
              current_setting('autovacuum') AS autovacuum`,
    );
    if (!rows[0].postgis) {
      throw new Error(`PostGIS is not installed on ${redact(url)}: apt-get install -y postgresql-15-postgis-3 (or your version's package)`);
    }
    return { postgres: rows[0].v, postgis: rows[0].postgis, autovacuum: rows[0].autovacuum };
  } finally {
    await client.end();
  }
}

async function sql(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function machine() {
  let commit: string | null = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return { cores: availableParallelism(), node: process.version, platform: `${process.platform}-${process.arch}`, commit };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`bench failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
