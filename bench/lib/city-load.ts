// Bulk-loads the rollup benchmark's cases into `cases` with SQL (no ingest: this is a read benchmark), then checks them.
import pg from 'pg';
import {
  EMERGING_BUMP,
  EMERGING_DAYS,
  EMERGING_SHARE,
  FADING_BUMP,
  FADING_SHARE,
  HOUR_WEIGHTS,
  STATIC_BUMPS,
  apportion,
  categoryWeights,
  cumulativeBounds,
  dayWeights,
  density,
} from './city-model';
import { CASES_INDEXES_SQL, GRIDS_SQL, MINORS_SQL, PLACEMENT_CHECK_SQL, POPULATIONS, insertPopulationSql } from './city-load-sql';
import { mix32 } from './prng';

export interface LoadOptions {
  url: string;
  cases: number;
  days: number;
  /** The first local midnight of the period (its UTC instant). */
  start: Date;
  /** Stages after this instant have not happened yet. */
  now: Date;
  /** Offset of the city's time zone from UTC, ms (Asia/Shanghai: +8 h, no daylight saving). */
  offsetMs: number;
  /** Loader connections working at once. */
  loaders: number;
}

export interface LoadResult {
  cases: number;
  populations: Record<string, number>;
  grids: { used: number; skipped: number };
  seconds: { prepare: number; insert: number; indexes: number; vacuumAnalyze: number; total: number };
  tableBytes: number;
  placementCheck: { sampled: number; mismatched: number };
  statuses: Record<string, number>;
}

interface GridRow {
  grid: string; community: string; street: string; district: string; city: string;
  x0: number; y0: number; x1: number; y1: number; covered: boolean;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Lognormal factor exp(0.5·z) from a hash of the grid code: every unit grid its own everyday level. */
function gridNoise(code: string): number {
  let h = 0;
  for (let i = 0; i < code.length; i++) h = mix32(h ^ code.charCodeAt(i));
  const u1 = (mix32(h) + 1) / 4294967297;
  const u2 = mix32(h ^ 0x5bd1e995) / 4294967296;
  return Math.exp(0.5 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
}

export async function loadCity(o: LoadOptions, log: (msg: string) => void): Promise<LoadResult> {
  const t0 = performance.now();
  const main = await connect(o.url);
  const loaders: pg.Client[] = [];
  try {
    // Unit grids and how many cases of each population fall in each.
    const grids = (await main.query<GridRow>(GRIDS_SQL)).rows;
    const used = grids.filter((g) => g.covered);
    const centre = (g: GridRow) => [(g.x0 + g.x1) / 2, (g.y0 + g.y1) / 2] as const;
    const nEmerging = Math.round(o.cases * EMERGING_SHARE);
    const nFading = Math.round(o.cases * FADING_SHARE);
    const nStatic = o.cases - nEmerging - nFading;
    const cut = (w: number) => (w < 1e-3 ? 0 : w);
    const counts = {
      n_static: apportion(nStatic, used.map((g) => density(...centre(g), STATIC_BUMPS, 1) * gridNoise(g.grid))),
      n_emerging: apportion(nEmerging, used.map((g) => cut(density(...centre(g), [EMERGING_BUMP], 0)))),
      n_fading: apportion(nFading, used.map((g) => cut(density(...centre(g), [FADING_BUMP], 0)))),
    };
    await main.query('DROP TABLE IF EXISTS bench_grid, bench_minor');
    await main.query(
      `CREATE UNLOGGED TABLE bench_grid AS
       SELECT u.idx::int AS idx, grid, community, street, district, city, x0, y0, x1 - x0 AS dx, y1 - y0 AS dy, n_static, n_emerging, n_fading
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[], $8::float8[], $9::float8[],
                   $10::int[], $11::int[], $12::int[]) WITH ORDINALITY
            AS u(grid, community, street, district, city, x0, y0, x1, y1, n_static, n_emerging, n_fading, idx)`,
      [
        used.map((g) => g.grid), used.map((g) => g.community), used.map((g) => g.street), used.map((g) => g.district), used.map((g) => g.city),
        used.map((g) => g.x0), used.map((g) => g.y0), used.map((g) => g.x1), used.map((g) => g.y1),
        Array.from(counts.n_static), Array.from(counts.n_emerging), Array.from(counts.n_fading),
      ],
    );
    const minors = (await main.query<{ code: string }>(MINORS_SQL)).rows;
    await main.query(`CREATE UNLOGGED TABLE bench_minor AS SELECT row_number() OVER (ORDER BY code)::int AS k, * FROM (${MINORS_SQL}) m`);
    const bounds = {
      day: cumulativeBounds(dayWeights(o.days, o.start.getTime() + o.offsetMs)),
      hour: cumulativeBounds(HOUR_WEIGHTS),
      category: cumulativeBounds(categoryWeights(minors.map((m) => m.code))),
    };

    // Read benchmark: pages packed full (the migration's fillfactor 40 leaves room for the ingest's HOT updates,
    // which these rows never get), indexes and key made once after the load, triggers off while loading.
    const indexes = (await main.query<{ name: string; index_def: string; constraint_name: string | null; constraint_def: string | null }>(CASES_INDEXES_SQL)).rows;
    await main.query('ALTER TABLE cases SET (fillfactor = 100, autovacuum_enabled = false)');
    for (const ix of indexes) {
      await main.query(ix.constraint_name ? `ALTER TABLE cases DROP CONSTRAINT ${ix.constraint_name}` : `DROP INDEX ${ix.name}`);
    }
    const prepare = (performance.now() - t0) / 1000;
    log(`load: ${used.length} unit grids (${grids.length - used.length} not wholly inside their district left out), ${minors.length} categories, ` +
        `dropped ${indexes.length} indexes of cases; ${o.loaders} loader connections`);

    const t1 = performance.now();
    for (let w = 0; w < o.loaders; w++) {
      const c = await connect(o.url);
      // Replica role: no triggers, no foreign-key checks (the codes come from the catalogue and the regions).
      await c.query(`SET session_replication_role = replica; SET synchronous_commit = off; SET work_mem = '256MB'`);
      loaders.push(c);
    }
    await Promise.all(
      loaders.map(async (c, w) => {
        for (const p of POPULATIONS) {
          const started = performance.now();
          const r = await c.query(insertPopulationSql(p), [
            o.loaders, w, o.start.toISOString(), bounds.day, bounds.hour, bounds.category, o.now.toISOString(), o.days, EMERGING_DAYS,
          ]);
          log(`load: loader ${w} wrote ${r.rowCount} cases of population ${p.letter} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        }
      }),
    );
    const insert = (performance.now() - t1) / 1000;

    const t2 = performance.now();
    const queue = [...indexes];
    await Promise.all(
      loaders.map(async (c) => {
        await c.query(`SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 0`);
        for (let ix = queue.shift(); ix; ix = queue.shift()) {
          const started = performance.now();
          await c.query(ix.constraint_name ? `ALTER TABLE cases ADD CONSTRAINT ${ix.constraint_name} ${ix.constraint_def}` : ix.index_def);
          log(`load: made ${ix.name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        }
      }),
    );
    const indexSeconds = (performance.now() - t2) / 1000;
    const t3 = performance.now();
    await main.query('ALTER TABLE cases RESET (autovacuum_enabled)');
    await main.query('VACUUM (ANALYZE) cases');
    const vacuumAnalyze = (performance.now() - t3) / 1000;
    await main.query('DROP TABLE bench_grid, bench_minor');

    const [{ n }] = (await main.query<{ n: string }>('SELECT count(*) AS n FROM cases')).rows;
    if (Number(n) !== o.cases) throw new Error(`load: ${n} cases in the table, expected ${o.cases}`);
    const statuses = Object.fromEntries(
      (await main.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM cases GROUP BY 1 ORDER BY 1')).rows.map((r) => [r.status, Number(r.n)]),
    );
    const percent = Math.min(100, (100 * 20_000 * 3) / o.cases);
    const [check] = (await main.query<{ sampled: number; mismatched: number }>(PLACEMENT_CHECK_SQL, [percent, 20_000])).rows;
    if (check.mismatched > 0) throw new Error(`load: ${check.mismatched} of ${check.sampled} sampled cases placed unlike point-in-polygon`);
    const [{ bytes }] = (await main.query<{ bytes: string }>(`SELECT pg_total_relation_size('cases') AS bytes`)).rows;
    return {
      cases: o.cases,
      populations: { static: nStatic, emerging: nEmerging, fading: nFading },
      grids: { used: used.length, skipped: grids.length - used.length },
      seconds: { prepare, insert, indexes: indexSeconds, vacuumAnalyze, total: (performance.now() - t0) / 1000 },
      tableBytes: Number(bytes),
      placementCheck: check,
      statuses,
    };
  } finally {
    await Promise.all([main, ...loaders].map((c) => c.end().catch(() => undefined)));
  }
}
