import { TREND_STAGES, type DurationStats, type TrendFigures, type TrendStage } from '@gridlens/contracts';
import { LAYOUT_SIGNATURE } from './rollup-layout';
import type { BucketsOf } from './rollup-layout';
import { TREND_BINS, TREND_BIN_FLOOR_SECONDS, TREND_BIN_GAMMA, binOf, binnedPercentile, mergeBins, newBins, type BinCounts } from './trend-rollup-histogram';
import type { WorkingMinutes } from './trend-figures';

/**
 * What the trend rollup (table trend_rollup) holds, pure: a row sums, for one local day or month, one category
 * ('*' = all) and one district ('*' = the whole city), the trend's measures as GET /api/v1/trends attributes them
 * (a count or a duration belongs to the step in which its later stage happened): counts, per stage the number of
 * durations, their exact sums (clock and working seconds) and their log-spaced bins.
 *
 * Each measure comes from one "mark": a stage time being set. Stage times are write-once (libs/workflow's
 * applyEvent: registeredAt, firstDispatchedAt ??=, handledAt ??=, closedAt; closed and voided cases take no event),
 * so a mark is added exactly once, by the event that set the time, in the bucket of that time.
 */

export const MARKS = ['reported', 'registered', 'dispatched', 'handled', 'closed'] as const;
export type Mark = (typeof MARKS)[number];

/** A case's stage times (epoch ms, null: not yet) and whether it closed by its deadline (null: not closed or none). */
export interface StageTimes {
  reported: number;
  registered: number | null;
  dispatched: number | null;
  handled: number | null;
  closed: number | null;
  onTime: boolean | null;
}

/** The stage a mark ends, and the mark starting it (as trend-figures.ts STAGE_ENDS). */
const STAGE_OF: Record<Mark, { stage: number; start: Mark } | null> = {
  reported: null,
  registered: { stage: TREND_STAGES.indexOf('reportToRegister'), start: 'reported' },
  dispatched: { stage: TREND_STAGES.indexOf('registerToDispatch'), start: 'registered' },
  handled: { stage: TREND_STAGES.indexOf('dispatchToHandled'), start: 'dispatched' },
  closed: { stage: TREND_STAGES.indexOf('reportToClose'), start: 'reported' },
};

/** What one mark adds. */
export interface Contribution {
  /** The mark's time (its step and bucket). */
  t: number;
  mark: Mark;
  reportedMs: number;
  withDeadline: boolean;
  onTime: boolean;
  /** Index in TREND_STAGES, or −1 (a report; or a stage whose start is missing). */
  stage: number;
  clockSeconds: number;
  workingSeconds: number;
}

/** The contribution of a mark of a case, or null when the case has no such time. */
export function contribution(mark: Mark, c: StageTimes, working: WorkingMinutes): Contribution | null {
  const t = c[mark];
  if (t === null) return null;
  const s = STAGE_OF[mark];
  const start = s ? c[s.start] : null;
  // A dispatch without a registration (or a handling without a dispatch) counts nothing, as in the raw path.
  if (s && start === null && mark !== 'registered' && mark !== 'closed') return null;
  const timed = s !== null && start !== null;
  return {
    t,
    mark,
    reportedMs: c.reported,
    withDeadline: mark === 'closed' && c.onTime !== null,
    onTime: mark === 'closed' && c.onTime === true,
    stage: timed ? s.stage : -1,
    clockSeconds: timed ? (t - start) / 1000 : 0,
    workingSeconds: timed ? working(start, t) * 60 : 0,
  };
}

/** Counts of a tally, in trend_rollup.counts order (then one duration count per stage). */
const COUNT_NAMES = ['reported', 'registered', 'closed', 'closedWithDeadline', 'closedOnTime'] as const;
const STAGES = TREND_STAGES.length;
/** Histogram h = 2·stage + (0 clock, 1 working); its bins are stored as h·BIN_CODE_STRIDE + bin. */
const HISTOGRAMS = 2 * STAGES;
const BIN_CODE_STRIDE = 2048;

/** Measures summed over marks: one rollup row, one step, or one period. */
export class TrendTally {
  /** COUNT_NAMES, then the number of durations per stage. */
  readonly counts = new Float64Array(COUNT_NAMES.length + STAGES);
  /** Per histogram (2·stage + clock): the exact sum of the durations, seconds. */
  readonly sums = new Float64Array(HISTOGRAMS);
  /** Per histogram its bins, allocated at its first duration. */
  readonly bins: (BinCounts | null)[] = new Array<BinCounts | null>(HISTOGRAMS).fill(null);
  /** The earliest report among the cases of the marks (epoch ms; Infinity: none): bounds a raw scan of the bucket. */
  firstReport = Infinity;

  add(c: Contribution): void {
    const k = this.counts;
    if (c.mark === 'reported') k[0]++;
    else if (c.mark === 'registered') k[1]++;
    else if (c.mark === 'closed') {
      k[2]++;
      if (c.withDeadline) k[3]++;
      if (c.onTime) k[4]++;
    }
    if (c.stage >= 0) {
      k[COUNT_NAMES.length + c.stage]++;
      this.sums[2 * c.stage] += c.clockSeconds;
      this.sums[2 * c.stage + 1] += c.workingSeconds;
      (this.bins[2 * c.stage] ??= newBins())[binOf(c.clockSeconds)]++;
      (this.bins[2 * c.stage + 1] ??= newBins())[binOf(c.workingSeconds)]++;
    }
    if (c.reportedMs < this.firstReport) this.firstReport = c.reportedMs;
  }

  merge(o: TrendTally): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += o.counts[i];
    for (let h = 0; h < HISTOGRAMS; h++) {
      this.sums[h] += o.sums[h];
      const from = o.bins[h];
      if (from) mergeBins((this.bins[h] ??= newBins()), from);
    }
    if (o.firstReport < this.firstReport) this.firstReport = o.firstReport;
  }

  /** One stage's bins, clock or working. */
  stageBins(stage: TrendStage, clock: 'clock' | 'working'): BinCounts | null {
    return this.bins[2 * TREND_STAGES.indexOf(stage) + (clock === 'clock' ? 0 : 1)];
  }

  figures(): TrendFigures {
    const k = this.counts;
    const stats = (s: number, h: number): DurationStats => {
      const n = k[COUNT_NAMES.length + s];
      return {
        count: n,
        meanSeconds: n ? this.sums[h] / n : null,
        p50Seconds: binnedPercentile(this.bins[h], 0.5, n),
        p90Seconds: binnedPercentile(this.bins[h], 0.9, n),
      };
    };
    const stages = Object.fromEntries(TREND_STAGES.map((stage, s) => [stage, { clock: stats(s, 2 * s), working: stats(s, 2 * s + 1) }])) as TrendFigures['stages'];
    return {
      counts: { reported: k[0], registered: k[1], closed: k[2] },
      stages,
      onTime: { numerator: k[4], denominator: k[3], value: k[3] ? k[4] / k[3] : null },
    };
  }

  /** The row's columns as text: counts, sums and bins (code, count pairs by code) comma-separated. */
  encode(): { counts: string; sums: string; bins: string; firstReport: number } {
    const pairs: number[] = [];
    for (let h = 0; h < HISTOGRAMS; h++) {
      const b = this.bins[h];
      for (let k = 0; b && k < TREND_BINS; k++) if (b[k] !== 0) pairs.push(h * BIN_CODE_STRIDE + k, b[k]);
    }
    return { counts: this.counts.join(','), sums: this.sums.join(','), bins: pairs.join(','), firstReport: this.firstReport };
  }

  /** Add a row's columns as text (encode's): parsed straight into this tally. */
  addEncoded(counts: string, sums: string, bins: string): this {
    // JSON.parse reads a long list of numbers natively, several times faster than split and Number.
    const k = JSON.parse(`[${counts}]`) as number[];
    for (let i = 0; i < k.length; i++) this.counts[i] += k[i];
    const s = JSON.parse(`[${sums}]`) as number[];
    for (let i = 0; i < s.length; i++) this.sums[i] += s[i];
    const b = JSON.parse(`[${bins}]`) as number[];
    for (let i = 0; i < b.length; i += 2) {
      const code = b[i];
      (this.bins[Math.floor(code / BIN_CODE_STRIDE)] ??= newBins())[code % BIN_CODE_STRIDE] += b[i + 1];
    }
    return this;
  }

  static decode(counts: string, sums: string, bins: string, firstReport: number | null): TrendTally {
    const t = new TrendTally().addEncoded(counts, sums, bins);
    t.firstReport = firstReport ?? Infinity;
    return t;
  }
}

/** Rows are kept at these grains, for all categories ('*') or per minor category (see docs/architecture.md). */
export type TrendGrain = 'day' | 'month';
export const TREND_ROLLUP_LAYOUT: readonly { grain: TrendGrain; categories: 'all' | 'minor' }[] = [
  { grain: 'day', categories: 'all' },
  { grain: 'month', categories: 'all' },
  { grain: 'month', categories: 'minor' },
];
export const TREND_ALL = '*';

export function trendKept(grain: TrendGrain, categories: 'all' | 'minor'): boolean {
  return TREND_ROLLUP_LAYOUT.some((e) => e.grain === grain && e.categories === categories);
}

export const TREND_LAYOUT_SIGNATURE =
  `trend:${TREND_ROLLUP_LAYOUT.map((e) => `${e.grain}/${e.categories}`).join(',')};regions:district,*;` +
  `bins:${TREND_BIN_GAMMA},${TREND_BIN_FLOOR_SECONDS},${TREND_BINS}`;
/**
 * What rollup_state.layout holds: the cell rollups' layout, this one and the open-case table's version (any changed:
 * the server rebuilds them all).
 */
export const ROLLUP_SIGNATURE = `${LAYOUT_SIGNATURE}|${TREND_LAYOUT_SIGNATURE}|open_case:1`;

/** A row's key: grain, bucket (local date), category, city, district joined by \x1f. */
export type TrendKey = string;
export const TREND_KEY_SEPARATOR = '\x1f';

/** The case fields a row is keyed on. */
export interface TrendCaseKey {
  category: string;
  city: string | null;
  district: string | null;
}

/** The rows a contribution at `t` of a case goes to. */
export function trendKeys(c: TrendCaseKey, t: number, bucketsOf: BucketsOf): TrendKey[] {
  const { day, month } = bucketsOf(t);
  const sep = TREND_KEY_SEPARATOR;
  const keys: TrendKey[] = [];
  for (const e of TREND_ROLLUP_LAYOUT) {
    const head = `${e.grain}${sep}${e.grain === 'day' ? day : month}${sep}${e.categories === 'all' ? TREND_ALL : c.category}${sep}${c.city ?? ''}${sep}`;
    keys.push(head + (c.district ?? ''), head + TREND_ALL);
  }
  return keys;
}

/** Tallies per row key (a rebuild's rows, or a fold's changes). */
export class TrendRows {
  readonly rows = new Map<TrendKey, TrendTally>();
  /** The tallies of trendKeys per (day, category, city, district): one lookup per mark instead of six. */
  private readonly byDay = new Map<string, TrendTally[]>();

  /** Add a contribution of a case to its rows. */
  add(c: TrendCaseKey, added: Contribution, bucketsOf: BucketsOf): void {
    const sep = TREND_KEY_SEPARATOR;
    const id = `${bucketsOf(added.t).day}${sep}${c.category}${sep}${c.city ?? ''}${sep}${c.district ?? ''}`;
    let tallies = this.byDay.get(id);
    if (!tallies) {
      tallies = trendKeys(c, added.t, bucketsOf).map((key) => {
        let t = this.rows.get(key);
        if (!t) this.rows.set(key, (t = new TrendTally()));
        return t;
      });
      this.byDay.set(id, tallies);
    }
    for (const t of tallies) t.add(added);
  }

  /** Take out the rows whose bucket ends at or before `ms` (`end` of a key's bucket, epoch ms). */
  takeEndedBy(ms: number, end: (grain: TrendGrain, bucket: string) => number): Map<TrendKey, TrendTally> {
    const out = new Map<TrendKey, TrendTally>();
    this.byDay.clear();
    for (const [key, t] of this.rows) {
      const [grain, bucket] = key.split(TREND_KEY_SEPARATOR, 2);
      if (end(grain as TrendGrain, bucket) <= ms) {
        out.set(key, t);
        this.rows.delete(key);
      }
    }
    return out;
  }
}
