import { z } from 'zod';
import { rollupSourceParam, type CountSource } from './grid';
import { codeList, isoInstant, type DurationStats, type Rate } from './kpi';

/**
 * `GET /api/v1/trends`: response times per time step (buckets in the city's time zone) and a comparison of two
 * periods with the Mann–Whitney U test. Definitions in docs/api.md ("Trends").
 */

export const TREND_STEPS = ['hour', 'day', 'week', 'month'] as const;
export type TrendStep = (typeof TREND_STEPS)[number];
/** At most this many steps per period (more: 400 naming `step`). */
export const MAX_TREND_STEPS = 2000;
export const TREND_STAGES = ['reportToRegister', 'registerToDispatch', 'dispatchToHandled', 'reportToClose'] as const;
export type TrendStage = (typeof TREND_STAGES)[number];

const comparePeriod = z.string().transform((s, ctx) => {
  const parts = s.split(',').map((p) => p.trim());
  const ok = parts.length === 2 && parts.every((p) => isoInstant.safeParse(p).success);
  if (!ok) {
    ctx.addIssue({ code: 'custom', message: 'expected <from>,<to>: two ISO-8601 timestamps with offset' });
    return z.NEVER;
  }
  if (Date.parse(parts[0]) >= Date.parse(parts[1])) {
    ctx.addIssue({ code: 'custom', message: 'the first instant must be before the second' });
    return z.NEVER;
  }
  return { from: parts[0], to: parts[1] };
});

export const trendQuerySchema = z
  .object({
    region: z.string().min(1).max(64).optional(),
    categories: codeList.optional(),
    from: isoInstant,
    to: isoInstant,
    step: z.enum(TREND_STEPS, { error: `expected one of ${TREND_STEPS.join(', ')}` }).default('day'),
    compare: comparePeriod.optional(),
    /** Where the figures come from (as the grid's `source`): the trend rollup where it can answer, or the raw cases. */
    source: rollupSourceParam,
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { error: 'from must be before to', path: ['from'] });
export type TrendQuery = z.infer<typeof trendQuerySchema>;

/** One stage's durations, in clock time and in working time (both in seconds). */
export interface StageDurations {
  clock: DurationStats;
  working: DurationStats;
}

/** The figures of one step, or of a whole period. */
export interface TrendFigures {
  counts: { reported: number; registered: number; closed: number };
  stages: Record<TrendStage, StageDurations>;
  /** Closed on time / closed with a deadline, among the cases closed in the step. */
  onTime: Rate;
}

export interface TrendStepFigures extends TrendFigures {
  /** The step's start and end ([start, end), clipped to the period). */
  start: string;
  end: string;
}

export interface TrendPeriod {
  from: string;
  to: string;
  steps: TrendStepFigures[];
  /** The same figures over the whole period. */
  total: TrendFigures;
}

/** Whether a stage's median changed between the periods by more than chance (Mann–Whitney U, two-sided). */
export interface MedianChange {
  /** Medians of the main period and of the compared one (seconds); null without durations. */
  median: number | null;
  compareMedian: number | null;
  /** compareMedian − median, seconds. */
  changeSeconds: number | null;
  u: number;
  z: number;
  /** Two-sided p-value; null when a period has no duration or all durations are tied. */
  p: number | null;
  /** p < 0.05. */
  significant: boolean;
}

export interface TrendResponse {
  /** Every event with seq ≤ this is reflected. */
  seq: number;
  scope: { region: string | null; categories: string[]; step: TrendStep; timeZone: string };
  period: TrendPeriod;
  /** With `compare`: the second period, and per stage the test of the change in median (compare vs period). */
  compare: (TrendPeriod & { changes: Record<TrendStage, { clock: MedianChange; working: MedianChange }> }) | null;
  /** How durations are attributed and compared, in words. */
  method: string;
  /**
   * What the figures were read from (also the x-gridlens-source header): `rollup` / `mixed` (rollup rows, plus raw
   * window edges): counts, on-time rates, duration counts and means exact, p50/p90 and the comparison from binned
   * durations (TREND_METHOD); `raw`: everything from the cases, percentiles exact.
   */
  source?: CountSource;
}
