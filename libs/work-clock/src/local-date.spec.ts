import { describe, expect, it } from 'vitest';
import { dayNumberOf, isMondayToFriday, localDateOf, weekdayOf } from './local-date';

describe('local dates', () => {
  it('numbers days from 1970-01-01 and back', () => {
    expect(dayNumberOf('1970-01-01')).toBe(0);
    expect(dayNumberOf('1970-01-02')).toBe(1);
    expect(dayNumberOf('1969-12-31')).toBe(-1);
    expect(dayNumberOf('2026-03-02')).toBe(20514);
    expect(localDateOf(20514)).toBe('2026-03-02');
    expect(localDateOf(-1)).toBe('1969-12-31');
  });

  it('knows weekdays (2026-03-02 is a Monday)', () => {
    expect(weekdayOf(dayNumberOf('2026-03-02'))).toBe(1);
    expect(weekdayOf(dayNumberOf('2026-03-08'))).toBe(0);
    expect(weekdayOf(dayNumberOf('1969-12-28'))).toBe(0);
    expect(isMondayToFriday(dayNumberOf('2026-03-06'))).toBe(true);
    expect(isMondayToFriday(dayNumberOf('2026-03-07'))).toBe(false);
  });

  it('rejects malformed and impossible dates', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-3-2', '2026/03/02', '', '0099-01-01']) {
      expect(() => dayNumberOf(bad), bad).toThrow('is not a YYYY-MM-DD date');
    }
  });
});
