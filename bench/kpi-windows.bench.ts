/**
 * `npm run bench:kpis`: the KPI statement's window plans (apps/server/src/repositories/kpi-sql.ts) side by side on a
 * database that bench:rollups loaded and kept (BENCH_KEEP_DB=on), for windows of a day to three months
 * (BENCH_KPI_DAYS).
 *
 * bench:rollups writes cases only, grid by grid. A live feed writes them in about report order and logs every event
 * in time order, so this bench first makes the database look like that (once; a marker table remembers):
 * - `CLUSTER cases` on the reported_at index (the table's order as a live feed writes it);
 * - case_event: one event per stage time the case has (reported, verified, registered, dispatched, handled, checked,
 *   closed, voided), in time order, seq 1…n; event_counter at the last seq;
 * - open_case: the open cases; rollup_state at the last seq (the rollups' watermark with no tail), so the statement's
 *   open and overdue read open_case as the server's does.
 * Then, per window ending at the data's end, the two window plans interleaved (reports, scan, …), p50 of
 * BENCH_KPI_RUNS after one warm-up; every plan's figures must equal the scan's (means to 1e-9 relative), else exit 1.
 * Last, a day's window of the city with a tail of events after the watermark (BENCH_KPI_TAILS: the watermark is moved
 * back, and put back after), the open cases read both ways: from open_case corrected for the tail, and by a scan.
 */
import pg from 'pg';
import { kpiSettings, kpiSql, type KpiPlan } from '../apps/server/src/repositories/kpi-sql';
import { kpiWindowPlan } from '../apps/server/src/services/kpi-window-plan';
import { fmt, fmtInt, percentile } from './lib/stats';

const url = process.env.BENCH_REUSE_DB?.trim();
if (!url) throw new Error('BENCH_REUSE_DB: the URL of a database bench:rollups kept (BENCH_KEEP_DB=on) is required');
const RUNS = Number(process.env.BENCH_KPI_RUNS ?? 5);
const WINDOWS_DAYS = (process.env.BENCH_KPI_DAYS ?? '1,7,14,30,45,90').split(',').map(Number);
const REGION = process.env.BENCH_KPI_REGION ?? '320402';
/** Tails (events after the rollups' watermark, up to the server's READ_TAIL_LIMIT of 20,000) to time the open cases with. */
const TAILS = (process.env.BENCH_KPI_TAILS ?? '0,1000,20000').split(',').filter(Boolean).map(Number);
const WINDOW_PLANS: KpiPlan['window'][] = ['reports', 'scan'];
const DAY_MS = 86_400_000;

const log = (m: string) => console.log(`[kpis ${new Date().toISOString().slice(11, 19)}] ${m}`);

const STAGES = [
  ['reported', 'reported_at'],
  ['verified', 'verified_at'],
  ['registered', 'registered_at'],
  ['dispatched', 'first_dispatched_at'],
  ['handled', 'handled_at'],
  ['checked', 'checked_at'],
  ['closed', 'closed_at'],
  ['voided', 'voided_at'],
] as const;

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const out = await run();
  log(`${label}: ${fmt((performance.now() - t) / 1000, 1)} s`);
  return out;
}

/** Once per database: cases in report order, the event log, open_case and the watermark (see the header). */
async function prepare(c: pg.Client): Promise<void> {
  const [{ done }] = (await c.query(`SELECT to_regclass('bench_kpi_prepared') IS NOT NULL AS done`)).rows;
  if (done) return log('already prepared (bench_kpi_prepared)');
  const [{ events }] = (await c.query(`SELECT count(*)::int AS events FROM case_event`)).rows;
  if (events > 0) throw new Error(`case_event holds ${events} events: this bench writes the log of a bench:rollups database, which has none`);
  await timed('CLUSTER cases USING cases_reported_at_idx', () => c.query(`CLUSTER cases USING cases_reported_at_idx`));
  // Indexes after the rows (as a restore would), the log in time order.
  await c.query(`ALTER TABLE case_event DROP CONSTRAINT case_event_pkey, DROP CONSTRAINT case_event_event_id_key`);
  await c.query(`DROP INDEX case_event_case_idx, case_event_at_brin`);
  const stages = STAGES.map(([type, col]) => `SELECT case_id, '${type}' AS type, ${col} AS at FROM cases WHERE ${col} IS NOT NULL`).join('\nUNION ALL\n');
  await timed('case_event from the stage times, in time order', () =>
    c.query(`
INSERT INTO case_event (seq, event_id, case_id, type, at, received_at, category_code, lon, lat, city_code, district_code,
                        street_code, community_code, grid_code, status)
SELECT row_number() OVER (ORDER BY s.at, s.case_id, s.type), s.case_id || ':' || s.type, s.case_id, s.type, s.at, s.at,
       c.category_code, ST_X(c.geom), ST_Y(c.geom), c.city_code, c.district_code, c.street_code, c.community_code,
       c.grid_code, s.type
FROM (${stages}) s JOIN cases c USING (case_id)
ORDER BY s.at, s.case_id, s.type`),
  );
  await timed('the log\'s indexes', async () => {
    await c.query(`ALTER TABLE case_event ADD PRIMARY KEY (seq), ADD UNIQUE (event_id)`);
    await c.query(`CREATE INDEX case_event_case_idx ON case_event (case_id, seq)`);
    await c.query(`CREATE INDEX case_event_at_brin ON case_event USING brin (at)`);
  });
  await c.query(`UPDATE event_counter SET last_seq = (SELECT max(seq) FROM case_event)`);
  await timed('open_case and the watermark', async () => {
    await c.query(`TRUNCATE open_case`);
    await c.query(`
INSERT INTO open_case (case_id, category_code, city_code, district_code, street_code, community_code, grid_code, deadline, suspended_since)
SELECT case_id, category_code, city_code, district_code, street_code, community_code, grid_code, deadline, suspended_since
FROM cases WHERE status NOT IN ('closed', 'voided')`);
    await c.query(`
INSERT INTO rollup_state (id, seq, time_zone, srid, layout) VALUES (1, (SELECT last_seq FROM event_counter), 'Asia/Shanghai', 0, 'bench:kpis')
ON CONFLICT (id) DO UPDATE SET seq = excluded.seq`);
  });
  await timed('VACUUM ANALYZE', async () => {
    for (const t of ['cases', 'case_event', 'open_case']) await c.query(`VACUUM ANALYZE ${t}`);
  });
  await c.query(`CREATE TABLE bench_kpi_prepared (at timestamptz NOT NULL DEFAULT now()); INSERT INTO bench_kpi_prepared DEFAULT VALUES`);
}

type Row = Record<string, unknown>;

/** Equal figures: every count exactly, means to 1e-9 relative (a float sum depends on the order rows arrive in). */
function sameFigures(a: Row, b: Row): string | null {
  for (const k of Object.keys(b)) {
    const [x, y] = [a[k], b[k]];
    if (k.endsWith('_mean') && typeof x === 'number' && typeof y === 'number') {
      if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(y))) return `${k}: ${x} vs ${y}`;
    } else if (String(x) !== String(y)) return `${k}: ${x} vs ${y}`;
  }
  return null;
}

/** The reports window with the open cases read from open_case (corrected for a tail) and by a scan, per tail. */
async function timeTails(c: pg.Client, to: number, lastSeq: number): Promise<{ lines: string[]; failed: boolean }> {
  const lines: string[] = [];
  let failed = false;
  const params = [null, null, new Date(to - DAY_MS).toISOString(), new Date(to).toISOString(), new Date(to).toISOString()];
  try {
    for (const tail of TAILS) {
      await c.query(`UPDATE rollup_state SET seq = $1 WHERE id = 1`, [lastSeq - tail]);
      const times = { rollup: [] as number[], scan: [] as number[] };
      let reference: Row | null = null;
      for (let run = 0; run <= RUNS; run++) {
        for (const open of ['scan', 'rollup'] as const) {
          const plan: KpiPlan = { window: 'reports', open };
          const t = performance.now();
          await c.query('BEGIN');
          for (const setting of kpiSettings(plan, 'postgres')) await c.query(setting);
          const { rows } = await c.query(kpiSql(plan), params);
          await c.query('COMMIT');
          if (run > 0) times[open].push(performance.now() - t);
          if (open === 'scan') reference = rows[0];
          else {
            const diff = sameFigures(rows[0], reference!);
            if (diff) (failed = true), log(`DIFFERENT: tail ${tail}: ${diff}`);
          }
        }
      }
      const [a, b] = [percentile(times.rollup, 50), percentile(times.scan, 50)];
      lines.push(`${fmtInt(tail).padStart(11)} ${fmt(a, 1).padStart(9)} ms ${fmt(b, 1).padStart(9)} ms   ${fmt(b / a, 2).padStart(6)}×`);
      log(`tail ${lines.at(-1)!.trim()}`);
    }
  } finally {
    await c.query(`UPDATE rollup_state SET seq = $1 WHERE id = 1`, [lastSeq]);
  }
  return { lines, failed };
}

async function main(): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await prepare(c);
    const [{ first, last, cases, events }] = (
      await c.query(`SELECT (SELECT min(reported_at) FROM cases) AS first, (SELECT max(at) FROM case_event) AS last,
                            (SELECT count(*) FROM cases)::int AS cases, (SELECT last_seq FROM event_counter)::int AS events`)
    ).rows as { first: Date; last: Date; cases: number; events: number }[];
    const to = last.getTime() + 1;
    log(`${fmtInt(cases)} cases, ${fmtInt(events)} events, ${first.toISOString()} … ${last.toISOString()}; ${RUNS} runs per plan after a warm-up`);
    const lines: string[] = [];
    let failed = false;
    for (const region of [null, REGION]) {
      for (const days of WINDOWS_DAYS) {
        const from = to - days * DAY_MS;
        const params = [region, null, new Date(from).toISOString(), new Date(to).toISOString(), new Date(to).toISOString()];
        const times = new Map<string, number[]>(WINDOW_PLANS.map((w) => [w, []]));
        let reference: Row | null = null;
        for (let run = 0; run <= RUNS; run++) {
          for (const window of WINDOW_PLANS) {
            const plan: KpiPlan = { window, open: 'rollup' };
            const t = performance.now();
            // As KpiRepository.figures runs it: its settings and the statement in one transaction.
            await c.query('BEGIN');
            for (const setting of kpiSettings(plan, 'postgres')) await c.query(setting);
            const { rows } = await c.query(kpiSql(plan), params);
            await c.query('COMMIT');
            if (run > 0) times.get(window)!.push(performance.now() - t);
            if (window === 'scan') reference = rows[0];
            else if (reference) {
              const diff = sameFigures(rows[0], reference);
              if (diff) (failed = true), log(`DIFFERENT: ${days} days, ${region ?? 'city'}, ${window}: ${diff}`);
            }
          }
        }
        const p50 = (w: string) => percentile(times.get(w)!, 50);
        const chosen = kpiWindowPlan(days * DAY_MS, to - first.getTime());
        lines.push(
          `${(region ?? 'city').padEnd(7)} ${String(days).padStart(4)} d  ${fmtInt(Number(reference?.reported)).padStart(10)}  ` +
            WINDOW_PLANS.map((w) => `${fmt(p50(w), 1).padStart(9)} ms`).join('') +
            `   ${fmt(p50('scan') / p50('reports'), 2).padStart(6)}×   ${chosen}`,
        );
        log(lines.at(-1)!);
      }
    }
    console.log(`\nscope   window    reported    reports      scan   scan÷reports  server's plan`);
    for (const l of lines) console.log(l);
    const tails = await timeTails(c, to, events);
    console.log(`\nopen cases with a tail (a day's window, city)\ntail events   open_case    scan   scan÷open_case`);
    for (const l of tails.lines) console.log(l);
    failed ||= tails.failed;
    if (failed) process.exitCode = 1;
  } finally {
    await c.end();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
