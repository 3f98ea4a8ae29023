/** A working period of a workday, in local wall-clock minutes after midnight (0..1440). */
export interface WorkPeriod {
  startMinute: number;
  endMinute: number;
}

/** 08:30–12:00 and 13:30–17:30: 7.5 working hours a day, the usual 数字城管 office hours. */
export const DEFAULT_WORKING_HOURS = '08:30-12:00,13:30-17:30';

const MINUTES_PER_DAY = 1440;
const PERIOD_RE = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;

/**
 * Parses a WORKING_HOURS spec such as "08:30-12:00,13:30-17:30".
 * Hours are 00..24 ("24:00" is allowed as an end), minutes 00..59.
 * Periods must be listed in order and must not overlap (touching is allowed).
 * Throws an Error naming the offending part.
 */
export function parseWorkingHours(spec: string): WorkPeriod[] {
  if (typeof spec !== 'string' || spec.trim() === '') {
    throw new Error(`WORKING_HOURS: no working periods in ${JSON.stringify(String(spec ?? ''))}`);
  }
  const periods: WorkPeriod[] = [];
  const parts = spec.split(',').map((p) => p.trim());
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const period = parsePeriod(part);
    const prev = periods[periods.length - 1];
    if (prev && period.startMinute < prev.endMinute) {
      throw new Error(
        `WORKING_HOURS: "${part}" overlaps or comes before "${parts[i - 1]}"; ` +
          'periods must be in order and must not overlap',
      );
    }
    periods.push(period);
  }
  return periods;
}

function parsePeriod(part: string): WorkPeriod {
  const bad = (why = '') =>
    new Error(`WORKING_HOURS: "${part}" is not HH:MM-HH:MM within a day${why}`);
  const m = PERIOD_RE.exec(part);
  if (!m) throw bad();
  const startMinute = toMinute(m[1], m[2]);
  const endMinute = toMinute(m[3], m[4]);
  if (startMinute === null || endMinute === null || startMinute >= MINUTES_PER_DAY) throw bad();
  if (startMinute >= endMinute) throw bad(' (the end must be after the start)');
  return { startMinute, endMinute };
}

function toMinute(hh: string, mm: string): number | null {
  const h = Number(hh);
  const m = Number(mm);
  if (m > 59 || h > 24 || (h === 24 && m !== 0)) return null;
  return h * 60 + m;
}

/** Formats minutes after midnight as HH:MM (for messages). */
export function formatMinute(minute: number): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * Checks periods built by hand (not via parseWorkingHours): integer minutes within
 * 0..1440, start < end, sorted, non-overlapping, at least one. Throws otherwise.
 */
export function assertValidPeriods(periods: readonly WorkPeriod[]): void {
  if (!Array.isArray(periods) || periods.length === 0) {
    throw new Error('WorkClock: at least one working period is required');
  }
  let prevEnd = -1;
  for (const p of periods) {
    const ok =
      p !== null &&
      typeof p === 'object' &&
      Number.isInteger(p.startMinute) &&
      Number.isInteger(p.endMinute) &&
      p.startMinute >= 0 &&
      p.endMinute <= MINUTES_PER_DAY &&
      p.startMinute < p.endMinute;
    if (!ok) {
      throw new Error(`WorkClock: invalid working period ${JSON.stringify(p)}`);
    }
    if (p.startMinute < prevEnd) {
      throw new Error(
        `WorkClock: working period ${formatMinute(p.startMinute)}-${formatMinute(p.endMinute)} ` +
          'overlaps or comes before the previous one',
      );
    }
    prevEnd = p.endMinute;
  }
}
