import { negBinomialUpperTail, poissonUpperTail } from './tail';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

export interface RateConfig {
  /** One-sided test level per unit and hour: the expected false alarms per unit-hour when the model holds. */
  alpha: number;
  /** Baseline floor: λ = max(mean, floor), so an empty history does not fire on one case. */
  lambdaFloor: number;
  /** Weeks of baseline (the same hour of the week), at most and at least. */
  maxWeeks: number;
  minWeeks: number;
  /**
   * `poisson`: P(X ≥ x | λ) with λ taken as known (plug-in). `predictive` (default): the count's predictive
   * distribution given n reference counts, a negative binomial of mean λ and variance max(s², λ) · (1 + 1/n): the
   * Poisson–Gamma predictive (λ estimated from n counts adds λ/n) widened further when the reference counts vary more
   * than Poisson (s² > λ, overdispersion). See docs/alerts.md for the measured false-alarm rates of both.
   */
  model: 'poisson' | 'predictive';
}

export const DEFAULT_RATE_CONFIG: RateConfig = { alpha: 0.001, lambdaFloor: 0.5, maxWeeks: 8, minWeeks: 2, model: 'predictive' };

export interface RateTest {
  observed: number;
  /** λ after the floor. */
  expected: number;
  /** Sample variance of the baseline counts. */
  variance: number;
  /** How many reference hours the baseline used. */
  references: number;
  model: 'poisson' | 'negative_binomial';
  pValue: number;
  alpha: number;
  fires: boolean;
}

/** The clock hour holding `t` (epoch ms), as its start. Whole hours in UTC are whole hours in UTC+8 (the city). */
export function hourStart(t: number): number {
  return Math.floor(t / HOUR_MS) * HOUR_MS;
}

/** Is the city's calendar day holding this instant a working day (official calendar: holidays, make-up days)? */
export type IsWorkday = (t: number) => boolean;

export type ReferenceKind = 'same_hour_of_week' | 'same_hour_same_day_kind';

/**
 * The hours whose counts make the baseline of `hour` (most recent first): the same hour of the week in the previous
 * maxWeeks weeks that fall on the same kind of day (working / rest) and after the first report; when fewer than
 * minWeeks do — the day is a holiday on a weekday or a make-up working day (调休) at a weekend — the same clock hour
 * of the most recent days of the same kind instead (at most maxWeeks of them, within maxWeeks weeks). Empty when
 * the history is shorter than minWeeks weeks: no alert then.
 */
export function referenceHours(
  hour: number,
  isWorkday: IsWorkday,
  firstReportAt: number | null,
  config: RateConfig = DEFAULT_RATE_CONFIG,
): { hours: number[]; kind: ReferenceKind } {
  const none = { hours: [], kind: 'same_hour_of_week' as const };
  if (firstReportAt === null) return none;
  const first = hourStart(firstReportAt);
  if (hour - first < config.minWeeks * WEEK_MS) return none;
  const working = isWorkday(hour);
  const weekly: number[] = [];
  for (let k = 1; k <= config.maxWeeks && hour - k * WEEK_MS >= first; k++) {
    const h = hour - k * WEEK_MS;
    if (isWorkday(h) === working) weekly.push(h);
  }
  if (weekly.length >= config.minWeeks) return { hours: weekly, kind: 'same_hour_of_week' };
  const daily: number[] = [];
  for (let j = 1; j <= config.maxWeeks * 7 && daily.length < config.maxWeeks && hour - j * DAY_MS >= first; j++) {
    const h = hour - j * DAY_MS;
    if (isWorkday(h) === working) daily.push(h);
  }
  return daily.length >= config.minWeeks ? { hours: daily, kind: 'same_hour_same_day_kind' } : none;
}

/**
 * Is `observed` (new cases this hour so far) significantly above the counts of its reference hours in `history`
 * (most recent first)? Null when there are fewer than minWeeks of them. `scale`: the known ratio of the current
 * exposure to the references' (e.g. a simulated city streaming faster live than in its history), applied to λ.
 * Counts only grow within an hour, so testing the count so far again and again fires in an hour exactly when its
 * final count would: no multiple-testing inflation.
 */
export function rateTest(observed: number, history: readonly number[], config: RateConfig = DEFAULT_RATE_CONFIG, scale = 1): RateTest | null {
  const n = Math.min(history.length, config.maxWeeks);
  if (n < config.minWeeks) return null;
  const used = history.slice(0, n);
  const mean = used.reduce((s, c) => s + c, 0) / n;
  const variance = used.reduce((s, c) => s + (c - mean) ** 2, 0) / (n - 1);
  const base = Math.max(mean, config.lambdaFloor);
  const expected = scale * base;
  const predictive = config.model === 'predictive';
  // Predictive: Var = scale·d + scale²·d/n with d = max(s², λ): the count's own variance plus that of λ's estimate.
  const spread = Math.max(variance, base);
  const pValue = predictive
    ? negBinomialUpperTail(observed, expected, scale * spread + (scale * scale * spread) / n)
    : poissonUpperTail(observed, expected);
  return {
    observed,
    expected,
    variance,
    references: n,
    model: predictive ? 'negative_binomial' : 'poisson',
    pValue,
    alpha: config.alpha,
    fires: observed > expected && pValue < config.alpha,
  };
}

export interface SeriesAlarm {
  unit: string;
  /** Index of the hour in the series. */
  hour: number;
  test: RateTest;
}

/**
 * The rule over whole hourly series (unit → counts per clock hour, index 0 = the hour starting at `start`, the first
 * hour of history): every hour from index `fromHour` on is tested against its reference hours. For measuring false
 * alarms and detection on simulated streams.
 */
export function scanRateSeries(
  series: ReadonlyMap<string, readonly number[]>,
  start: number,
  fromHour: number,
  isWorkday: IsWorkday,
  config: RateConfig = DEFAULT_RATE_CONFIG,
): { tested: number; alarms: SeriesAlarm[] } {
  const alarms: SeriesAlarm[] = [];
  let tested = 0;
  const length = Math.max(0, ...[...series.values()].map((c) => c.length));
  for (let h = fromHour; h < length; h++) {
    const { hours } = referenceHours(start + h * HOUR_MS, isWorkday, start, config);
    const indexes = hours.map((r) => Math.round((r - start) / HOUR_MS));
    for (const [unit, counts] of series) {
      const test = rateTest(counts[h], indexes.map((i) => counts[i]), config);
      if (!test) continue;
      tested++;
      if (test.fires) alarms.push({ unit, hour: h, test });
    }
  }
  return { tested, alarms };
}
