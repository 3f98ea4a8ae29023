import { DateTime } from 'luxon';
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

  it('reads Unix time in seconds or milliseconds (epoch-s, epoch-ms)', () => {
    expect(parseSourceDate('1677642300', ['epoch-s'], 'America/New_York')).toBe(1677642300000);
    expect(parseSourceDate('1677642300.5', ['epoch-s'], 'UTC')).toBe(1677642300500);
    expect(parseSourceDate('1677642300123', ['yyyy-MM-dd', 'epoch-ms'], 'UTC')).toBe(1677642300123);
    expect(parseSourceDate('2023-02-28', ['epoch-ms'], 'UTC')).toBeNull();
  });

  it('returns null for empty or unparseable text', () => {
    expect(parseSourceDate('  ', formats, 'UTC')).toBeNull();
    expect(parseSourceDate('02/30/2023 10:00:00 AM', formats, 'UTC')).toBeNull();
    expect(parseSourceDate('yesterday', formats, 'UTC')).toBeNull();
  });
});

describe('parseSourceDate agrees with luxon', () => {
  it('on every quarter hour across both 2023 daylight-saving changes in New York (but the repeated hour), and with offsets in the text', () => {
    const zone = 'America/New_York';
    for (const [from, to] of [['2023-03-11T20:00', '2023-03-12T12:00'], ['2023-11-04T20:00', '2023-11-05T12:00']]) {
      for (let t = Date.parse(`${from}Z`); t <= Date.parse(`${to}Z`); t += 15 * 60_000) {
        const wall = new Date(t).toISOString().slice(0, 16); // read as a New York wall time
        const [d, hm] = wall.split('T');
        const [y, m, day] = d.split('-');
        const text = `${m}/${day}/${y} ${hm}:00`;
        if (text.startsWith('11/05/2023 01:')) continue; // ambiguous: below
        const luxon = DateTime.fromFormat(text, 'MM/dd/yyyy HH:mm:ss', { zone }).toMillis();
        expect(parseSourceDate(text, ['MM/dd/yyyy HH:mm:ss'], zone), text).toBe(luxon);
      }
    }
    // The repeated hour is read as its first pass (EDT, UTC-4), whatever today's offset.
    expect(parseSourceDate('11/05/2023 01:30:00', ['MM/dd/yyyy HH:mm:ss'], zone)).toBe(Date.parse('2023-11-05T05:30:00Z'));
    expect(parseSourceDate('11/05/2023 02:30:00', ['MM/dd/yyyy HH:mm:ss'], zone)).toBe(Date.parse('2023-11-05T07:30:00Z'));
    expect(parseSourceDate('2023-02-28 10:00 +0800', ['yyyy-MM-dd HH:mm ZZZ'], zone)).toBe(Date.parse('2023-02-28T02:00:00Z'));
  });
});
