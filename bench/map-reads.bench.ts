/**
 * `node bench/map-reads-run.mjs` (bundles this file with esbuild, then runs it): how long GET /api/v1/cases takes to read and
 * encode 100,000 cases, and how many bytes it sends, on the embedded PGlite and (when TEST_DATABASE_URL is set)
 * on PostgreSQL. The cases are written straight into `cases` with SQL (the read path does not care how they got
 * there); the timings are of MapService.casePoints (one statement) and of each encoding, median of 5 runs; then
 * of the whole request to the built server (`npx nx run server:build` first) on a database filled the same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { casePointsQuerySchema } from '@gridlens/contracts';
import { MapService } from '../apps/server/src/services/map.service';
import { casePointsToArrowStream, casePointsToJson } from '../apps/server/src/services/case-points-format';
import type { Database } from '../apps/server/src/db/database';
import { migrate } from '../apps/server/src/db/migrator';
import { openDatabase } from '../apps/server/src/db/open-database';
import { PostgresDatabase } from '../apps/server/src/db/postgres-database';
import { startServer, TEST_ADMIN_PASSWORD } from '../test/support/server-process';
import { createTestContext } from '../test/support/test-app';
import { createScratchDatabase, pgliteBackend, postgresBackend, testDatabaseUrl, type TestBackend } from '../test/support/test-databases';

const CASES = Number(process.env.MAP_BENCH_CASES ?? 100_000);
const RUNS = 5;

const FILL = `
WITH minors AS (
  SELECT m.code, m.parent_code AS major, p.parent_code AS family, row_number() OVER (ORDER BY m.code) - 1 AS k,
         count(*) OVER () AS n
  FROM category m JOIN category p ON p.code = m.parent_code WHERE m.level = 'minor'
)
INSERT INTO cases (case_id, category_code, major_code, family_code, source, geom, city_code, district_code, status,
                   reported_at, last_event_at, version)
SELECT 'bench-' || lpad(i::text, 7, '0'), m.code, m.major, m.family, 'inspector',
       ST_SetSRID(ST_MakePoint(119.85 + (i::bigint * 7919 % 10007) / 10007.0 * 0.2, 31.70 + (i::bigint * 104729 % 10009) / 10009.0 * 0.15), 4326),
       '320400', (ARRAY['320402', '320404', '320411', '320412'])[1 + i % 4],
       (ARRAY['reported', 'registered', 'dispatched', 'handled', 'closed', 'closed', 'closed', 'voided'])[1 + i % 8],
       now() - i * interval '2 seconds', now(), 1
FROM generate_series(1, $1::int) i
JOIN minors m ON m.k = i % m.n`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall time, and this process's CPU time (on a busy machine the steadier figure; PGlite runs in this process). */
async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; cpuMs: number; value: T }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, value };
}

async function measure(backend: TestBackend) {
  const { db, drop } = await backend.open();
  const app = await createTestContext(db);
  try {
    await db.query(FILL, [CASES]);
    const map = app.get(MapService);
    const q = casePointsQuerySchema.parse({ from: new Date(Date.now() - 30 * 24 * 3600_000).toISOString(), to: new Date(Date.now() + 3600_000).toISOString(), limit: String(CASES) });
    const read: number[] = [];
    const readCpu: number[] = [];
    const arrow: number[] = [];
    const json: number[] = [];
    let arrowBytes = 0;
    let jsonBytes = 0;
    let arrowGzip = 0;
    let jsonGzip = 0;
    for (let run = 0; run < RUNS; run++) {
      const r = await time(() => map.casePoints(q));
      if (r.value.caseId.length !== CASES) throw new Error(`read ${r.value.caseId.length} cases, expected ${CASES}`);
      read.push(r.ms);
      readCpu.push(r.cpuMs);
      const a = await time(() => casePointsToArrowStream(r.value));
      arrow.push(a.ms);
      const j = await time(() => Buffer.from(JSON.stringify(casePointsToJson(r.value))));
      json.push(j.ms);
      arrowBytes = a.value.byteLength;
      jsonBytes = j.value.byteLength;
      if (run === 0) {
        arrowGzip = gzipSync(a.value).byteLength;
        jsonGzip = gzipSync(j.value).byteLength;
      }
    }
    const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
    console.log(
      `${backend.name}: ${CASES} cases — read (one statement) ${median(read).toFixed(0)} ms (${median(readCpu).toFixed(0)} ms CPU here); ` +
        `Arrow encode ${median(arrow).toFixed(0)} ms, ${mb(arrowBytes)} (gzip ${mb(arrowGzip)}); ` +
        `JSON encode ${median(json).toFixed(0)} ms, ${mb(jsonBytes)} (gzip ${mb(jsonGzip)}); median of ${RUNS}; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`,
    );
  } finally {
    await app.close();
    await drop();
  }
}

/** A migrated, seeded database with CASES cases, closed again: the built server then opens it. */
async function filled(db: Database): Promise<void> {
  await migrate(db);
  const app = await createTestContext(db);
  await db.query(FILL, [CASES]);
  await app.close();
  await db.close();
}

async function measureHttp(name: string, server: { url: string }) {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const from = new Date(Date.now() - 30 * 24 * 3600_000).toISOString();
  for (const format of ['arrow', 'json']) {
    const times: number[] = [];
    let bytes = 0;
    for (let run = 0; run < RUNS; run++) {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/v1/cases?from=${encodeURIComponent(from)}&limit=${CASES}&format=${format}`, { headers: { authorization: `Bearer ${token}` } });
      bytes = (await res.arrayBuffer()).byteLength;
      times.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`GET /api/v1/cases: ${res.status}`);
      if (res.headers.get('x-gridlens-truncated') !== 'false' || bytes < CASES * 10) throw new Error(`GET /api/v1/cases: ${bytes} bytes, not ${CASES} cases`);
    }
    console.log(`${name} over HTTP, format=${format}: ${median(times).toFixed(0)} ms to the last byte, ${(bytes / 1e6).toFixed(2)} MB; median of ${RUNS}; load average ${loadavg()[0].toFixed(1)}`);
  }
}

async function httpPglite() {
  const dataDir = mkdtempSync(join(tmpdir(), 'gridlens-bench-map-'));
  try {
    await filled(await openDatabase({ DATABASE_URL: null, DATA_DIR: dataDir, DB_POOL_SIZE: 1 }));
    const server = await startServer({ dataDir });
    try {
      await measureHttp('pglite', server);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function httpPostgres() {
  const scratch = await createScratchDatabase();
  try {
    await filled(new PostgresDatabase(scratch.url, { poolSize: 2 }));
    const server = await startServer({ databaseUrl: scratch.url });
    try {
      await measureHttp('postgres', server);
    } finally {
      await server.stop();
    }
  } finally {
    await scratch.drop();
  }
}

await measure(pgliteBackend);
if (testDatabaseUrl()) await measure(postgresBackend);
if (process.env.MAP_BENCH_HTTP !== 'off') {
  await httpPglite();
  if (testDatabaseUrl()) await httpPostgres();
}
process.exit(0);
