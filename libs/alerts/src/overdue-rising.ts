export interface OverdueRisingConfig {
  /** The rise is measured over this many minutes. */
  windowMinutes: number;
  /** It must reach max(minRise, ceil(minRatio × overdue before)). */
  minRise: number;
  minRatio: number;
}

export const DEFAULT_OVERDUE_RISING_CONFIG: OverdueRisingConfig = { windowMinutes: 60, minRise: 10, minRatio: 0.5 };

export interface OverdueRisingTest {
  overdueNow: number;
  overdueBefore: number;
  rise: number;
  threshold: number;
  fires: boolean;
}

/** Rule 2: has the overdue-now count risen by at least max(minRise, minRatio × before) over the window? */
export function overdueRising(overdueNow: number, overdueBefore: number, config: OverdueRisingConfig = DEFAULT_OVERDUE_RISING_CONFIG): OverdueRisingTest {
  const rise = overdueNow - overdueBefore;
  const threshold = Math.max(config.minRise, Math.ceil(config.minRatio * overdueBefore));
  return { overdueNow, overdueBefore, rise, threshold, fires: rise >= threshold };
}

/**
 * The sample to compare with: the latest one taken at or before `now − window` but not more than `slackMinutes`
 * earlier (a sample an hour and a half old says nothing about "the last hour"). Samples: [epoch ms, count].
 */
export function sampleBefore(samples: readonly (readonly [number, number])[], now: number, config: OverdueRisingConfig = DEFAULT_OVERDUE_RISING_CONFIG, slackMinutes = 5): number | null {
  const target = now - config.windowMinutes * 60_000;
  let best: readonly [number, number] | null = null;
  for (const s of samples) if (s[0] <= target && s[0] >= target - slackMinutes * 60_000 && (!best || s[0] > best[0])) best = s;
  return best ? best[1] : null;
}
