/**
 * The dashboard's time windows as calendar days in the city's time zone, computed with Intl (no date library in
 * the bundle). "today" = [local midnight, next local midnight); "7d" = today and the 6 days before; "30d" likewise;
 * "custom" = whole days from `from` to `to`, both included.
 */

export const WINDOW_KINDS = ['today', '7d', '30d', 'custom'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** A calendar day, `YYYY-MM-DD` (the value of an `<input type="date">`). */
export type DayString = string;

export interface Range {
  /** ISO-8601 instants (UTC, `Z`), [from, to). */
  from: string;
  to: string;
}

export type RangeResult = { ok: true; range: Range } | { ok: false; field: 'from' | 'to'; error: 'missing' | 'invalid' | 'order' };

const DAYS: Record<Exclude<WindowKind, 'custom'>, number> = { today: 1, '7d': 7, '30d': 30 };

export function isWindowKind(value: unknown): value is WindowKind {
  return (WINDOW_KINDS as readonly unknown[]).includes(value);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a time zone. */
function wallClock(ms: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const fields: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(new Date(ms))) if (p.type !== 'literal') fields[p.type] = Number(p.value);
  return { year: fields.year, month: fields.month, day: fields.day, hour: fields.hour, minute: fields.minute, second: fields.second };
}

/** How far the zone's wall clock is ahead of UTC at an instant (ms; +8 h for Asia/Shanghai). */
function offsetMs(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/** True for a time zone Intl knows. */
export function isTimeZone(value: string): boolean {
  try {
    partsFormatter(value);
    return true;
  } catch {
    return false;
  }
}

/** The calendar day of an instant in the zone. */
export function dayOf(ms: number, timeZone: string): DayString {
  const w = wallClock(ms, timeZone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

function parseDay(day: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const [year, month, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, d));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== d) return null;
  return { year, month, day: d };
}

/** `day` plus `n` days (n may be negative). */
export function addDays(day: DayString, n: number): DayString {
  const p = parseDay(day);
  if (!p) throw new Error(`not a day: ${day}`);
  return new Date(Date.UTC(p.year, p.month - 1, p.day + n)).toISOString().slice(0, 10);
}

/** The instant the day starts in the zone (its local midnight; the first instant of the day where DST skips it). */
export function startOfDay(day: DayString, timeZone: string): number {
  const p = parseDay(day);
  if (!p) throw new Error(`not a day: ${day}`);
  const wall = Date.UTC(p.year, p.month - 1, p.day);
  let guess = wall - offsetMs(wall, timeZone);
  guess = wall - offsetMs(guess, timeZone);
  // Where midnight does not exist (a DST jump at 00:00) the guess lands on the previous day: step to the next hour.
  while (dayOf(guess, timeZone) !== day) guess += 3600_000;
  return guess;
}

/** Milliseconds from `now` until the next local midnight. */
export function msUntilNextMidnight(now: number, timeZone: string): number {
  return startOfDay(addDays(dayOf(now, timeZone), 1), timeZone) - now;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The [from, to) range of a preset window at `now`. */
export function presetRange(kind: Exclude<WindowKind, 'custom'>, now: number, timeZone: string): Range {
  const today = dayOf(now, timeZone);
  return { from: iso(startOfDay(addDays(today, 1 - DAYS[kind]), timeZone)), to: iso(startOfDay(addDays(today, 1), timeZone)) };
}

/** The range of a custom window of whole days, `from` and `to` included; an error names the field. */
export function customRange(from: string, to: string, timeZone: string): RangeResult {
  if (!from) return { ok: false, field: 'from', error: 'missing' };
  if (!parseDay(from)) return { ok: false, field: 'from', error: 'invalid' };
  if (!to) return { ok: false, field: 'to', error: 'missing' };
  if (!parseDay(to)) return { ok: false, field: 'to', error: 'invalid' };
  if (to < from) return { ok: false, field: 'to', error: 'order' };
  return { ok: true, range: { from: iso(startOfDay(from, timeZone)), to: iso(startOfDay(addDays(to, 1), timeZone)) } };
}

/** The range of any window, or why a custom one is not valid. */
export function windowRange(kind: WindowKind, now: number, timeZone: string, custom: { from: string; to: string }): RangeResult {
  if (kind !== 'custom') return { ok: true, range: presetRange(kind, now, timeZone) };
  return customRange(custom.from, custom.to, timeZone);
}
