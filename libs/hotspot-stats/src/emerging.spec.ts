import { describe, expect, it } from 'vitest';
import { classifyEmerging } from './emerging';

const flat = (n: number, v = 2) => Array.from({ length: n }, () => v);

describe('classifyEmerging', () => {
  it('new: hot only in the final step', () => {
    expect(classifyEmerging([0, 0, 0, 0, 2], flat(5))).toEqual({ kind: 'new', hot: true });
    expect(classifyEmerging([0, -1, 0, 0, 2], flat(5))).toEqual({ kind: 'new', hot: true });
  });

  it('consecutive: one run of ≥ 2 hot steps ending now, fewer than 90 % hot', () => {
    expect(classifyEmerging([0, 0, 0, 1, 3], flat(5))).toEqual({ kind: 'consecutive', hot: true });
  });

  it('sporadic vs oscillating: on-and-off hot, never cold vs once cold', () => {
    expect(classifyEmerging([2, 0, 0, 1, 3], flat(5))).toEqual({ kind: 'sporadic', hot: true });
    expect(classifyEmerging([2, -2, 0, 0, 3], flat(5))).toEqual({ kind: 'oscillating', hot: true });
  });

  it('persistent / intensifying / diminishing: ≥ 90 % hot, by the Mann–Kendall trend of z', () => {
    const bins = flat(10, 3);
    expect(classifyEmerging(bins, [3, 2.5, 3.1, 2.8, 3, 2.9, 3.2, 2.7, 3, 3.05])).toEqual({ kind: 'persistent', hot: true });
    expect(classifyEmerging(bins, [2, 2.2, 2.5, 2.7, 3, 3.3, 3.6, 4, 4.4, 5])).toEqual({ kind: 'intensifying', hot: true });
    expect(classifyEmerging(bins, [5, 4.4, 4, 3.6, 3.3, 3, 2.7, 2.5, 2.2, 2])).toEqual({ kind: 'diminishing', hot: true });
    // 9 of 10 hot (exactly 90 %), final hot: still in the ≥ 90 % family.
    expect(classifyEmerging([1, 1, 1, 0, 1, 1, 1, 1, 1, 1], flat(10))).toEqual({ kind: 'persistent', hot: true });
  });

  it('historical: final step not significant, ≥ 90 % of steps hot (or cold)', () => {
    expect(classifyEmerging([2, 2, 2, 2, 2, 2, 2, 2, 2, 0], flat(10))).toEqual({ kind: 'historical', hot: true });
    expect(classifyEmerging([-2, -2, -2, -2, -2, -2, -2, -2, -2, 0], flat(10, -2))).toEqual({ kind: 'historical', hot: false });
    expect(classifyEmerging([2, 2, 2, 2, 0, 0, 2, 2, 2, 0], flat(10))).toEqual({ kind: 'none', hot: null });
  });

  it('cold patterns mirror the hot ones; intensifying cold means z falling', () => {
    expect(classifyEmerging([0, 0, 0, 0, -1], flat(5, -2))).toEqual({ kind: 'new', hot: false });
    expect(classifyEmerging(flat(10, -3), [-2, -2.2, -2.5, -2.7, -3, -3.3, -3.6, -4, -4.4, -5])).toEqual({ kind: 'intensifying', hot: false });
  });

  it('no steps or never significant: none', () => {
    expect(classifyEmerging([], [])).toEqual({ kind: 'none', hot: null });
    expect(classifyEmerging([0, 0, 0], [0, 0, 0])).toEqual({ kind: 'none', hot: null });
  });
});
