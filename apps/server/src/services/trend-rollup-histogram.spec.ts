/**
 * The trend rollup's duration bins: bin edges and values, percentile estimates within the stated bound of
 * percentile_cont, merging, the tally's row encoding, and the binned Mann–Whitney test equal to the exact one on
 * data without in-bin spread (every value a bin's own value).
 */
import { describe, expect, it } from 'vitest';
import { mannWhitney } from './mann-whitney';
import { percentile } from './trend-figures';
import {
  TREND_BINS,
  TREND_BIN_FLOOR_SECONDS,
  TREND_BIN_GAMMA,
  TREND_BIN_RELATIVE_ERROR,
  binOf,
  binValue,
  binnedMannWhitney,
  binnedPercentile,
  mergeBins,
  newBins,
  type BinCounts,
} from './trend-rollup-histogram';
import { TrendTally, contribution } from './trend-rollup-tally';

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const binsOf = (values: number[]): BinCounts => {
  const b: BinCounts = newBins();
  for (const v of values) b[binOf(v)]++;
  return b;
};

describe('trend duration bins', () => {
  it('bin 0 holds zero; bin k holds (FLOOR·γ^(k−1), FLOOR·γ^k] and stands for a value within the bound of each', () => {
    expect(binOf(0)).toBe(0);
    expect(binValue(0)).toBe(0);
    expect(TREND_BIN_RELATIVE_ERROR).toBeCloseTo(0.02 / 2.02, 15);
    const next = random(7);
    for (let i = 0; i < 20_000; i++) {
      const v = TREND_BIN_FLOOR_SECONDS * Math.exp(next() * 27); // 1 ms … 17 years
      const k = binOf(v);
      expect(k).toBeGreaterThan(0);
      expect(k).toBeLessThan(TREND_BINS);
      expect(Math.abs(binValue(k) - v) / v).toBeLessThanOrEqual(TREND_BIN_RELATIVE_ERROR * (1 + 1e-9));
    }
    // Edges: γ^k·FLOOR is the top of bin k, a hair above it is bin k + 1.
    const top = TREND_BIN_FLOOR_SECONDS * TREND_BIN_GAMMA ** 300;
    expect(binOf(top * (1 - 1e-9))).toBe(300);
    expect(binOf(top * (1 + 1e-9))).toBe(301);
    // Longer than the last bin: the last bin.
    expect(binOf(1e12)).toBe(TREND_BINS - 1);
  });

  it('p50/p90 of the bins are within the bound of percentile_cont of the values', () => {
    const next = random(11);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(next() * 300);
      const values = Array.from({ length: n }, () => (next() < 0.05 ? 0 : Math.round(Math.exp(next() * 16) * 1000) / 1000));
      const sorted = [...values].sort((a, b) => a - b);
      for (const q of [0.5, 0.9]) {
        const exact = percentile(sorted, q)!;
        const estimate = binnedPercentile(binsOf(values), q)!;
        expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(TREND_BIN_RELATIVE_ERROR * exact * (1 + 1e-9) + 1e-12);
      }
    }
    expect(binnedPercentile(newBins(), 0.5)).toBeNull();
    expect(binnedPercentile(null, 0.5)).toBeNull();
  });

  it('merging bins equals binning the union', () => {
    const next = random(3);
    const a = Array.from({ length: 500 }, () => next() * 1e5);
    const b = Array.from({ length: 300 }, () => next() * 1e3);
    const merged = binsOf(a);
    mergeBins(merged, binsOf(b));
    expect([...merged]).toEqual([...binsOf([...a, ...b])]);
  });

  it('Mann–Whitney on bins equals the exact test on bin values (ties within a bin, tie correction)', () => {
    const next = random(5);
    for (let trial = 0; trial < 100; trial++) {
      // Few distinct bins, so ties abound; values are the bins' own (no in-bin spread).
      const pick = () => binValue(200 + Math.floor(next() * (trial % 2 ? 5 : 60)));
      const a = Array.from({ length: 1 + Math.floor(next() * 80) }, pick);
      const b = Array.from({ length: 1 + Math.floor(next() * 80) }, pick);
      const exact = mannWhitney(a, b);
      const binned = binnedMannWhitney(binsOf(a), binsOf(b));
      expect(binned.u).toBeCloseTo(exact.u, 9);
      expect(binned.z).toBeCloseTo(exact.z, 9);
      if (exact.p === null) expect(binned.p).toBeNull();
      else expect(binned.p!).toBeCloseTo(exact.p, 12);
    }
    expect(binnedMannWhitney(newBins(), binsOf([1]))).toEqual({ u: 0, z: 0, p: null });
    expect(binnedMannWhitney(null, binsOf([1]))).toEqual({ u: 0, z: 0, p: null });
    // Every value in one bin: no variance.
    expect(binnedMannWhitney(binsOf([5, 5]), binsOf([5])).p).toBeNull();
  });

  it('a tally encodes to its row text and back, and figures give exact means', () => {
    const minutes = (a: number, b: number) => (b - a) / 120_000; // half of the clock time, in minutes
    const t = new TrendTally();
    const c = { reported: 0, registered: 60_000, dispatched: null, handled: null, closed: 3_600_000, onTime: true };
    for (const mark of ['reported', 'registered', 'dispatched', 'handled', 'closed'] as const) {
      const added = contribution(mark, c, minutes);
      if (added) t.add(added);
    }
    const f = t.figures();
    expect(f.counts).toEqual({ reported: 1, registered: 1, closed: 1 });
    expect(f.onTime).toEqual({ numerator: 1, denominator: 1, value: 1 });
    expect(f.stages.reportToRegister.clock.meanSeconds).toBe(60);
    expect(f.stages.reportToRegister.working.meanSeconds).toBe(30);
    expect(f.stages.reportToClose.clock).toMatchObject({ count: 1, meanSeconds: 3600 });
    expect(f.stages.registerToDispatch.clock).toEqual({ count: 0, meanSeconds: null, p50Seconds: null, p90Seconds: null });
    const e = t.encode();
    const back = TrendTally.decode(e.counts, e.sums, e.bins, e.firstReport);
    expect(back.figures()).toEqual(f);
    expect(back.firstReport).toBe(0);
  });
});
