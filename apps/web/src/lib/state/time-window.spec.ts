import { describe, expect, it } from 'vitest';
import { addDays, customRange, dayOf, isTimeZone, isWindowKind, msUntilNextMidnight, presetRange, startOfDay, windowRange } from './time-window';

const SH = 'Asia/Shanghai';
const at = (s: string) => Date.parse(s);

describe('time windows in the city time zone', () => {
  it('"today" is the local calendar day: before and after local midnight (16:00 UTC in Shanghai)', () => {
    expect(presetRange('today', at('2026-11-28T15:59:59Z'), SH)).toEqual({ from: '2026-11-27T16:00:00.000Z', to: '2026-11-28T16:00:00.000Z' });
    expect(presetRange('today', at('2026-11-28T16:00:00Z'), SH)).toEqual({ from: '2026-11-28T16:00:00.000Z', to: '2026-11-29T16:00:00.000Z' });
    // The same instant is a different day in UTC.
    expect(presetRange('today', at('2026-11-28T16:00:00Z'), 'UTC')).toEqual({ from: '2026-11-28T00:00:00.000Z', to: '2026-11-29T00:00:00.000Z' });
  });

  it('"7 days" is today and the 6 days before; "30 days" likewise, across a month end', () => {
    const now = at('2026-12-02T03:00:00Z'); // 11:00 on 2 December in Shanghai
    expect(presetRange('7d', now, SH)).toEqual({ from: '2026-11-25T16:00:00.000Z', to: '2026-12-02T16:00:00.000Z' });
    expect(presetRange('30d', now, SH)).toEqual({ from: '2026-11-02T16:00:00.000Z', to: '2026-12-02T16:00:00.000Z' });
  });

  it('days have 23 or 25 hours where daylight saving changes (America/New_York)', () => {
    const ny = 'America/New_York';
    const spring = presetRange('today', at('2026-03-08T15:00:00Z'), ny);
    expect(spring).toEqual({ from: '2026-03-08T05:00:00.000Z', to: '2026-03-09T04:00:00.000Z' });
    const autumn = presetRange('today', at('2026-11-01T15:00:00Z'), ny);
    expect(Date.parse(autumn.to) - Date.parse(autumn.from)).toBe(25 * 3600_000);
  });

  it('counts down to the next local midnight, so "today" rolls over then', () => {
    expect(msUntilNextMidnight(at('2026-11-28T15:59:00Z'), SH)).toBe(60_000);
    expect(msUntilNextMidnight(at('2026-11-28T16:00:00Z'), SH)).toBe(24 * 3600_000);
    expect(dayOf(at('2026-11-28T16:00:00Z'), SH)).toBe('2026-11-29');
    expect(startOfDay('2026-11-29', SH)).toBe(at('2026-11-28T16:00:00Z'));
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('custom windows include both days and name the field that is wrong', () => {
    expect(customRange('2026-11-01', '2026-11-03', SH)).toEqual({ ok: true, range: { from: '2026-10-31T16:00:00.000Z', to: '2026-11-03T16:00:00.000Z' } });
    expect(customRange('2026-11-03', '2026-11-03', SH)).toEqual({ ok: true, range: { from: '2026-11-02T16:00:00.000Z', to: '2026-11-03T16:00:00.000Z' } });
    expect(customRange('', '2026-11-03', SH)).toEqual({ ok: false, field: 'from', error: 'missing' });
    expect(customRange('2026-02-30', '2026-11-03', SH)).toEqual({ ok: false, field: 'from', error: 'invalid' });
    expect(customRange('2026-11-01', '', SH)).toEqual({ ok: false, field: 'to', error: 'missing' });
    expect(customRange('2026-11-01', '3/11/2026', SH)).toEqual({ ok: false, field: 'to', error: 'invalid' });
    expect(customRange('2026-11-04', '2026-11-03', SH)).toEqual({ ok: false, field: 'to', error: 'order' });
    expect(windowRange('custom', 0, SH, { from: '2026-11-01', to: '2026-11-01' }).ok).toBe(true);
    expect(windowRange('today', at('2026-11-28T00:00:00Z'), SH, { from: '', to: '' })).toEqual({ ok: true, range: presetRange('today', at('2026-11-28T00:00:00Z'), SH) });
  });

  it('recognises window kinds and time zones', () => {
    expect(['today', '7d', '30d', 'custom'].every(isWindowKind)).toBe(true);
    expect(isWindowKind('90d')).toBe(false);
    expect(isTimeZone(SH)).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
