/** A span of time [start, end) in epoch ms, start <= end. */
export interface Interval {
  start: number;
  end: number;
}

export const MS_PER_MINUTE = 60_000;

const NO_INTERVALS: readonly Interval[] = [];

/**
 * Sorted, merged, non-empty copies of `intervals` (overlapping or touching ones joined),
 * dropping everything that ends at or before `notBefore`.
 * Throws a RangeError for non-finite bounds or start > end.
 */
export function normalizeIntervals(
  intervals: readonly Interval[] | undefined,
  notBefore = Number.NEGATIVE_INFINITY,
): readonly Interval[] {
  if (!intervals || intervals.length === 0) return NO_INTERVALS;
  const kept: Interval[] = [];
  for (const iv of intervals) {
    const { start, end } = iv;
    if (!Number.isFinite(start) || !Number.isFinite(end) || start > end) {
      throw new RangeError(`interval ${JSON.stringify(iv)} is not {start <= end} in epoch ms`);
    }
    if (end > start && end > notBefore) kept.push({ start, end });
  }
  if (kept.length > 1) kept.sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const iv of kept) {
    const last = merged[merged.length - 1];
    if (last && iv.start <= last.end) {
      if (iv.end > last.end) last.end = iv.end;
    } else {
      merged.push(iv);
    }
  }
  return merged;
}

/**
 * A minute count as milliseconds. Results that are within a millionth of a millisecond of an
 * integer are snapped to it (0.1 * 60000 is not exactly 6000); others are rounded up, so an
 * instant computed from them is never early. Throws a RangeError for negative or non-finite input.
 */
export function minutesToMs(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`);
  }
  const ms = minutes * MS_PER_MINUTE;
  const rounded = Math.round(ms);
  return Math.abs(ms - rounded) < 1e-6 ? rounded : Math.ceil(ms);
}

/** Wall-clock (elapsed) minutes in [from, to), not counting instants inside `excluded`. */
export function elapsedMinutesBetween(
  from: number,
  to: number,
  excluded?: readonly Interval[],
): number {
  if (!(to > from)) return 0;
  let ms = to - from;
  for (const iv of normalizeIntervals(excluded, from)) {
    if (iv.start >= to) break;
    ms -= Math.min(iv.end, to) - Math.max(iv.start, from);
  }
  return ms / MS_PER_MINUTE;
}

/**
 * The earliest instant t >= from at which elapsedMinutesBetween(from, t, excluded) reaches
 * `minutes` (plain wall-clock time with the clock stopped inside `excluded`).
 */
export function addElapsedMinutes(
  from: number,
  minutes: number,
  excluded?: readonly Interval[],
): number {
  let remaining = minutesToMs(minutes);
  if (remaining === 0) return from;
  let cursor = from;
  for (const iv of normalizeIntervals(excluded, from)) {
    if (iv.start > cursor) {
      const gap = iv.start - cursor;
      if (remaining <= gap) return cursor + remaining;
      remaining -= gap;
    }
    if (iv.end > cursor) cursor = iv.end;
  }
  return cursor + remaining;
}
