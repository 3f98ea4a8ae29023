// Times one query with source=rollup and source=raw (warm-ups, then interleaved runs) and compares the two answers.
import { TREND_BIN_RELATIVE_ERROR } from '../../apps/server/src/services/trend-rollup-histogram';
import { answerDiff } from './answer-diff';
import { interleave, timedGet, type Answer, type QuerySpec } from './rollup-queries';
import { percentile } from './stats';

export interface RunCounts {
  rollupWarmup: number;
  rawWarmup: number;
  rollupRuns: number;
  rawRuns: number;
  /**
   * Seconds of measured runs per query and source after which that source's remaining runs are skipped, once it has
   * at least 3 (a query that takes tens of seconds would otherwise hold the machine for many minutes); 0: no limit.
   */
  budgetSeconds: number;
}

export interface SourceTimes {
  runs: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
  /** Every x-gridlens-source header seen. */
  served: string[];
  bytes: number;
}

export interface QueryResult {
  name: string;
  group: QuerySpec['group'];
  url: string;
  rollup: SourceTimes | null;
  raw: SourceTimes | null;
  /** raw p50 / rollup p50. */
  ratio: number | null;
  /** Both answers equal (same cells/regions and counts; numbers to 1e-9); null when one source was not measured. */
  equal: boolean | null;
  diff: string | null;
  /** Cells, regions or per-cell series in the answer, and its total where it has one. */
  rows: number | null;
  total: number | null;
  /** Gi*: cells per non-zero bin; emerging: cells per pattern (of the raw answer). */
  found: string | null;
  /** p50 < 100 ms and ≥ 20× faster than raw. */
  targetMet: boolean | null;
  /** The query's first rollup request (ms), before any warm-up: the cold cost a planner's first look pays (caches, JIT). */
  coldRollupMs: number | null;
  /** The rollup runs again as the web app asks them, as an Arrow IPC stream (after the JSON runs; the target is judged on JSON). */
  arrowRollup: SourceTimes | null;
  error: string | null;
}

function times(answers: Answer[]): SourceTimes {
  const ms = answers.map((a) => a.ms);
  return {
    runs: ms.length,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    min: Math.min(...ms),
    max: Math.max(...ms),
    served: [...new Set(answers.map((a) => a.source ?? '(no header)'))],
    bytes: answers[0]?.bytes ?? 0,
  };
}

function rowsOf(body: unknown): { rows: number | null; total: number | null; found: string | null } {
  const b = body as { cells?: { bin?: number; pattern?: string }[]; counts?: unknown[]; total?: number; n?: number };
  const list = b.cells ?? b.counts ?? null;
  const tally = (keys: string[]) => {
    const n = new Map<string, number>();
    for (const k of keys) n.set(k, (n.get(k) ?? 0) + 1);
    return [...n].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${v}`).join(', ');
  };
  // What Gi* and emerging hot spots found: cells per bin, cells per pattern.
  const found = !b.cells?.length ? null
    : b.cells[0].pattern !== undefined ? tally(b.cells.map((c) => String(c.pattern)))
    : b.cells[0].bin !== undefined ? `bins: ${tally(b.cells.filter((c) => c.bin !== 0).map((c) => String(c.bin)))}`
    : null;
  return { rows: list ? list.length : null, total: typeof b.total === 'number' ? b.total : typeof b.n === 'number' ? b.n : null, found };
}

export async function measureQuery(
  baseUrl: string,
  token: string,
  spec: QuerySpec,
  counts: RunCounts,
  sources: readonly ('rollup' | 'raw')[],
  log: (msg: string) => void,
): Promise<QueryResult> {
  const url = `${spec.path}?${new URLSearchParams(spec.params)}`;
  const answers: Record<'rollup' | 'raw', Answer[]> = { rollup: [], raw: [] };
  const first: Partial<Record<'rollup' | 'raw', unknown>> = {};
  const result: QueryResult = {
    name: spec.name, group: spec.group, url, rollup: null, raw: null, ratio: null, equal: null, diff: null, rows: null, total: null, found: null, targetMet: null, coldRollupMs: null, arrowRollup: null, error: null,
  };
  const get = async (source: 'rollup' | 'raw', keep: boolean) => {
    const a = await timedGet(baseUrl, spec, source, token);
    if (a.status !== 200) throw new Error(`${spec.name}, source=${source}: HTTP ${a.status}: ${a.body.slice(0, 400)}`);
    if (first[source] === undefined) {
      first[source] = JSON.parse(a.body);
      if (source === 'rollup') result.coldRollupMs = a.ms;
    }
    if (keep) answers[source].push({ ...a, body: '' });
  };
  try {
    const warm = Math.max(sources.includes('rollup') ? counts.rollupWarmup : 0, sources.includes('raw') ? counts.rawWarmup : 0);
    for (let i = 0; i < warm; i++) {
      if (sources.includes('rollup') && i < counts.rollupWarmup) await get('rollup', false);
      if (sources.includes('raw') && i < counts.rawWarmup) await get('raw', false);
    }
    const order = interleave(sources.includes('rollup') ? counts.rollupRuns : 0, sources.includes('raw') ? counts.rawRuns : 0);
    const spent = { rollup: 0, raw: 0 };
    for (const source of order) {
      if (counts.budgetSeconds > 0 && spent[source] > counts.budgetSeconds * 1000 && answers[source].length >= 3) continue;
      await get(source, true);
      spent[source] += answers[source][answers[source].length - 1].ms;
    }
    if (sources.includes('rollup') && counts.rollupRuns > 0) {
      const arrow: Answer[] = [];
      // One warm-up (not kept), then the runs.
      for (let i = 0; i <= counts.rollupRuns; i++) {
        const a = await timedGet(baseUrl, spec, 'rollup', token, true);
        if (a.status !== 200) throw new Error(`${spec.name}, source=rollup, Arrow: HTTP ${a.status}`);
        if (i > 0) arrow.push(a);
      }
      result.arrowRollup = times(arrow);
    }
  } catch (error) {
    result.error = (error as Error).message;
    log(`  ${result.error}`);
  }
  if (answers.rollup.length) result.rollup = times(answers.rollup);
  if (answers.raw.length) result.raw = times(answers.raw);
  const shown = first.raw ?? first.rollup;
  if (shown !== undefined) Object.assign(result, rowsOf(shown));
  if (first.rollup !== undefined && first.raw !== undefined) {
    // Where the answer says how it was computed (`source`, as the x-gridlens-source header), that field differs by design.
    const { source: _r, ...rollupAnswer } = first.rollup as Record<string, unknown>;
    const { source: _w, ...rawAnswer } = first.raw as Record<string, unknown>;
    // Trends from the rollup: percentiles are bin estimates within TREND_BIN_RELATIVE_ERROR (TREND_METHOD); the rest equal.
    const bound = TREND_BIN_RELATIVE_ERROR * (1 + 1e-9);
    const loose: Record<string, number> = spec.path === '/api/v1/trends' ? { p50Seconds: bound, p90Seconds: bound } : {};
    result.diff = answerDiff(rollupAnswer, rawAnswer, 1e-9, '$', loose);
    result.equal = result.diff === null;
  }
  if (result.rollup && result.raw) {
    result.ratio = result.raw.p50 / result.rollup.p50;
    result.targetMet = result.rollup.p50 < 100 && result.ratio >= 20 && result.equal === true;
  }
  return result;
}
