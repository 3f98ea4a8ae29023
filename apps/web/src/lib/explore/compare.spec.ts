import { describe, expect, it } from 'vitest';
import { changeStats, halves, maxAbsChange, shortDuration } from './compare';

describe('before/after change per cell', () => {
  it('joins both periods by cell id, missing cells counting 0', () => {
    const result = changeStats({ id: ['a', 'b'], count: [5, 2] }, { id: ['b', 'c'], count: [7, 4] });
    expect(result.id).toEqual(['a', 'b', 'c']);
    expect([...result.countA]).toEqual([5, 2, 0]);
    expect([...result.countB]).toEqual([0, 7, 4]);
    expect([...result.change]).toEqual([-5, 5, 4]);
    expect(Array.from(result.count)).toEqual([0, 7, 4]);
    expect(maxAbsChange(result.change)).toBe(5);
    expect(maxAbsChange([])).toBe(0);
  });
});

describe('compare defaults and wording', () => {
  it('splits a period into an earlier and a later half', () => {
    expect(halves({ from: '2026-10-30', to: '2026-11-28' })).toEqual({ a: { from: '2026-10-30', to: '2026-11-13' }, b: { from: '2026-11-14', to: '2026-11-28' } });
    expect(halves({ from: '2026-11-01', to: '2026-11-03' })).toEqual({ a: { from: '2026-11-01', to: '2026-11-01' }, b: { from: '2026-11-02', to: '2026-11-03' } });
  });
  it('writes durations shortly', () => {
    expect([shortDuration(30), shortDuration(720), shortDuration(3 * 3600 + 1800), shortDuration(3 * 86400), shortDuration(null), shortDuration(-600)]).toEqual(['30 s', '12 min', '3.5 h', '3.0 d', '–', '−10 min']);
  });
});
