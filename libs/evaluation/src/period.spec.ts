import { describe, expect, it } from 'vitest';
import { resolvePeriod } from './period';

const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;

describe('resolvePeriod', () => {
  it('resolves a month in Asia/Shanghai to whole local days (no DST: 31 × 24 h)', () => {
    const p = resolvePeriod('2026-03', 'Asia/Shanghai');
    expect([iso(p.from), iso(p.to)]).toEqual(['2026-02-28T16:00:00.000Z', '2026-03-31T16:00:00.000Z']);
    expect(p.to - p.from).toBe(31 * DAY);
    expect(p).toMatchObject({ label: '2026-03', previous: '2026-02', yearAgo: '2025-03' });
  });

  it('follows a DST zone: March in Europe/Berlin is an hour short, October an hour long', () => {
    const march = resolvePeriod('2026-03', 'Europe/Berlin');
    expect([iso(march.from), iso(march.to)]).toEqual(['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
    expect(march.to - march.from).toBe(31 * DAY - 3_600_000);
    const october = resolvePeriod('2026-10', 'Europe/Berlin');
    expect(october.to - october.from).toBe(31 * DAY + 3_600_000);
  });

  it('takes January back to December of the year before', () => {
    expect(resolvePeriod('2026-01', 'Asia/Shanghai')).toMatchObject({ previous: '2025-12', yearAgo: '2025-01' });
  });

  it('resolves quarters; Q4 → previous Q3, Q1 → previous Q4 of the year before', () => {
    const q4 = resolvePeriod('2026-Q4', 'Asia/Shanghai');
    expect([iso(q4.from), iso(q4.to)]).toEqual(['2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z']);
    expect(q4).toMatchObject({ label: '2026-Q4', previous: '2026-Q3', yearAgo: '2025-Q4' });
    expect(resolvePeriod('2026-Q1', 'Asia/Shanghai')).toMatchObject({ previous: '2025-Q4', yearAgo: '2025-Q1' });
  });

  it('resolves a year', () => {
    const y = resolvePeriod('2024', 'Asia/Shanghai');
    expect([iso(y.from), iso(y.to)]).toEqual(['2023-12-31T16:00:00.000Z', '2024-12-31T16:00:00.000Z']);
    expect(y).toMatchObject({ label: '2024', previous: '2023', yearAgo: '2023' });
  });

  it('resolves a custom range with both days included; previous = as many days just before', () => {
    const p = resolvePeriod('2026-03-10..2026-03-16', 'Asia/Shanghai');
    expect([iso(p.from), iso(p.to)]).toEqual(['2026-03-09T16:00:00.000Z', '2026-03-16T16:00:00.000Z']);
    expect(p).toMatchObject({ label: '2026-03-10..2026-03-16', previous: '2026-03-03..2026-03-09', yearAgo: '2025-03-10..2025-03-16' });
    const one = resolvePeriod('2026-03-01..2026-03-01', 'Asia/Shanghai');
    expect(one.to - one.from).toBe(DAY);
    expect(one.previous).toBe('2026-02-28..2026-02-28');
  });

  it('accepts a custom range of 366 days and refuses 367', () => {
    expect(resolvePeriod('2024-01-01..2024-12-31', 'Asia/Shanghai').previous).toBe('2022-12-31..2023-12-31');
    expect(() => resolvePeriod('2024-01-01..2025-01-01', 'Asia/Shanghai')).toThrow('period: 367 days is longer than 366 days');
  });

  it('refuses malformed periods, impossible dates, reversed ranges and unknown zones, naming the problem', () => {
    expect(() => resolvePeriod('2026-13', 'Asia/Shanghai')).toThrow(/^period: expected YYYY-MM/);
    expect(() => resolvePeriod('2026-Q5', 'Asia/Shanghai')).toThrow(/^period: expected/);
    expect(() => resolvePeriod('2026-02-30..2026-03-02', 'Asia/Shanghai')).toThrow('period: 2026-02-30 is not a calendar date');
    expect(() => resolvePeriod('2026-03-05..2026-03-01', 'Asia/Shanghai')).toThrow('period: the end 2026-03-01 is before the start 2026-03-05');
    expect(() => resolvePeriod('2026-03', 'Mars/Olympus')).toThrow('timeZone: unknown time zone "Mars/Olympus"');
  });
});
