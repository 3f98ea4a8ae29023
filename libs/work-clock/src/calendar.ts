import chineseDays from 'chinese-days';
import { dayNumberOf, isMondayToFriday } from './local-date';

/** Which local dates are workdays. */
export interface WorkCalendar {
  /** localDate is "YYYY-MM-DD" in the city's time zone; throws for a malformed date. */
  isWorkday(localDate: string): boolean;
  /** Last year for which the calendar knows the holidays; later years are plain Monday–Friday. */
  readonly coveredThroughYear: number;
}

export interface CalendarOverrides {
  /** Extra non-working dates (a local holiday); win over the official calendar. */
  holidays?: string[];
  /** Extra working dates (e.g. next year's make-up Saturdays); win over the official calendar. */
  workdays?: string[];
}

// How chinese-days is read. Its tables are keyed by dates it formats in the *process's* local time
// zone, so west of UTC (TZ=America/New_York, say) every key is one day early, and its weekday
// fallback uses the shifted date too (chinese-days 1.5.7): isWorkday('2026-03-02'), a Monday, is
// false there. Looking a date up by the same 'YYYY-MM-DD' string goes through the same shift, so
// whether the date is in its tables, and what it says then, is right in every zone; the
// Monday-Friday fallback is done here. getDayDetail() tells the two apart by its `name`: a holiday
// description ("National Day,国庆节,3") for table entries, the English weekday name otherwise.
const WEEKDAY_NAMES: ReadonlySet<string> = new Set([
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
]);

/** true / false when the official schedule lists the date as workday / holiday, null when it does not. */
function officialDayType(localDate: string): boolean | null {
  const detail = chineseDays.getDayDetail(localDate);
  return WEEKDAY_NAMES.has(detail.name) ? null : detail.work;
}

const officialCache = new Map<string, boolean | null>();

function officialDayTypeCached(localDate: string): boolean | null {
  let type = officialCache.get(localDate);
  if (type === undefined) {
    if (officialCache.size >= 100_000) officialCache.clear();
    type = officialDayType(localDate);
    officialCache.set(localDate, type);
  }
  return type;
}

/**
 * The last year whose holiday schedule chinese-days contains, found by probing: a year is
 * covered when both New Year's Day and National Day (official holidays every year) are listed.
 */
export const CHINESE_DAYS_COVERED_THROUGH_YEAR: number = (() => {
  let last = Number.NEGATIVE_INFINITY;
  for (let year = 1990; year <= 2300; year++) {
    if (officialDayType(`${year}-01-01`) === false && officialDayType(`${year}-10-01`) === false) {
      last = year;
    }
  }
  if (!Number.isFinite(last)) throw new Error('chinese-days: no holiday data found');
  return last;
})();

/**
 * China's official working calendar (holidays and 调休 make-up workdays, from chinese-days).
 * Dates in `overrides` win over the official calendar. Outside the package's data,
 * Monday–Friday are workdays.
 */
export function chinaCalendar(overrides: CalendarOverrides = {}): WorkCalendar {
  const extraHolidays = checkedDates(overrides.holidays ?? [], 'holidays');
  const extraWorkdays = checkedDates(overrides.workdays ?? [], 'workdays');
  for (const date of extraHolidays) {
    if (extraWorkdays.has(date)) {
      throw new Error(`chinaCalendar: ${date} is in both overrides.holidays and overrides.workdays`);
    }
  }
  return {
    coveredThroughYear: CHINESE_DAYS_COVERED_THROUGH_YEAR,
    isWorkday(localDate: string): boolean {
      const day = dayNumberOf(localDate); // validates
      if (extraHolidays.has(localDate)) return false;
      if (extraWorkdays.has(localDate)) return true;
      return officialDayTypeCached(localDate) ?? isMondayToFriday(day);
    },
  };
}

/**
 * Monday–Friday, with the city's own holidays and worked weekend days as `overrides` (WORK_CALENDAR=weekends):
 * for cities without an official calendar (New York lists its public holidays in CALENDAR_EXTRA_HOLIDAYS), and tests.
 */
export function weekdayCalendar(overrides: CalendarOverrides = {}): WorkCalendar {
  const extraHolidays = checkedDates(overrides.holidays ?? [], 'holidays', 'weekdayCalendar');
  const extraWorkdays = checkedDates(overrides.workdays ?? [], 'workdays', 'weekdayCalendar');
  for (const date of extraHolidays) {
    if (extraWorkdays.has(date)) throw new Error(`weekdayCalendar: ${date} is in both overrides.holidays and overrides.workdays`);
  }
  return {
    coveredThroughYear: Number.POSITIVE_INFINITY,
    isWorkday(localDate: string): boolean {
      const day = dayNumberOf(localDate); // validates
      if (extraHolidays.has(localDate)) return false;
      if (extraWorkdays.has(localDate)) return true;
      return isMondayToFriday(day);
    },
  };
}

function checkedDates(dates: string[], name: string, owner = 'chinaCalendar'): Set<string> {
  if (!Array.isArray(dates)) throw new Error(`${owner}: overrides.${name} must be an array`);
  for (const date of dates) {
    try {
      dayNumberOf(date);
    } catch {
      throw new Error(`${owner}: overrides.${name}: ${JSON.stringify(date)} is not a YYYY-MM-DD date`);
    }
  }
  return new Set(dates);
}
