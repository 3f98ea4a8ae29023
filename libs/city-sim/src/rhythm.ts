import type { CaseSource } from '@gridlens/contracts';
import type { WorkClock } from '@gridlens/work-clock';
import { DateTime } from 'luxon';

/**
 * When reports arrive: each source is a non-homogeneous Poisson process whose intensity is
 * `casesPerDay × share × shape(t) / 1440` per minute, with `shape` averaging about 1 over a week.
 */
export interface RateModel {
  /** Average new cases per day, all sources together. */
  casesPerDay: number;
  /** Share of each source (normalised; sources left out produce nothing). */
  sources: Partial<Record<CaseSource, number>>;
}

export const DEFAULT_RATE_MODEL: RateModel = {
  casesPerDay: 1200,
  sources: { inspector: 0.55, public: 0.14, hotline: 0.12, video: 0.1, collector: 0.07, other: 0.02 },
};

const normalise = (values: number[]): number[] => {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return values.map((v) => v / mean);
};

/** Public reports (apps, WeChat): low at night, morning and afternoon peaks, an evening bump. Hour 0..23. */
export const PUBLIC_HOURLY = normalise([
  0.15, 0.08, 0.05, 0.04, 0.05, 0.12, 0.35, 0.8, 1.3, 1.6, 1.6, 1.35, 1.05, 1.15, 1.45, 1.55, 1.5, 1.35, 1.3, 1.4, 1.35,
  1.05, 0.65, 0.3,
]);
/** Hotline 12319: staffed round the clock, but calls follow office hours more closely. */
export const HOTLINE_HOURLY = normalise([
  0.1, 0.06, 0.04, 0.03, 0.04, 0.08, 0.25, 0.75, 1.6, 1.9, 1.85, 1.5, 1.0, 1.3, 1.75, 1.8, 1.65, 1.35, 1.0, 0.9, 0.8,
  0.6, 0.35, 0.2,
]);
/** Video AI: runs all day, sees more in daylight and busy hours. */
export const VIDEO_HOURLY = normalise([
  0.5, 0.4, 0.35, 0.35, 0.4, 0.6, 0.9, 1.2, 1.4, 1.3, 1.25, 1.25, 1.2, 1.2, 1.25, 1.3, 1.35, 1.4, 1.35, 1.2, 1.0, 0.85,
  0.7, 0.55,
]);
/** Weekday factors, Monday..Sunday. */
export const PUBLIC_WEEKLY = normalise([0.95, 0.92, 0.92, 0.95, 1.02, 1.18, 1.06]);
export const HOTLINE_WEEKLY = normalise([1.12, 1.05, 1.03, 1.02, 1.0, 0.9, 0.88]);
export const VIDEO_WEEKLY = normalise([1, 1, 1, 1, 1.02, 1.0, 0.98]);

const WORKDAYS_PER_WEEK = 5;

export class Rhythm {
  /** Factor that makes working-time-only sources average their share over a week. */
  private readonly workingBoost: number;

  constructor(
    private readonly clock: WorkClock,
    private readonly timeZone: string = clock.timeZone,
  ) {
    this.workingBoost = (1440 * 7) / (clock.minutesPerWorkday * WORKDAYS_PER_WEEK);
  }

  /** Is `t` (epoch ms) inside a working period of a workday? */
  isWorking(t: number): boolean {
    return this.clock.workingMinutesBetween(t, t + 1000) > 0;
  }

  /** Local hour (0..23) and weekday (0 = Monday .. 6 = Sunday). */
  local(t: number): { hour: number; weekday: number } {
    const dt = DateTime.fromMillis(t, { zone: this.timeZone });
    return { hour: dt.hour, weekday: dt.weekday - 1 };
  }

  /** Intensity shape of a source at `t` (dimensionless, about 1 on average). */
  shape(source: CaseSource, t: number): number {
    switch (source) {
      case 'inspector':
      case 'collector':
        return this.isWorking(t) ? this.workingBoost : 0;
      case 'public':
      case 'other': {
        const { hour, weekday } = this.local(t);
        return PUBLIC_HOURLY[hour] * PUBLIC_WEEKLY[weekday];
      }
      case 'hotline': {
        const { hour, weekday } = this.local(t);
        return HOTLINE_HOURLY[hour] * HOTLINE_WEEKLY[weekday];
      }
      case 'video': {
        const { hour, weekday } = this.local(t);
        return VIDEO_HOURLY[hour] * VIDEO_WEEKLY[weekday];
      }
    }
  }

  /** An upper bound of shape(source, ·), for thinning. */
  maxShape(source: CaseSource): number {
    switch (source) {
      case 'inspector':
      case 'collector':
        return this.workingBoost;
      case 'public':
      case 'other':
        return Math.max(...PUBLIC_HOURLY) * Math.max(...PUBLIC_WEEKLY);
      case 'hotline':
        return Math.max(...HOTLINE_HOURLY) * Math.max(...HOTLINE_WEEKLY);
      case 'video':
        return Math.max(...VIDEO_HOURLY) * Math.max(...VIDEO_WEEKLY);
    }
  }
}

/** A denser live stream: from `from` (epoch ms) on, every source's arrival rate is multiplied by `multiplier`. */
export interface LiveRate {
  from: number;
  multiplier: number;
}

/**
 * The next candidate arrival after `after` (epoch ms) of a Poisson process with `perMinute` candidates per minute,
 * `× live.multiplier` from `live.from` on; `exponential(rate)` draws a gap in minutes. Before `live.from` it draws
 * exactly what it draws without a live rate, so the history stays the same stream. A gap that crosses `live.from`
 * becomes a `restart` at `live.from`: the caller draws again from there at the live rate when it gets there (the
 * process is memoryless, so this is exact, and draws keep their time order across sources sharing one generator).
 */
export function nextArrival(
  after: number,
  perMinute: number,
  live: LiveRate | null,
  exponential: (rate: number) => number,
): { at: number; restart: boolean } {
  const boosted = live !== null && live.multiplier !== 1;
  const rate = boosted && after >= live.from ? perMinute * live.multiplier : perMinute;
  const at = after + exponential(rate) * 60_000;
  if (boosted && after < live.from && at >= live.from) return { at: live.from, restart: true };
  return { at, restart: false };
}
