// Helpers for the specs of this library (not exported from index.ts).
import { expect } from 'vitest';
import { chinaCalendar, type WorkCalendar } from './calendar';
import { WorkClock } from './work-clock';
import { DEFAULT_WORKING_HOURS, parseWorkingHours } from './working-hours';

/** Epoch ms of an ISO-8601 instant with an explicit offset, e.g. '2026-03-02T10:00+08:00'. */
export function at(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad ISO instant in a spec: ${iso}`);
  return ms;
}

/** Compares instants as UTC ISO strings, so that a failure is readable. */
export function expectInstant(actual: number, expectedIso: string): void {
  expect(new Date(actual).toISOString()).toBe(new Date(at(expectedIso)).toISOString());
}

/** The usual Chinese city: Asia/Shanghai, 08:30-12:00 and 13:30-17:30, official calendar. */
export function shanghaiClock(calendar: WorkCalendar = chinaCalendar()): WorkClock {
  return new WorkClock({
    timeZone: 'Asia/Shanghai',
    periods: parseWorkingHours(DEFAULT_WORKING_HOURS),
    calendar,
  });
}

/** Every date a workday. */
export const everyDayCalendar: WorkCalendar = {
  coveredThroughYear: Number.POSITIVE_INFINITY,
  isWorkday: () => true,
};

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
