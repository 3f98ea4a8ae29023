/**
 * KPI reads on the ingest benchmark's database, once ingest is done (events went through the server, so the log,
 * the rollups' watermark and open_case are as in production): each KpiPlan of the server's KPI statement against the
 * full scan it replaces, for the last day and the last seven days of the data, as of the last event. Runs are
 * interleaved (raw, plan, raw, plan, …) so load changes hit both sides alike; every run's figures must be equal.
 * It first waits for the server to fold the ingest burst into the rollups (it does so once ingest is quiet): until
 * then the server itself reads KPIs by the full scan (KpiService.plan).
 */
import pg from 'pg';
import { kpiSql, type KpiPlan } from '../../apps/server/src/repositories/kpi-sql';
import { round, summarize } from './stats';

const RUNS = 7;
const FOLD_TIMEOUT_MS = 15 * 60_000;
const POLL_MS = 500;
const RAW: KpiPlan = { window: 'scan', open: 'scan' };
const PLAN: KpiPlan = { window: 'reports', open: 'rollup' };

/** Until the rollups' watermark reaches the log's head (the server's background fold), or the timeout. */
async function foldedWithin(client: pg.Client, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const { rows } = await client.query(`SELECT (SELECT last_seq FROM event_counter) - coalesce((SELECT seq FROM rollup_state), 0) AS tail`);
    if (Number(rows[0].tail) === 0) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`the server did not fold the tail (${rows[0].tail} events) within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

export interface KpiReadResult {
  window: string;
  tailEvents: number;
  rawP50Ms: number;
  planP50Ms: number;
  ratio: number;
  equal: boolean;
}

export async function kpiReads(url: string): Promise<{ cases: number; foldWaitMs: number; results: KpiReadResult[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const foldWaitMs = round(await foldedWithin(client, FOLD_TIMEOUT_MS));
    const [{ last, cases, tail }] = (
      await client.query(
        `SELECT (SELECT max(at) FROM case_event) AS last, (SELECT count(*) FROM cases)::int AS cases,
                (SELECT last_seq FROM event_counter) - coalesce((SELECT seq FROM rollup_state), 0) AS tail`,
      )
    ).rows as { last: Date; cases: number; tail: string }[];
    const results: KpiReadResult[] = [];
    for (const days of [1, 7]) {
      const asOf = last.getTime() + 1;
      const params = [null, null, new Date(asOf - days * 86_400_000).toISOString(), new Date(asOf).toISOString(), new Date(asOf).toISOString()];
      const times = { raw: [] as number[], plan: [] as number[] };
      let equal = true;
      for (let run = 0; run <= RUNS; run++) {
        const answers: string[] = [];
        for (const [side, plan] of [['raw', RAW], ['plan', PLAN]] as const) {
          const t = performance.now();
          const { rows } = await client.query(kpiSql(plan), params);
          if (run > 0) times[side].push(performance.now() - t); // run 0 warms both up
          answers.push(JSON.stringify(rows[0]));
        }
        equal &&= answers[0] === answers[1];
      }
      const rawP50 = summarize(times.raw).p50;
      const planP50 = summarize(times.plan).p50;
      results.push({ window: `last ${days} day${days > 1 ? 's' : ''}`, tailEvents: Number(tail), rawP50Ms: round(rawP50), planP50Ms: round(planP50), ratio: round(rawP50 / planP50, 1), equal });
    }
    return { cases, foldWaitMs, results };
  } finally {
    await client.end();
  }
}
