import { describe, expect, it } from 'vitest';
import { addElapsedMinutes, elapsedMinutesBetween, minutesToMs, normalizeIntervals } from './intervals';

describe('normalizeIntervals', () => {
  it('sorts, merges overlapping and touching intervals, drops empty ones and those before notBefore', () => {
    expect(
      normalizeIntervals([
        { start: 50, end: 60 },
        { start: 10, end: 20 },
        { start: 15, end: 30 },
        { start: 30, end: 40 },
        { start: 45, end: 45 },
        { start: 0, end: 5 },
      ], 5),
    ).toEqual([
      { start: 10, end: 40 },
      { start: 50, end: 60 },
    ]);
    expect(normalizeIntervals(undefined)).toEqual([]);
  });

  it('does not modify its input', () => {
    const input = [{ start: 10, end: 20 }, { start: 15, end: 30 }];
    normalizeIntervals(input);
    expect(input).toEqual([{ start: 10, end: 20 }, { start: 15, end: 30 }]);
  });

  it('rejects reversed or non-finite intervals', () => {
    expect(() => normalizeIntervals([{ start: 2, end: 1 }])).toThrow(RangeError);
    expect(() => normalizeIntervals([{ start: 0, end: Number.NaN }])).toThrow(RangeError);
  });
});

describe('minutesToMs', () => {
  it('snaps float noise to whole ms and rounds other fractions up', () => {
    expect(minutesToMs(4.1)).toBe(246_000);
    expect(minutesToMs(0.1)).toBe(6000);
    expect(minutesToMs(1 / 7)).toBe(8572); // 8571.43 ms
    expect(() => minutesToMs(-0.5)).toThrow(RangeError);
    expect(() => minutesToMs(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('wall-clock minutes with the clock stopped inside intervals', () => {
  const M = 60_000;
  it('elapsedMinutesBetween', () => {
    expect(elapsedMinutesBetween(0, 100 * M)).toBe(100);
    expect(elapsedMinutesBetween(0, 100 * M, [{ start: 10 * M, end: 20 * M }, { start: 90 * M, end: 200 * M }])).toBe(80);
    expect(elapsedMinutesBetween(50 * M, 10 * M)).toBe(0);
  });
  it('addElapsedMinutes', () => {
    expect(addElapsedMinutes(0, 30)).toBe(30 * M);
    // 10 min, stopped 10-20, 20 more -> 40
    expect(addElapsedMinutes(0, 30, [{ start: 10 * M, end: 20 * M }])).toBe(40 * M);
    // starting inside a stop
    expect(addElapsedMinutes(15 * M, 5, [{ start: 10 * M, end: 20 * M }])).toBe(25 * M);
    // running out exactly where a stop begins ends there
    expect(addElapsedMinutes(0, 10, [{ start: 10 * M, end: 20 * M }])).toBe(10 * M);
    expect(addElapsedMinutes(7, 0, [{ start: 0, end: 20 * M }])).toBe(7);
  });
});
