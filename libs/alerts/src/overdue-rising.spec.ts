import { describe, expect, it } from 'vitest';
import { overdueRising, sampleBefore } from './overdue-rising';

describe('overdueRising', () => {
  it('needs a rise of at least max(10, 50 %)', () => {
    expect(overdueRising(19, 10)).toMatchObject({ rise: 9, threshold: 10, fires: false });
    expect(overdueRising(20, 10)).toMatchObject({ rise: 10, threshold: 10, fires: true });
    expect(overdueRising(159, 110)).toMatchObject({ rise: 49, threshold: 55, fires: false });
    expect(overdueRising(165, 110)).toMatchObject({ threshold: 55, fires: true });
    expect(overdueRising(10, 0).fires).toBe(true);
  });
  it('is quiet when the count falls or stays', () => {
    expect(overdueRising(5, 30).fires).toBe(false);
    expect(overdueRising(30, 30).fires).toBe(false);
  });
  it('takes its settings from the config', () => expect(overdueRising(13, 10, { windowMinutes: 30, minRise: 3, minRatio: 0.2 }).fires).toBe(true));
});

describe('sampleBefore', () => {
  const now = Date.parse('2026-11-02T10:00:00Z');
  const min = 60_000;
  it('takes the latest sample at or before an hour ago, within 5 minutes', () => {
    const samples: [number, number][] = [[now - 64 * min, 1], [now - 61 * min, 2], [now - 60 * min, 3], [now - 59 * min, 4]];
    expect(sampleBefore(samples, now)).toBe(3);
    expect(sampleBefore(samples.slice(0, 2), now)).toBe(2);
  });
  it('has none when the samples are too recent or too old', () => {
    expect(sampleBefore([[now - 30 * min, 1]], now)).toBeNull();
    expect(sampleBefore([[now - 70 * min, 1]], now)).toBeNull();
  });
});
