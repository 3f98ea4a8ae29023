import { DateTime } from 'luxon';
import type { WorkCalendar } from './calendar';
import { type Interval, MS_PER_MINUTE, minutesToMs, normalizeIntervals } from './intervals';
import { MS_PER_DAY, localDateOf } from './local-date';
import { type WorkPeriod, assertValidPeriods } from './working-hours';

export type { Interval } from './intervals';

export interface WorkClockOptions {
  /** IANA time zone of the city, e.g. 'Asia/Shanghai'. */
  timeZone: string;
  /** Working periods of a workday, local wall-clock time (see parseWorkingHours). */
  periods: WorkPeriod[];
  calendar: WorkCalendar;
}

/** One local date, as epoch ms: [start, end) is the whole day, windows its working time. */
interface DayInfo {
  /** Local midnight (the first instant of the date). */
  readonly start: number;
  /** Next local midnight. */
  readonly end: number;
  /** Working windows [s0, e0, s1, e1, ...], sorted, non-overlapping; empty on non-workdays. */
  readonly windows: readonly number[];
}

/** Give up when this many consecutive dates have no working time (a calendar without workdays). */
const MAX_DAYS_WITHOUT_WORK = 3660;
/** Bound on cached dates per clock (about 270 years); the cache is simply dropped when full. */
const MAX_CACHED_DAYS = 100_000;

/**
 * Working time in a city: local working periods on the calendar's workdays, in the city's
 * time zone. Instants are epoch ms; durations are minutes (possibly fractional).
 *
 * Per local date the clock caches the date's local midnight and its working windows as epoch-ms
 * intervals, so luxon and the calendar are consulted once per date, not per call.
 * Working time is real elapsed time inside the windows: a period spanning a DST switch is an
 * hour shorter or longer that day. A wall-clock time that does not exist (spring forward) is read
 * with the offset before the switch; an ambiguous one (fall back) as luxon reads it (the later).
 */
export class WorkClock {
  readonly timeZone: string;
  readonly periods: readonly WorkPeriod[];
  readonly calendar: WorkCalendar;
  /** Working minutes of a workday, from the local periods (450 for 08:30-12:00,13:30-17:30). */
  readonly minutesPerWorkday: number;

  private readonly midnights = new Map<number, number>();
  private readonly days = new Map<number, DayInfo>();
  /** UTC offset (ms) of the last date looked up: the first guess for the next instant's date. */
  private offsetGuess = 0;

  constructor(options: WorkClockOptions) {
    const { timeZone, periods, calendar } = options;
    if (typeof timeZone !== 'string' || !DateTime.fromMillis(0, { zone: timeZone }).isValid) {
      throw new Error(`WorkClock: unknown time zone ${JSON.stringify(timeZone)}`);
    }
    assertValidPeriods(periods);
    if (!calendar || typeof calendar.isWorkday !== 'function') {
      throw new Error('WorkClock: a calendar with isWorkday(localDate) is required');
    }
    this.timeZone = timeZone;
    this.periods = periods.map((p) => ({ startMinute: p.startMinute, endMinute: p.endMinute }));
    this.calendar = calendar;
    this.minutesPerWorkday = this.periods.reduce((sum, p) => sum + p.endMinute - p.startMinute, 0);
  }

  /** Working minutes in [from, to), not counting any instant inside `excluded` intervals. */
  workingMinutesBetween(from: number, to: number, excluded?: Interval[]): number {
    assertInstant(from, 'from');
    assertInstant(to, 'to');
    if (!(to > from)) return 0;
    const ex = normalizeIntervals(excluded, from);
    let k = 0;
    let totalMs = 0;
    for (let d = this.dayNumberAt(from); ; d++) {
      const day = this.day(d);
      if (day.start >= to) break;
      const w = day.windows;
      for (let i = 0; i < w.length; i += 2) {
        const s = w[i] > from ? w[i] : from;
        const e = w[i + 1] < to ? w[i + 1] : to;
        if (e <= s) continue;
        totalMs += e - s;
        while (k < ex.length && ex[k].end <= s) k++;
        for (let j = k; j < ex.length && ex[j].start < e; j++) {
          const xs = ex[j].start > s ? ex[j].start : s;
          const xe = ex[j].end < e ? ex[j].end : e;
          totalMs -= xe - xs;
        }
      }
    }
    return totalMs / MS_PER_MINUTE;
  }

  /**
   * The earliest instant t >= from at which workingMinutesBetween(from, t, excluded) === minutes.
   * minutes 0 -> from. A budget that runs out exactly at the end of a working period ends there
   * (12:00, not 13:30). Fractional minutes that are not a whole number of ms are rounded up to
   * the next ms.
   */
  addWorkingMinutes(from: number, minutes: number, excluded?: Interval[]): number {
    assertInstant(from, 'from');
    let remaining = minutesToMs(minutes);
    if (remaining === 0) return from;
    const ex = normalizeIntervals(excluded, from);
    let k = 0;
    let daysWithoutWork = 0;
    for (let d = this.dayNumberAt(from); ; d++) {
      const w = this.day(d).windows;
      if (w.length === 0) {
        if (++daysWithoutWork > MAX_DAYS_WITHOUT_WORK) {
          throw new Error(`WorkClock: no working time in ${MAX_DAYS_WITHOUT_WORK} consecutive days`);
        }
        continue;
      }
      daysWithoutWork = 0;
      for (let i = 0; i < w.length; i += 2) {
        const e = w[i + 1];
        if (e <= from) continue;
        let s = w[i] > from ? w[i] : from;
        while (s < e) {
          while (k < ex.length && ex[k].end <= s) k++;
          let segEnd = e;
          if (k < ex.length) {
            const x = ex[k];
            if (x.start <= s) {
              s = x.end; // inside an excluded interval: skip to its end
              continue;
            }
            if (x.start < e) segEnd = x.start;
          }
          const len = segEnd - s;
          if (remaining <= len) return s + remaining;
          remaining -= len;
          s = segEnd;
        }
      }
    }
  }

  /** The local date ("YYYY-MM-DD") of an instant in the clock's time zone. */
  localDateAt(instant: number): string {
    assertInstant(instant, 'instant');
    return localDateOf(this.dayNumberAt(instant));
  }

  /** Day number (days since 1970-01-01) of the local date containing `t`. */
  private dayNumberAt(t: number): number {
    let d = Math.floor((t + this.offsetGuess) / MS_PER_DAY);
    let day = this.day(d);
    while (t < day.start) day = this.day(--d);
    while (t >= day.end) day = this.day(++d);
    this.offsetGuess = d * MS_PER_DAY - day.start;
    return d;
  }

  private day(d: number): DayInfo {
    let info = this.days.get(d);
    if (info === undefined) {
      if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
      info = this.buildDay(d);
      this.days.set(d, info);
    }
    return info;
  }

  private buildDay(d: number): DayInfo {
    const start = this.midnight(d);
    const end = this.midnight(d + 1);
    const windows: number[] = [];
    if (this.calendar.isWorkday(localDateOf(d))) {
      // Same UTC offset at both midnights: no DST switch that day, local minute m is start + m min.
      const noSwitch = d * MS_PER_DAY - start === (d + 1) * MS_PER_DAY - end;
      let prevEnd = start;
      for (const p of this.periods) {
        let s = noSwitch ? start + p.startMinute * MS_PER_MINUTE : this.wallTime(d, p.startMinute);
        let e = noSwitch ? start + p.endMinute * MS_PER_MINUTE : this.wallTime(d, p.endMinute);
        if (s < prevEnd) s = prevEnd;
        if (e > end) e = end;
        if (e > s) {
          windows.push(s, e);
          prevEnd = e;
        }
      }
    }
    return { start, end, windows };
  }

  /** Epoch ms of local midnight starting date `d` (its first instant, if midnight is skipped). */
  private midnight(d: number): number {
    let ms = this.midnights.get(d);
    if (ms === undefined) {
      if (this.midnights.size >= MAX_CACHED_DAYS) this.midnights.clear();
      ms = this.wallTime(d, 0);
      this.midnights.set(d, ms);
    }
    return ms;
  }

  /** Epoch ms of local wall-clock `minute` (0..1440) on date `d`. */
  private wallTime(d: number, minute: number): number {
    if (minute >= 1440) return this.midnight(d + 1);
    const date = new Date(d * MS_PER_DAY);
    const dt = DateTime.fromObject(
      {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour: Math.floor(minute / 60),
        minute: minute % 60,
      },
      { zone: this.timeZone },
    );
    if (!dt.isValid) {
      throw new Error(`WorkClock: cannot place ${localDateOf(d)} in ${this.timeZone}: ${dt.invalidExplanation}`);
    }
    return dt.toMillis();
  }
}

function assertInstant(t: number, name: string): void {
  if (!Number.isFinite(t)) throw new RangeError(`WorkClock: ${name} must be epoch ms, got ${t}`);
}
