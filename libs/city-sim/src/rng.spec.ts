import { describe, expect, it } from 'vitest';
import { Rng } from './rng';

describe('Rng', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = new Rng('x');
    const b = new Rng('x');
    const c = new Rng('y');
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    expect(new Rng(42).next()).toBe(new Rng('42').next());
  });

  it('stays in [0, 1) and is roughly uniform', () => {
    const r = new Rng(1);
    const buckets = new Array(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = r.next();
      if (!(x >= 0 && x < 1)) outside++;
      else buckets[Math.floor(x * 10)]++;
    }
    expect(outside).toBe(0);
    for (const n of buckets) expect(Math.abs(n - 10_000)).toBeLessThan(500);
  });

  it('draws log-normals around their median and exponentials around their mean', () => {
    const r = new Rng('dist');
    const xs = Array.from({ length: 20_001 }, () => r.logNormal(30, 0.8)).sort((p, q) => p - q);
    expect(xs[10_000]).toBeGreaterThan(28);
    expect(xs[10_000]).toBeLessThan(32);
    const mean = Array.from({ length: 20_000 }, () => r.exponential(2)).reduce((s, v) => s + v, 0) / 20_000;
    expect(mean).toBeCloseTo(0.5, 1);
  });

  it('picks by weight and forks independent, reproducible streams', () => {
    const r = new Rng('w');
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[r.weightedIndex([1, 0, 3])]++;
    expect(counts[1]).toBe(0);
    expect(counts[2] / counts[0]).toBeGreaterThan(2.7);
    expect(counts[2] / counts[0]).toBeLessThan(3.3);
    const root = new Rng('root');
    expect(root.fork('a').next()).toBe(new Rng('root').fork('a').next());
    expect(root.fork('a').next()).not.toBe(root.fork('b').next());
  });
});
