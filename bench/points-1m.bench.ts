/**
 * `npm run bench:points` (bench/points-run.mjs bundles this file with esbuild, then runs it): 1,000,000 case points,
 * Arrow vs JSON — bytes on the wire, decode time in the browser path, and request → first frame in headless
 * Chromium (issue 4 §8). See bench/README.md, "1,000,000 points: Arrow vs JSON".
 *
 * A scratch database on a real PostgreSQL + PostGIS (createScratchDatabase), the built server on it (migrations and
 * seeds at start), then the cases written straight into `cases` by one INSERT … SELECT per 250,000 candidates (a
 * read benchmark: how the rows got there does not matter, only that they are valid ones): points drawn uniformly
 * over Changzhou's urban box and kept inside a district (their district_code is that district), minor categories of
 * the seeded catalogue, report times over the last 60 days, statuses of every kind. Then
 * measureArrowVsJson and measureFirstFrame (bench/lib/) against the server, a table, and JSON in bench/out/.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startServer, TEST_ADMIN_PASSWORD, type ServerProcess } from '../test/support/server-process';
import { createScratchDatabase } from '../test/support/test-databases';
import { measureArrowVsJson, type ArrowVsJson } from './lib/arrow-vs-json';
import { measureFirstFrame, type FirstFrame } from './lib/first-frame';

const env = process.env;
const int = (name: string, fallback: number) => {
  const n = Number(env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1`);
  return n;
};
const settings = {
  cases: int('POINTS_BENCH_CASES', 1_000_000),
  decodeRuns: int('POINTS_BENCH_RUNS', 5),
  frameRuns: int('POINTS_BENCH_FRAME_RUNS', 3),
  firstFrame: env.POINTS_BENCH_FRAME !== 'off',
  databaseUrl: env.BENCH_DATABASE_URL?.trim() || env.TEST_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test',
};

const DAY_MS = 24 * 3600_000;
const BATCH = 250_000;

/** One batch of candidates: points in the urban box, kept when inside a district piece (the first one found). */
const FILL = `
WITH minors AS (
  SELECT m.code, m.parent_code AS major, p.parent_code AS family, row_number() OVER (ORDER BY m.code) - 1 AS k, count(*) OVER () AS n
  FROM category m JOIN category p ON p.code = m.parent_code WHERE m.level = 'minor'
), candidates AS (
  SELECT i, ST_SetSRID(ST_MakePoint(119.85 + random() * 0.2, 31.70 + random() * 0.15), 4326) AS geom,
         floor(random() * 1e9)::bigint AS pick, random() AS age
  FROM generate_series($1::int, $1::int + $2::int - 1) i
)
INSERT INTO cases (case_id, category_code, major_code, family_code, source, geom, city_code, district_code, status,
                   reported_at, last_event_at, version)
SELECT 'P1M-' || lpad(c.i::text, 8, '0'), m.code, m.major, m.family, 'inspector', c.geom, d.city, d.code,
       (ARRAY['reported', 'verified', 'registered', 'dispatched', 'handled', 'checked', 'closed', 'closed', 'closed', 'voided'])[1 + c.pick % 10],
       now() - c.age * interval '60 days', now(), 1
FROM candidates c
CROSS JOIN LATERAL (
  SELECT p.code, r.parent_code AS city FROM region_piece p JOIN region r ON r.code = p.code
  WHERE p.level = 'district' AND ST_Intersects(p.geom, c.geom) LIMIT 1
) d
JOIN minors m ON m.k = c.pick % m.n
LIMIT $3`;

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'db', 'migrations')) || !existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the gridlens repository root');
    dir = up;
  }
  return dir;
}

const log = (msg: string) => console.log(`[points ${new Date().toISOString().slice(11, 19)}] ${msg}`);

async function fill(url: string, cases: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT setseed(0.20261129)');
    let stored = 0;
    for (let first = 1; stored < cases; first += BATCH) {
      const result = await client.query(FILL, [first, BATCH, cases - stored]);
      stored += result.rowCount ?? 0;
      log(`  ${stored.toLocaleString('en')} cases stored`);
      if (first > cases * 4) throw new Error('the urban box has too few points inside districts: is the city seeded?');
    }
    await client.query('ANALYZE cases');
    return stored;
  } finally {
    await client.end();
  }
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

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
const ms = (n: number) => `${Math.round(n).toLocaleString('en')} ms`;
const ratio = (n: number) => `${n.toFixed(3)} (JSON/Arrow ${(1 / n).toFixed(1)}×)`;

function print(a: ArrowVsJson, f: FirstFrame | null): void {
  const rows: [string, string, string, string][] = [
    ['measure', 'Arrow', 'JSON', 'Arrow / JSON'],
    ['bytes on the wire', mb(a.arrowBytes), mb(a.jsonBytes), ratio(a.bytesRatio)],
    ['  gzip -6 of the same', mb(a.arrowGzipBytes), mb(a.jsonGzipBytes), ratio(a.gzipBytesRatio)],
    [`fetch to last byte (p50 of ${a.runs})`, ms(a.arrowFetchMs), ms(a.jsonFetchMs), ratio(a.fetchRatio)],
    [`decode, browser path in Node (p50 of ${a.runs})`, ms(a.arrowDecodeMs), `${ms(a.jsonDecodeMs)} (parse ${ms(a.jsonParseMs)})`, ratio(a.decodeRatio)],
  ];
  if (f) {
    rows.push([`Chromium: request → first frame (p50 of ${f.runs})`, ms(f.arrowMs), ms(f.jsonMs), ratio(f.ratio)]);
    for (const phase of ['fetchMs', 'decodeMs', 'drawMs'] as const) rows.push([`  ${phase.replace('Ms', '')}`, ms(f.arrow[phase]), ms(f.json[phase]), '']);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(`\n${a.points.toLocaleString('en')} case points, GET /api/v1/cases on PostgreSQL (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs)`);
  for (const r of rows) console.log(r.map((cell, i) => cell.padEnd(widths[i])).join('  '));
}

async function main(): Promise<void> {
  process.chdir(repoRoot()); // startServer spawns dist/apps/server/main.js relative to the working directory
  if (!existsSync('dist/apps/server/main.js')) throw new Error('dist/apps/server/main.js is missing: `npx nx run server:build` (npm run bench:points does)');
  process.env.TEST_DATABASE_URL = settings.databaseUrl; // createScratchDatabase makes its database on that server
  const scratch = await createScratchDatabase();
  let server: ServerProcess | null = null;
  try {
    log(`scratch database ${new URL(scratch.url).pathname.slice(1)}; starting the built server (migrations, seeds)`);
    server = await startServer({ databaseUrl: scratch.url });
    const t0 = performance.now();
    const stored = await fill(scratch.url, settings.cases);
    log(`${stored.toLocaleString('en')} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const token = await login(server.url);
    const now = Date.now();
    const query = { from: new Date(now - 61 * DAY_MS).toISOString(), to: new Date(now + DAY_MS).toISOString(), limit: String(settings.cases) };
    const options = { baseUrl: server.url, token, query };
    log(`Arrow vs JSON: ${settings.decodeRuns} runs each`);
    const arrowVsJson = await measureArrowVsJson({ ...options, runs: settings.decodeRuns });
    if (arrowVsJson.points !== settings.cases) throw new Error(`the answers hold ${arrowVsJson.points} points, not ${settings.cases}`);
    let firstFrame: FirstFrame | null = null;
    if (settings.firstFrame) {
      log(`first frame in headless Chromium: ${settings.frameRuns} runs each`);
      firstFrame = await measureFirstFrame({ ...options, runs: settings.frameRuns });
    }
    print(arrowVsJson, firstFrame);
    mkdirSync(resolve('bench/out'), { recursive: true });
    const out = resolve(`bench/out/points-1m-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(out, JSON.stringify({ settings, loadAverage: loadavg(), arrowVsJson, firstFrame }, null, 2));
    log(`written ${out}`);
  } finally {
    await server?.stop();
    await scratch.drop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
