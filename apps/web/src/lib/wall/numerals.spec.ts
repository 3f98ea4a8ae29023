import { describe, expect, it } from 'vitest';
import { formatCount, formatDurationShort, formatRate, formatRelative, formatSignedCount, formatSignedPoints } from './numerals';

describe('wall numerals', () => {
  it('counts with grouping, a dash for nothing', () => {
    expect(formatCount(12345, 'en-GB')).toBe('12,345');
    expect(formatCount(0, 'zh-CN')).toBe('0');
    expect(formatCount(null, 'zh-CN')).toBe('—');
    expect(formatCount(Number.NaN, 'zh-CN')).toBe('—');
  });

  it('rates as percentages with one decimal', () => {
    expect(formatRate(0.8734, 'zh-CN')).toBe('87.3%');
    expect(formatRate(1, 'en-GB')).toBe('100.0%');
    expect(formatRate(0, 'en-GB')).toBe('0.0%');
    expect(formatRate(null, 'en-GB')).toBe('—');
  });

  it('signed changes with a true minus sign, rates in percentage points', () => {
    expect(formatSignedCount(12, 'en-GB')).toBe('+12');
    expect(formatSignedCount(-1234, 'en-GB')).toBe('−1,234');
    expect(formatSignedCount(0, 'en-GB')).toBe('0');
    expect(formatSignedPoints(0.012, 'en-GB')).toBe('+1.2');
    expect(formatSignedPoints(-0.1056, 'en-GB')).toBe('−10.6');
    expect(formatSignedPoints(0.0004, 'en-GB')).toBe('0.0');
    expect(formatRelative(0.25, 'en-GB')).toBe('+25%');
    expect(formatRelative(-0.5, 'en-GB')).toBe('−50%');
    expect(formatRelative(null, 'en-GB')).toBeNull();
  });

  it('short durations in both languages', () => {
    expect(formatDurationShort(45, 'zh')).toBe('45秒');
    expect(formatDurationShort(720, 'en')).toBe('12 min');
    expect(formatDurationShort(3.5 * 3600, 'zh')).toBe('3.5小时');
    expect(formatDurationShort(2.06 * 86400, 'en')).toBe('2.1 d');
    expect(formatDurationShort(null, 'en')).toBe('—');
  });
});
