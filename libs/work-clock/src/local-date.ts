/**
 * Calendar dates without a time zone ("YYYY-MM-DD"), and day numbers:
 * the day number of a date is the number of days from 1970-01-01 to it
 * (proleptic Gregorian), so arithmetic on dates is arithmetic on integers.
 */

export const MS_PER_DAY = 86_400_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a "YYYY-MM-DD" date; throws for anything else (including 2026-02-30). */
export function dayNumberOf(localDate: string): number {
  const m = typeof localDate === 'string' ? DATE_RE.exec(localDate) : null;
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    const ms = Date.UTC(year, month - 1, day);
    // Date.UTC maps years 0..99 to 1900..1999; reject them together with rolled-over dates.
    const d = new Date(ms);
    if (d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day) {
      return ms / MS_PER_DAY;
    }
  }
  throw new Error(`${JSON.stringify(localDate)} is not a YYYY-MM-DD date`);
}

/** "YYYY-MM-DD" of a day number (years 1000..9999). */
export function localDateOf(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday .. 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** Monday to Friday. */
export function isMondayToFriday(dayNumber: number): boolean {
  const w = weekdayOf(dayNumber);
  return w >= 1 && w <= 5;
}
