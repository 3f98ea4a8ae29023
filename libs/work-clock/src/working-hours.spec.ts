import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKING_HOURS, assertValidPeriods, parseWorkingHours } from './working-hours';

describe('parseWorkingHours', () => {
  it('parses the default office hours into minutes after midnight', () => {
    expect(DEFAULT_WORKING_HOURS).toBe('08:30-12:00,13:30-17:30');
    expect(parseWorkingHours(DEFAULT_WORKING_HOURS)).toEqual([
      { startMinute: 510, endMinute: 720 },
      { startMinute: 810, endMinute: 1050 },
    ]);
  });

  it('accepts spaces, one-digit hours, touching periods and 24:00 as an end', () => {
    expect(parseWorkingHours(' 8:00 - 12:00 , 12:00-13:00,23:00-24:00 ')).toEqual([
      { startMinute: 480, endMinute: 720 },
      { startMinute: 720, endMinute: 780 },
      { startMinute: 1380, endMinute: 1440 },
    ]);
    expect(parseWorkingHours('00:00-24:00')).toEqual([{ startMinute: 0, endMinute: 1440 }]);
  });

  it('names the part that is not a time range within a day', () => {
    expect(() => parseWorkingHours('08:30-12:00,25:00-26:00')).toThrow(
      'WORKING_HOURS: "25:00-26:00" is not HH:MM-HH:MM within a day',
    );
    expect(() => parseWorkingHours('08:30-12:60')).toThrow('"08:30-12:60" is not HH:MM-HH:MM');
    expect(() => parseWorkingHours('8h-12h')).toThrow('"8h-12h" is not HH:MM-HH:MM');
    expect(() => parseWorkingHours('24:00-24:00')).toThrow('"24:00-24:00" is not HH:MM-HH:MM');
    expect(() => parseWorkingHours('08:00-24:30')).toThrow('"08:00-24:30" is not HH:MM-HH:MM');
    expect(() => parseWorkingHours('08:30-12:00,')).toThrow('WORKING_HOURS: "" is not HH:MM-HH:MM');
  });

  it('rejects a period that ends before it starts', () => {
    expect(() => parseWorkingHours('12:00-08:30')).toThrow(
      'WORKING_HOURS: "12:00-08:30" is not HH:MM-HH:MM within a day (the end must be after the start)',
    );
    expect(() => parseWorkingHours('09:00-09:00')).toThrow('"09:00-09:00"');
  });

  it('rejects overlapping and unsorted periods, naming both', () => {
    expect(() => parseWorkingHours('08:30-12:00,11:00-13:00')).toThrow(
      'WORKING_HOURS: "11:00-13:00" overlaps or comes before "08:30-12:00"',
    );
    expect(() => parseWorkingHours('13:30-17:30,08:30-12:00')).toThrow(
      'WORKING_HOURS: "08:30-12:00" overlaps or comes before "13:30-17:30"',
    );
  });

  it('rejects an empty spec', () => {
    expect(() => parseWorkingHours('')).toThrow('WORKING_HOURS: no working periods in ""');
    expect(() => parseWorkingHours('   ')).toThrow('WORKING_HOURS: no working periods');
  });
});

describe('assertValidPeriods', () => {
  it('accepts parsed periods and rejects hand-made bad ones', () => {
    expect(() => assertValidPeriods(parseWorkingHours(DEFAULT_WORKING_HOURS))).not.toThrow();
    expect(() => assertValidPeriods([])).toThrow('at least one working period');
    expect(() => assertValidPeriods([{ startMinute: 600, endMinute: 500 }])).toThrow('invalid working period');
    expect(() => assertValidPeriods([{ startMinute: 0, endMinute: 1441 }])).toThrow('invalid working period');
    expect(() => assertValidPeriods([{ startMinute: 0.5, endMinute: 60 }])).toThrow('invalid working period');
    expect(() =>
      assertValidPeriods([
        { startMinute: 600, endMinute: 700 },
        { startMinute: 650, endMinute: 800 },
      ]),
    ).toThrow('10:50-13:20 overlaps');
  });
});
