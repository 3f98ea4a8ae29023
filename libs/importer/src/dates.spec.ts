import { describe, expect, it } from 'vitest';
import { parseSourceDate } from './dates';

describe('parseSourceDate', () => {
  const formats = ['MM/dd/yyyy hh:mm:ss a', 'yyyy-MM-dd HH:mm', 'ISO'];

  it('reads local times in the source zone, across daylight saving', () => {
    expect(new Date(parseSourceDate('02/28/2023 11:45:00 PM', formats, 'America/New_York')!).toISOString()).toBe('2023-03-01T04:45:00.000Z');
    expect(new Date(parseSourceDate('07/01/2023 12:00:00 PM', formats, 'America/New_York')!).toISOString()).toBe('2023-07-01T16:00:00.000Z');
    expect(new Date(parseSourceDate('2023-02-28 10:00', formats, 'Asia/Shanghai')!).toISOString()).toBe('2023-02-28T02:00:00.000Z');
  });

  it('keeps an offset the text carries, and tries the formats in order', () => {
    expect(new Date(parseSourceDate('2023-02-28T10:00:00+08:00', formats, 'America/New_York')!).toISOString()).toBe('2023-02-28T02:00:00.000Z');
  });

  it('returns null for empty or unparseable text', () => {
    expect(parseSourceDate('  ', formats, 'UTC')).toBeNull();
    expect(parseSourceDate('02/30/2023 10:00:00 AM', formats, 'UTC')).toBeNull();
    expect(parseSourceDate('yesterday', formats, 'UTC')).toBeNull();
  });
});
