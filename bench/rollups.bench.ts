/**
 * `npm run bench:rollups` (bench/rollups-run.mjs bundles this file with esbuild, then runs it): issue 4 §8 in one run —
 * grid / choropleth / hotspot queries over the whole city and two years from the rollups and from the raw points,
 * side by side, then 1,000,000 case points as Arrow vs JSON and request → first frame in headless Chromium.
 * See bench/README.md, "Rollups: 10 million cases".
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startServer, TEST_ADMIN_PASSWORD, TEST_INGEST_KEY, type ServerProcess } from '../test/support/server-process';
import { createScratchDatabase } from '../test/support/test-databases';
import { measureArrowVsJson, type ArrowVsJson } from './lib/arrow-vs-json';
import { setUpCity } from './lib/city-setup';
import { loadCity } from './lib/city-load';
import { measureFirstFrame, type FirstFrame } from './lib/first-frame';
import { measureQuery, type QueryResult } from './lib/rollup-measure';
import { rollupQueries } from './lib/rollup-queries';
import { pointsTable, queryTable } from './lib/rollup-report';

const env = process.env;
const int = (name: string, fallback: number, min = 1) => {
  const n = Number(env[name] ?? fallback);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}`);
  return n;
};
const on = (name: string, fallback: boolean) => (env[name] ? env[name] === 'on' : fallback);
/** A database a kept run loaded (BENCH_KEEP_DB=on printed its URL): time the queries on it again, without loading. */
const reuseUrl = env.BENCH_REUSE_DB?.trim() || null;
const settings = {
  reuseUrl,
  databaseUrl: env.BENCH_DATABASE_URL?.trim() || env.TEST_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test',
  cases: int('BENCH_CASES', 10_000_000),
  days: int('BENCH_DAYS', 730, 14),
  loaders: int('BENCH_LOADERS', 2),
  rollups: on('BENCH_ROLLUPS', true),
  /** Rebuild the rollups of a reused database first (a fresh one is always rebuilt, unless BENCH_ROLLUPS=off). */
  rebuildReused: on('BENCH_REBUILD', false),
  queries: on('BENCH_QUERIES', true),
  runs: { rollupWarmup: int('BENCH_WARMUP', 5, 0), rawWarmup: int('BENCH_RAW_WARMUP', 2, 0), rollupRuns: int('BENCH_RUNS', 25), rawRuns: int('BENCH_RAW_RUNS', 5), budgetSeconds: int('BENCH_QUERY_BUDGET_S', 120, 0) },
  points: on('BENCH_POINTS', true),
  pointsCases: int('BENCH_POINTS_CASES', 1_000_000),
  pointsRuns: int('BENCH_POINTS_RUNS', 5),
  firstFrame: on('BENCH_FIRST_FRAME', true),
  frameRuns: int('BENCH_FRAME_RUNS', 3),
  keepDatabase: on('BENCH_KEEP_DB', false),
  /** Only the queries whose name contains one of these (comma-separated, case-insensitive); empty: all. */
  only: (env.BENCH_ONLY ?? '').split(',').map((w) => w.trim().toLowerCase()).filter(Boolean),
};
const TIME_ZONE_OFFSET_MS = 8 * 3600_000; // Asia/Shanghai (TZ_CITY's default): +08:00 all year, no daylight saving
const DAY_MS = 86_400_000;
const DISTRICT = '320402'; // 天宁区, the old town's district

const log = (msg: string) => console.log(`[rollups ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const seconds = (t0: number) => (performance.now() - t0) / 1000;

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'db', 'migrations')) || !existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the gridlens repository root');
    dir = up;
  }
  return dir;
}

/** `node dist/apps/server/cli.js rollups rebuild` on the scratch database: the code the server itself rebuilds with. */
function rebuildRollups(databaseUrl: string): Promise<{ seconds: number; output: string }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [resolve('dist/apps/server/cli.js'), 'rollups', 'rebuild'], {
    env: { ...env, DATABASE_URL: databaseUrl, DEMO: 'off', INGEST_API_KEYS: TEST_INGEST_KEY, ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((done, fail) =>
    child.once('exit', (code) => (code === 0 ? done({ seconds: seconds(t0), output: output.trim() }) : fail(new Error(`rollups rebuild exited with ${code}:\n${output}`)))),
  );
}

async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
  });
  if (response.status !== 200 && response.status !== 201) throw new Error(`login: HTTP ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** The most common major category (for the category-filtered query) and a window of the newest ≤ `n` cases. */
async function pickFromData(url: string, start: Date, end: Date, n: number): Promise<{ major: string; pointsFrom: Date; pointsCount: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const [{ major }] = (await c.query<{ major: string }>(`SELECT major_code AS major FROM cases GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`)).rows;
    // Report times are whole seconds: start one second after the n-th newest, so ties cannot push the window past n.
    const nth = (await c.query<{ at: Date }>(`SELECT reported_at AS at FROM cases ORDER BY reported_at DESC OFFSET $1 LIMIT 1`, [n - 1])).rows[0];
    const [{ all }] = (await c.query<{ all: string }>(`SELECT count(*) AS all FROM cases`)).rows;
    const pointsFrom = Number(all) <= n || !nth ? start : new Date(nth.at.getTime() + 1000);
    const [{ count }] = (await c.query<{ count: string }>(`SELECT count(*) FROM cases WHERE reported_at >= $1 AND reported_at < $2`, [pointsFrom, end])).rows;
    return { major, pointsFrom, pointsCount: Number(count) };
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  process.chdir(repoRoot());
  for (const f of ['dist/apps/server/main.js', 'dist/apps/server/cli.js']) if (!existsSync(f)) throw new Error(`${f} is missing: npx nx run server:build`);
  process.env.TEST_DATABASE_URL = settings.databaseUrl;
  const end = new Date(Math.floor((Date.now() + TIME_ZONE_OFFSET_MS) / DAY_MS) * DAY_MS - TIME_ZONE_OFFSET_MS); // today's local midnight
  const start = new Date(end.getTime() - settings.days * DAY_MS);
  const machine = () => `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`;
  log(`${settings.cases.toLocaleString('en')} cases reported ${start.toISOString()} … ${end.toISOString()} (${settings.days} local days, Asia/Shanghai); ${machine()}`);
  const scratch = reuseUrl ? { url: reuseUrl, drop: async () => undefined } : await createScratchDatabase();
  let server: ServerProcess | null = null;
  try {
    log(`${reuseUrl ? 'reused' : 'scratch'} database ${new URL(scratch.url).pathname.slice(1)}`);
    const setup = reuseUrl ? null : await setUpCity(scratch.url, log);
    const load = reuseUrl ? null : await loadCity({ url: scratch.url, cases: settings.cases, days: settings.days, start, offsetMs: TIME_ZONE_OFFSET_MS, loaders: settings.loaders, now: new Date() }, log);
    if (load) log(`loaded ${load.cases.toLocaleString('en')} cases in ${load.seconds.total.toFixed(1)} s (insert ${load.seconds.insert.toFixed(1)} s, indexes ${load.seconds.indexes.toFixed(1)} s, ` +
        `VACUUM ANALYZE ${load.seconds.vacuumAnalyze.toFixed(1)} s); cases table ${(load.tableBytes / 1e9).toFixed(2)} GB; placement check: ${load.placementCheck.mismatched} of ${load.placementCheck.sampled} sampled cases differ from point-in-polygon`);
    if (load) log(`statuses: ${Object.entries(load.statuses).map(([s, n]) => `${s} ${n.toLocaleString('en')}`).join(', ')}`);

    let rebuild: { seconds: number; output: string } | null = null;
    if (settings.rollups && (!reuseUrl || settings.rebuildReused)) {
      log('rollups rebuild (node dist/apps/server/cli.js rollups rebuild) …');
      rebuild = await rebuildRollups(scratch.url);
      log(`rollups rebuild: ${rebuild.seconds.toFixed(1)} s wall (the command said: ${rebuild.output.split('\n').pop()})`);
    }

    server = await startServer({ databaseUrl: scratch.url });
    const token = await login(server.url);
    const picked = await pickFromData(scratch.url, start, end, Math.min(settings.pointsCases, settings.cases));
    const queries = (settings.queries ? rollupQueries({ from: start.toISOString(), to: end.toISOString() }, { major: picked.major, district: DISTRICT }) : []).filter(
      (q) => settings.only.length === 0 || settings.only.some((w) => q.name.toLowerCase().includes(w)),
    );
    const sources = settings.rollups ? (['rollup', 'raw'] as const) : (['raw'] as const);
    const results: QueryResult[] = [];
    for (const q of queries) {
      const t0 = performance.now();
      const r = await measureQuery(server.url, token, q, settings.runs, sources, log);
      results.push(r);
      log(`${q.name}: rollup p50 ${r.rollup?.p50.toFixed(1) ?? '-'} ms (first, cold: ${r.coldRollupMs?.toFixed(0) ?? '-'} ms), raw p50 ${r.raw?.p50.toFixed(0) ?? '-'} ms, equal ${r.equal ?? '-'} (${seconds(t0).toFixed(0)} s; ${machine()})`);
    }

    let arrowVsJson: ArrowVsJson | null = null;
    let firstFrame: FirstFrame | null = null;
    // Saved now and again at the end: a points stage that fails or hangs does not lose the query figures.
    mkdirSync(resolve('bench/out'), { recursive: true });
    const out = resolve(`bench/out/rollups-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    const save = () =>
      writeFileSync(out, JSON.stringify({ settings, window: { from: start, to: end }, setup, load, rebuild, queries: results, points: { window: picked, arrowVsJson, firstFrame }, loadAverage: loadavg() }, null, 2));
    save();
    if (results.length) console.log(`\n${queryTable(results)}\n`);
    if (settings.points) {
      const query = { from: picked.pointsFrom.toISOString(), to: end.toISOString(), limit: String(settings.pointsCases) };
      log(`Arrow vs JSON: ${picked.pointsCount.toLocaleString('en')} case points reported ${query.from} … ${query.to}, ${settings.pointsRuns} runs each`);
      arrowVsJson = await measureArrowVsJson({ baseUrl: server.url, token, query, runs: settings.pointsRuns });
      if (settings.firstFrame) {
        log(`first frame in headless Chromium: ${settings.frameRuns} runs each`);
        firstFrame = await measureFirstFrame({ baseUrl: server.url, token, query, runs: settings.frameRuns });
      }
    }

    const city = results.filter((r) => r.group === 'city');
    const filtered = results.filter((r) => r.group === 'filtered');
    console.log(`\n${settings.cases.toLocaleString('en')} cases over ${settings.days} days, whole city, window ${start.toISOString()} … ${end.toISOString()}; ` +
      `HTTP round trip to the last byte (JSON), rollup p50/p95 of ${settings.runs.rollupRuns} runs, raw of ${settings.runs.rawRuns} (fewer, at least 3, where a source's runs passed ${settings.runs.budgetSeconds} s: see "runs"), ` +
      `after ${settings.runs.rollupWarmup}/${settings.runs.rawWarmup} warm-ups; "first (cold)": the query's first rollup request; ` +
      `"Arrow": ${settings.runs.rollupRuns} rollup runs more with Accept: ${'application/vnd.apache.arrow.stream'} (as the web app asks), after the JSON ones; ` +
      `target: rollup p50 < 100 ms and ≥ 20× the raw p50, answers equal`);
    if (city.length) console.log(queryTable(city));
    if (filtered.length) console.log(`\nFiltered (reported apart):\n${queryTable(filtered)}`);
    console.log(`\nLoad: ${load ? `${load.seconds.total.toFixed(1)} s for ${load.cases.toLocaleString('en')} cases` : `reused ${reuseUrl}`}; rollups rebuild: ${rebuild ? `${rebuild.seconds.toFixed(1)} s (${rebuild.output.split('\n').pop()})` : reuseUrl ? 'not rebuilt (reused database; BENCH_REBUILD=on rebuilds)' : 'skipped (BENCH_ROLLUPS=off)'}`);
    console.log(`\n${pointsTable(arrowVsJson, firstFrame)}`);
    console.log(`\n${machine()}`);

    save();
    log(`written ${out}`);
  } finally {
    await server?.stop();
    if (reuseUrl) log(`left the reused database ${reuseUrl} as it was`);
    else if (settings.keepDatabase) log(`kept the scratch database ${scratch.url} (BENCH_KEEP_DB)`);
    else await scratch.drop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
