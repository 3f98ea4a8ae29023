import { addDays, startOfDay } from '../state/time-window';
import type { DayPeriod, SliderWidth } from './url-state';

/**
 * The time slider: a window of one day or one week sliding a day at a time over the period (whole days in the
 * city, both ends included). Position p shows days [from + p, from + p + width − 1]. Pure.
 */

const DAY_MS = 86_400_000;
export const WIDTH_DAYS: Record<SliderWidth, number> = { day: 1, week: 7 };
/** Playback at 1×: one day per second, so a month plays in thirty seconds. */
export const MS_PER_DAY_AT_1X = 1000;
export const SPEEDS = [0.5, 1, 2, 4] as const;

/** Days in the period, both ends included (0 for an inverted one). */
export function periodDays(period: DayPeriod): number {
  const days = Math.round((Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / DAY_MS) + 1;
  return Math.max(0, days);
}

/** How many positions the slider has (at least 1: a window wider than the period shows the whole period). */
export function positionCount(period: DayPeriod, width: SliderWidth): number {
  return Math.max(1, periodDays(period) - WIDTH_DAYS[width] + 1);
}

/** A position kept inside the slider (null stays null: the whole period). */
export function clampPosition(pos: number | null, period: DayPeriod, width: SliderWidth): number | null {
  if (pos === null) return null;
  return Math.max(0, Math.min(positionCount(period, width) - 1, Math.trunc(pos)));
}

/** The days a position shows (the whole period for null), never past the period's end. */
export function sliderWindow(period: DayPeriod, width: SliderWidth, pos: number | null): DayPeriod {
  const p = clampPosition(pos, period, width);
  if (p === null) return period;
  const from = addDays(period.from, p);
  const to = addDays(from, WIDTH_DAYS[width] - 1);
  return { from, to: to > period.to ? period.to : to };
}

/** The next position of playback, or null at the end. */
export function nextPosition(pos: number | null, period: DayPeriod, width: SliderWidth): number | null {
  const count = positionCount(period, width);
  const next = pos === null ? 0 : pos + 1;
  return next < count ? next : null;
}

/** Milliseconds between playback steps at a speed (1× = a month in thirty seconds). */
export function stepDelayMs(speed: number): number {
  return MS_PER_DAY_AT_1X / (speed > 0 ? speed : 1);
}

/** A period of days as the API's `[from, to)` instants: the first day's local midnight to the one after the last. */
export function periodInstants(period: DayPeriod, timeZone: string): { from: string; to: string } {
  return { from: new Date(startOfDay(period.from, timeZone)).toISOString(), to: new Date(startOfDay(addDays(period.to, 1), timeZone)).toISOString() };
}
