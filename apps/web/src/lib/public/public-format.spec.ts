import { describe, expect, it } from 'vitest';
import { describeChange, formatChange, formatCount, formatDelta, formatPeriod, formatRate, formatScore, periodDays, rankDirection } from './public-format';

const change = (rankDelta: number | null, scoreDelta: number | null) => ({ period: '2026-09', score: 80, rank: 3, rankDelta, scoreDelta });

describe('public figures', () => {
  it('scores with 2 decimals, rates as percentages, counts with separators; dashes for none and suppressed', () => {
    expect(formatScore(87.5)).toBe('87.50');
    expect(formatScore(null)).toBe('—');
    expect(formatRate({ value: 0.87354, suppressed: false })).toBe('87.4%');
    expect(formatRate({ value: null, suppressed: false })).toBe('—');
    expect(formatRate({ value: null, suppressed: true })).toBe('—*');
    expect(formatRate(undefined)).toBe('—');
    expect(formatCount({ value: 12345, suppressed: false }, 'zh')).toBe('12,345');
    expect(formatCount({ value: null, suppressed: true }, 'en')).toBe('—*');
  });

  it('changes: arrows for rank moves, signed score differences with a real minus', () => {
    expect(formatDelta(1.254)).toBe('+1.25');
    expect(formatDelta(-0.5)).toBe('−0.50');
    expect(formatDelta(0)).toBe('0.00');
    expect(rankDirection(change(2, 3.1))).toBe('up');
    expect(formatChange(change(2, 3.1))).toBe('↑2 (+3.10)');
    expect(formatChange(change(-1, -0.4))).toBe('↓1 (−0.40)');
    expect(formatChange(change(0, 0))).toBe('→ (0.00)');
    expect(formatChange(change(null, 1))).toBe('— (+1.00)');
    expect(formatChange(null)).toBe('—');
  });

  it('changes in words in both languages', () => {
    expect(describeChange(change(2, 3.1), 'zh')).toBe('上升 2 位,得分 +3.10,对比 2026年9月');
    expect(describeChange(change(-1, -0.4), 'en')).toBe('down 1, score −0.40, against September 2026');
    expect(describeChange(null, 'zh')).toBe('无可比数据');
  });

  it('periods of every kind', () => {
    expect(formatPeriod('2026-10', 'zh')).toBe('2026年10月');
    expect(formatPeriod('2026-10', 'en')).toBe('October 2026');
    expect(formatPeriod('2026-Q4', 'zh')).toBe('2026年第4季度');
    expect(formatPeriod('2026-Q4', 'en')).toBe('Q4 2026');
    expect(formatPeriod('2026', 'zh')).toBe('2026年');
    expect(formatPeriod('2026-10-01..2026-10-15', 'en')).toBe('2026-10-01 to 2026-10-15');
  });

  it('the days of a period in the city', () => {
    expect(periodDays('2026-09-30T16:00:00.000Z', '2026-10-31T16:00:00.000Z')).toEqual({ first: '2026-10-01', last: '2026-10-31' });
  });
});
