import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import officialData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { chinaCalendar, weekdayCalendar } from './calendar';

/**
 * Checks chinaCalendar() against the data file chinese-days ships (the official schedule as
 * published, zone-free), every date from 2004 through 2027. Runs as-is in a child process too.
 */
function mismatchesWithOfficialData(
  cal: { isWorkday(d: string): boolean },
  data: { holidays: Record<string, string>; workdays: Record<string, string> },
): string[] {
  const mismatches: string[] = [];
  for (let t = Date.UTC(2004, 0, 1); t <= Date.UTC(2027, 11, 31); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    const weekday = new Date(t).getUTCDay();
    const expected = date in data.workdays ? true : date in data.holidays ? false : weekday >= 1 && weekday <= 5;
    if (cal.isWorkday(date) !== expected) mismatches.push(date);
  }
  return mismatches;
}

describe('weekdayCalendar', () => {
  const cal = weekdayCalendar();
  it('has Monday to Friday as workdays and no holidays', () => {
    expect(cal.isWorkday('2026-03-02')).toBe(true); // Monday
    expect(cal.isWorkday('2026-03-06')).toBe(true); // Friday
    expect(cal.isWorkday('2026-03-07')).toBe(false); // Saturday
    expect(cal.isWorkday('2026-03-08')).toBe(false); // Sunday
    expect(cal.isWorkday('2026-10-01')).toBe(true); // Thursday, no holidays here
    expect(cal.coveredThroughYear).toBe(Number.POSITIVE_INFINITY);
  });
  it('rejects malformed dates', () => {
    expect(() => cal.isWorkday('2026-02-30')).toThrow('"2026-02-30" is not a YYYY-MM-DD date');
  });
  it('takes a city\'s own holidays and worked weekend days (WORK_CALENDAR=weekends)', () => {
    const nyc = weekdayCalendar({ holidays: ['2026-11-26', '2026-12-25'], workdays: ['2026-11-28'] });
    expect(nyc.isWorkday('2026-11-26')).toBe(false); // Thanksgiving, a Thursday
    expect(nyc.isWorkday('2026-12-25')).toBe(false); // Christmas, a Friday
    expect(nyc.isWorkday('2026-11-27')).toBe(true); // Friday, untouched
    expect(nyc.isWorkday('2026-11-28')).toBe(true); // Saturday worked
    expect(nyc.isWorkday('2026-11-29')).toBe(false); // Sunday, untouched
    expect(nyc.isWorkday('2026-10-01')).toBe(true); // no Chinese holidays
    expect(() => weekdayCalendar({ holidays: ['2026-11-26'], workdays: ['2026-11-26'] })).toThrow('in both');
    expect(() => weekdayCalendar({ holidays: ['26-11-2026'] })).toThrow('weekdayCalendar: overrides.holidays: "26-11-2026" is not a YYYY-MM-DD date');
  });
});

describe('chinaCalendar', () => {
  const cal = chinaCalendar();

  it('covers the years the package ships data for (chinese-days 1.5.7: 2004-2026)', () => {
    expect(cal.coveredThroughYear).toBe(2026);
  });

  it('knows National Day 2026: Oct 1-7 off, make-up workdays Sun Sep 20 and Sat Oct 10', () => {
    expect(cal.isWorkday('2026-09-30')).toBe(true);
    for (let d = 1; d <= 7; d++) expect(cal.isWorkday(`2026-10-0${d}`), `10-0${d}`).toBe(false);
    expect(cal.isWorkday('2026-10-08')).toBe(true);
    expect(cal.isWorkday('2026-09-20')).toBe(true); // Sunday, make-up workday
    expect(cal.isWorkday('2026-10-10')).toBe(true); // Saturday, make-up workday
    expect(cal.isWorkday('2026-10-11')).toBe(false); // ordinary Sunday
    expect(cal.isWorkday('2026-09-19')).toBe(false); // ordinary Saturday
  });

  it('knows Mid-autumn 2026 (Fri Sep 25 - Sun Sep 27 off)', () => {
    expect(cal.isWorkday('2026-09-24')).toBe(true);
    expect(cal.isWorkday('2026-09-25')).toBe(false);
    expect(cal.isWorkday('2026-09-28')).toBe(true);
  });

  it('knows Spring Festival 2026: Feb 15-23 off, make-up workdays Sat Feb 14 and Sat Feb 28', () => {
    expect(cal.isWorkday('2026-02-13')).toBe(true);
    expect(cal.isWorkday('2026-02-14')).toBe(true);
    for (let d = 15; d <= 23; d++) expect(cal.isWorkday(`2026-02-${d}`), `02-${d}`).toBe(false);
    expect(cal.isWorkday('2026-02-24')).toBe(true);
    expect(cal.isWorkday('2026-02-28')).toBe(true);
  });

  it("knows New Year's Day 2026 (Jan 1-3 off, Sun Jan 4 worked)", () => {
    expect(cal.isWorkday('2026-01-01')).toBe(false);
    expect(cal.isWorkday('2026-01-02')).toBe(false);
    expect(cal.isWorkday('2026-01-04')).toBe(true);
    expect(cal.isWorkday('2026-01-05')).toBe(true);
  });

  it('falls back to Monday-Friday beyond its data', () => {
    expect(cal.isWorkday('2027-10-01')).toBe(true); // a Friday; 2027 schedule not in the package
    expect(cal.isWorkday('2027-10-02')).toBe(false); // Saturday
    expect(cal.isWorkday('2027-10-04')).toBe(true); // Monday
  });

  it('lets overrides win over the official calendar and weekends', () => {
    const local = chinaCalendar({
      holidays: ['2026-03-03', '2026-10-10', '2027-10-01'],
      workdays: ['2026-03-07', '2026-10-05', '2027-10-09'],
    });
    expect(local.isWorkday('2026-03-03')).toBe(false); // local holiday on a Tuesday
    expect(local.isWorkday('2026-10-10')).toBe(false); // official make-up day cancelled
    expect(local.isWorkday('2027-10-01')).toBe(false); // next year's schedule ahead of the package
    expect(local.isWorkday('2026-03-07')).toBe(true); // Saturday worked
    expect(local.isWorkday('2026-10-05')).toBe(true); // official holiday worked
    expect(local.isWorkday('2027-10-09')).toBe(true);
    expect(local.isWorkday('2026-03-02')).toBe(true); // untouched dates as before
    expect(local.isWorkday('2026-10-01')).toBe(false);
    expect(local.coveredThroughYear).toBe(2026);
  });

  it('rejects malformed or conflicting overrides, and malformed dates', () => {
    expect(() => chinaCalendar({ holidays: ['2026-3-3'] })).toThrow(
      'chinaCalendar: overrides.holidays: "2026-3-3" is not a YYYY-MM-DD date',
    );
    expect(() => chinaCalendar({ workdays: ['2026-02-29'] })).toThrow('overrides.workdays: "2026-02-29"');
    expect(() => chinaCalendar({ holidays: ['2026-05-01'], workdays: ['2026-05-01'] })).toThrow(
      '2026-05-01 is in both overrides.holidays and overrides.workdays',
    );
    expect(() => cal.isWorkday('20261001')).toThrow('is not a YYYY-MM-DD date');
  });

  it('agrees with the official data shipped in chinese-days on every date 2004-2027', () => {
    expect(mismatchesWithOfficialData(cal, officialData)).toEqual([]);
  });

  // chinese-days keys its tables by dates formatted in the process's local zone: west of UTC its own
  // isWorkday() is a day off. Run the bundled calendar in such zones to show ours is not.
  it.each(['America/New_York', 'Pacific/Honolulu', 'Pacific/Kiritimati'])(
    'is right when the process runs in TZ=%s',
    async (tz) => {
      const bundled = await build({
        stdin: {
          contents: [
            "import { chinaCalendar } from './calendar';",
            "import data from 'chinese-days/dist/chinese-days.json';",
            `const mismatchesWithOfficialData = ${mismatchesWithOfficialData.toString()};`,
            'const cal = chinaCalendar();',
            'console.log(JSON.stringify({ covered: cal.coveredThroughYear, mismatches: mismatchesWithOfficialData(cal, data) }));',
          ].join('\n'),
          resolveDir: dirname(fileURLToPath(import.meta.url)),
          loader: 'ts',
        },
        bundle: true,
        write: false,
        platform: 'node',
        format: 'esm',
        logLevel: 'silent',
      });
      const out = execFileSync(process.execPath, ['--input-type=module'], {
        input: bundled.outputFiles[0].text,
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      });
      expect(JSON.parse(out)).toEqual({ covered: 2026, mismatches: [] });
    },
    30_000,
  );
});
