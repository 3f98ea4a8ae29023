import { DateTime } from 'luxon';
import {
  MAX_TREND_STEPS,
  TREND_STAGES,
  type DurationStats,
  type MedianChange,
  type TrendFigures,
  type TrendPeriod,
  type TrendStage,
  type TrendStep,
} from '@gridlens/contracts';
import type { TrendCaseColumns } from '../repositories/trend.repository';
import { mannWhitney, type MannWhitneyResult } from './mann-whitney';

/**
 * The pure arithmetic of GET /api/v1/trends: step edges in the city's time zone, and per step the counts, the
 * stage durations (clock and working time) and the on-time rate, from the cases' stage times.
 */

/** Working minutes between two instants (the city's work clock). */
export type WorkingMinutes = (from: number, to: number) => number;

const STEP_MS: Record<TrendStep, number> = { hour: 3600_000, day: 86_400_000, week: 7 * 86_400_000, month: 28 * 86_400_000 };

/**
 * Edges of the steps covering [from, to): calendar hours, days, ISO weeks (from Monday) or months in `timeZone`,
 * the first and last clipped to the period. Null when there would be more than `max` steps.
 */
export function stepEdges(from: number, to: number, step: TrendStep, timeZone: string, max = MAX_TREND_STEPS): number[] | null {
  // Calendar steps are never shorter than STEP_MS by more than a DST hour: a cheap bound before walking them.
  if ((to - from) / (STEP_MS[step] - 3600_000 * (step === 'hour' ? 0 : 1)) > max + 1) return null;
  const edges = [from];
  let t = DateTime.fromMillis(from, { zone: timeZone }).startOf(step);
  for (;;) {
    t = t.plus({ [`${step}s`]: 1 });
    const ms = t.toMillis();
    if (ms >= to) break;
    edges.push(ms);
    if (edges.length > max) return null;
  }
  edges.push(to);
  return edges;
}

/** Index of the step holding `t` (edges[i] ≤ t < edges[i + 1]), or −1 outside. */
export function stepIndex(edges: readonly number[], t: number | null): number {
  if (t === null || t < edges[0] || t >= edges[edges.length - 1]) return -1;
  let lo = 0;
  let hi = edges.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** percentile_cont: linear interpolation between the closest ranks of the sorted values. */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

export function durationStats(values: number[]): DurationStats {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const list = Array.from(sorted);
  return {
    count: n,
    meanSeconds: n ? list.reduce((s, v) => s + v, 0) / n : null,
    p50Seconds: percentile(list, 0.5),
    p90Seconds: percentile(list, 0.9),
  };
}

/** Which columns each stage runs between. */
const STAGE_ENDS: Record<TrendStage, ['reported' | 'registered' | 'dispatched', 'registered' | 'dispatched' | 'handled' | 'closed']> = {
  reportToRegister: ['reported', 'registered'],
  registerToDispatch: ['registered', 'dispatched'],
  dispatchToHandled: ['dispatched', 'handled'],
  reportToClose: ['reported', 'closed'],
};

/** Durations (seconds) of one group: per stage, clock and working. */
type Samples = Record<TrendStage, { clock: number[]; working: number[] }>;

interface Accumulator {
  reported: number;
  registered: number;
  closed: number;
  closedWithDeadline: number;
  closedOnTime: number;
  samples: Samples;
}

function emptyAccumulator(): Accumulator {
  const samples = Object.fromEntries(TREND_STAGES.map((s) => [s, { clock: [], working: [] }])) as unknown as Samples;
  return { reported: 0, registered: 0, closed: 0, closedWithDeadline: 0, closedOnTime: 0, samples };
}

function toFigures(a: Accumulator): TrendFigures {
  const stages = Object.fromEntries(
    TREND_STAGES.map((s) => [s, { clock: durationStats(a.samples[s].clock), working: durationStats(a.samples[s].working) }]),
  ) as TrendFigures['stages'];
  return {
    counts: { reported: a.reported, registered: a.registered, closed: a.closed },
    stages,
    onTime: {
      numerator: a.closedOnTime,
      denominator: a.closedWithDeadline,
      value: a.closedWithDeadline ? a.closedOnTime / a.closedWithDeadline : null,
    },
  };
}

/**
 * One period's figures. Each count and each duration belongs to the step in which its (later) stage happened:
 * a case reported on Monday and closed on Wednesday counts as reported on Monday, closed on Wednesday, and its
 * report→close duration is Wednesday's. The on-time rate is per step of closure.
 */
export function periodFigures(cases: TrendCaseColumns, edges: number[], working: WorkingMinutes): TrendPeriod & { samples: Samples } {
  const steps = edges.slice(0, -1).map(() => emptyAccumulator());
  const total = emptyAccumulator();
  const n = cases.reported.length;
  for (let i = 0; i < n; i++) {
    const at = (col: 'reported' | 'registered' | 'dispatched' | 'handled' | 'closed') => cases[col][i] ?? null;
    const both = (k: number, add: (a: Accumulator) => void) => {
      if (k < 0) return;
      add(steps[k]);
      add(total);
    };
    both(stepIndex(edges, at('reported')), (a) => a.reported++);
    both(stepIndex(edges, at('registered')), (a) => a.registered++);
    const onTime = cases.onTime[i];
    both(stepIndex(edges, at('closed')), (a) => {
      a.closed++;
      if (onTime !== null && onTime !== undefined) {
        a.closedWithDeadline++;
        if (onTime) a.closedOnTime++;
      }
    });
    for (const stage of TREND_STAGES) {
      const [startCol, endCol] = STAGE_ENDS[stage];
      const start = at(startCol);
      const end = at(endCol);
      if (start === null || end === null) continue;
      const k = stepIndex(edges, end);
      if (k < 0) continue;
      const clock = (end - start) / 1000;
      const work = working(start, end) * 60;
      both(k, (a) => {
        a.samples[stage].clock.push(clock);
        a.samples[stage].working.push(work);
      });
    }
  }
  return {
    from: new Date(edges[0]).toISOString(),
    to: new Date(edges[edges.length - 1]).toISOString(),
    steps: steps.map((a, k) => ({ start: new Date(edges[k]).toISOString(), end: new Date(edges[k + 1]).toISOString(), ...toFigures(a) })),
    total: toFigures(total),
    samples: total.samples,
  };
}

/** The change of a stage's median from `base` to `other`, tested with Mann–Whitney U (two-sided, α = 0.05). */
export function medianChange(base: number[], other: number[]): MedianChange {
  return changeOf(durationStats(base).p50Seconds, durationStats(other).p50Seconds, mannWhitney(base, other));
}

/** A MedianChange from the two medians and the test's result (raw samples here, binned ones in trend-rollup-compare.ts). */
export function changeOf(median: number | null, compareMedian: number | null, test: MannWhitneyResult): MedianChange {
  const { u, z, p } = test;
  return {
    median,
    compareMedian,
    changeSeconds: median === null || compareMedian === null ? null : compareMedian - median,
    u,
    z,
    p,
    significant: p !== null && p < 0.05,
  };
}
