import { DateTime } from 'luxon';
import type { RollupGrain } from './rollup-layout';

/**
 * How a report window [from, to) is answered (pure): whole local years from year rows, whole local months from
 * month rows, whole ISO weeks (Monday to Sunday) of what is left from week rows, whole local days from day rows, and
 * what is left at either end (less than a day) from the raw cases. Where the rows a piece needs are not kept, that
 * piece is read raw instead, so the sum is always exactly the window. Coarser rows mean fewer rows per read: two
 * years to today read about 24 buckets per cell instead of 53.
 */

/** Rollup rows with bucket in [from, to) (local dates `YYYY-MM-DD`; null: unbounded). */
export interface RollupPiece {
  kind: 'rollup';
  grain: RollupGrain;
  from: string | null;
  to: string | null;
}

/** Raw cases reported in [from, to) (epoch ms; null: unbounded). */
export interface RawPiece {
  kind: 'raw';
  from: number | null;
  to: number | null;
}

export type WindowPiece = RollupPiece | RawPiece;

/** The bucket dates of an instant at every grain: its local day, the Monday of its ISO week, month and year. */
export interface Buckets {
  day: string;
  week: string;
  month: string;
  year: string;
}

/** Local days, weeks, months and years of one time zone, with their instants cached by the hour (bucketing millions of cases). */
export class LocalCalendar {
  private readonly byHour = new Map<number, Buckets>();
  private readonly starts = new Map<string, number>();
  private readonly startsByDays = new Map<number, number>();

  constructor(readonly timeZone: string) {
    if (!DateTime.local().setZone(timeZone).isValid) throw new Error(`rollups: unknown time zone "${timeZone}"`);
  }

  /** The local day, week, month and year of an instant, as bucket dates. */
  readonly bucketsOf = (ms: number): Buckets => {
    // Cached per UTC hour, unless that hour spans a local midnight (zones with fractional-hour offsets).
    const hour = Math.floor(ms / 3_600_000);
    let hit = this.byHour.get(hour);
    if (!hit) {
      const start = DateTime.fromMillis(hour * 3_600_000, { zone: this.timeZone });
      const end = DateTime.fromMillis(hour * 3_600_000 + 3_599_999, { zone: this.timeZone });
      if (start.toISODate() !== end.toISODate()) return this.exact(ms);
      hit = bucketsOfLocal(start);
      if (this.byHour.size > 200_000) this.byHour.clear();
      this.byHour.set(hour, hit);
    }
    return hit;
  };

  private exact(ms: number): Buckets {
    return bucketsOfLocal(DateTime.fromMillis(ms, { zone: this.timeZone }));
  }

  /** The local midnight starting the day `date` (`YYYY-MM-DD`), epoch ms (cached: day rows repeat their dates). */
  dayStart(date: string): number {
    let ms = this.starts.get(date);
    if (ms === undefined) {
      ms = DateTime.fromISO(date, { zone: this.timeZone }).toMillis();
      if (this.starts.size > 100_000) this.starts.clear();
      this.starts.set(date, ms);
    }
    return ms;
  }

  /** dayStart of the date `days` days after 1970-01-01 (a bucket as RollupRows gives it), cached. */
  dayStartOfDays(days: number): number {
    let ms = this.startsByDays.get(days);
    if (ms === undefined) {
      ms = this.dayStart(new Date(days * 86_400_000).toISOString().slice(0, 10));
      if (this.startsByDays.size > 100_000) this.startsByDays.clear();
      this.startsByDays.set(days, ms);
    }
    return ms;
  }

  /** The first local midnight at or after `ms`. */
  ceilDay(ms: number): number {
    const start = DateTime.fromMillis(ms, { zone: this.timeZone }).startOf('day').toMillis();
    return start === ms ? ms : DateTime.fromMillis(ms, { zone: this.timeZone }).startOf('day').plus({ days: 1 }).toMillis();
  }

  /** The last local midnight at or before `ms`. */
  floorDay(ms: number): number {
    return DateTime.fromMillis(ms, { zone: this.timeZone }).startOf('day').toMillis();
  }

  /** The first local month start at or after the local midnight `ms`. */
  ceilMonth(ms: number): number {
    const start = DateTime.fromMillis(ms, { zone: this.timeZone }).startOf('month').toMillis();
    return start === ms ? ms : DateTime.fromMillis(ms, { zone: this.timeZone }).startOf('month').plus({ months: 1 }).toMillis();
  }

  floorMonth(ms: number): number {
    return this.floor(ms, 'month');
  }

  /** The first local Monday midnight at or after the local midnight `ms`. */
  ceilWeek(ms: number): number {
    return this.ceil(ms, 'week');
  }

  floorWeek(ms: number): number {
    return this.floor(ms, 'week');
  }

  /** The first local 1 January midnight at or after the local midnight `ms`. */
  ceilYear(ms: number): number {
    return this.ceil(ms, 'year');
  }

  floorYear(ms: number): number {
    return this.floor(ms, 'year');
  }

  private floor(ms: number, unit: 'week' | 'month' | 'year'): number {
    return DateTime.fromMillis(ms, { zone: this.timeZone }).startOf(unit).toMillis();
  }

  private ceil(ms: number, unit: 'week' | 'month' | 'year'): number {
    const start = this.floor(ms, unit);
    return start === ms ? ms : DateTime.fromMillis(start, { zone: this.timeZone }).plus({ [`${unit}s`]: 1 }).toMillis();
  }

  /** The bucket date of a local midnight. */
  date(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.timeZone }).toISODate()!;
  }
}

/** Which grains have rows for the query's scheme and category level (weeks and years: none when left out). */
export interface KeptGrains {
  day: boolean;
  month: boolean;
  week?: boolean;
  year?: boolean;
}

type Bound = number | null;
/** A coarser grain's first and last boundary inside [a, b) (null where the range is unbounded). */
type Boundaries = (a: Bound, b: Bound) => [Bound, Bound];

/** The pieces answering [from, to): in time order, contiguous, covering exactly the window. */
export function planWindow(from: number | null, to: number | null, kept: KeptGrains, cal: LocalCalendar): WindowPiece[] {
  const raw = (a: Bound, b: Bound): RawPiece => ({ kind: 'raw', from: a, to: b });
  if (!kept.day && !kept.month && !kept.week && !kept.year) return [raw(from, to)];
  const d1 = from === null ? null : cal.ceilDay(from);
  const d2 = to === null ? null : cal.floorDay(to);
  if (d1 !== null && d2 !== null && d1 >= d2) return [raw(from, to)];
  const pieces: WindowPiece[] = [];
  const rollup = (grain: RollupGrain, a: Bound, b: Bound) => {
    if (a !== null && b !== null && a >= b) return;
    pieces.push({ kind: 'rollup', grain, from: a === null ? null : cal.date(a), to: b === null ? null : cal.date(b) });
  };
  const days = (a: Bound, b: Bound) => {
    if (a !== null && b !== null && a >= b) return;
    if (kept.day) rollup('day', a, b);
    else pieces.push(raw(a, b));
  };
  const bounds = (ceil: (ms: number) => number, floor: (ms: number) => number): Boundaries => (a, b) => [a === null ? null : ceil(a), b === null ? null : floor(b)];
  /**
   * [a, b) as `inner` over the coarser grain's whole units inside it, and `edge` over what is left at either end;
   * all of it by `edge` when the grain is not kept or no whole unit fits. With `a` unbounded the inner piece starts at
   * −∞ and there is no leading edge (likewise at the end).
   */
  const split = (a: Bound, b: Bound, isKept: boolean, units: Boundaries, inner: (a: Bound, b: Bound) => void, edge: (a: Bound, b: Bound) => void) => {
    const [u1, u2] = units(a, b);
    if (!isKept || (u1 !== null && u2 !== null && u1 >= u2)) return edge(a, b);
    if (a !== null) edge(a, u1);
    inner(u1, u2);
    if (b !== null) edge(u2, b);
  };
  const weeksAndDays = (a: Bound, b: Bound) => split(a, b, !!kept.week, bounds((ms) => cal.ceilWeek(ms), (ms) => cal.floorWeek(ms)), (x, y) => rollup('week', x, y), days);
  const months = (a: Bound, b: Bound) => rollup('month', a, b);
  const yearsAndMonths = (a: Bound, b: Bound) => split(a, b, !!kept.year, bounds((ms) => cal.ceilYear(ms), (ms) => cal.floorYear(ms)), (x, y) => rollup('year', x, y), months);
  if (from !== null && d1! > from) pieces.push(raw(from, d1));
  split(d1, d2, kept.month, bounds((ms) => cal.ceilMonth(ms), (ms) => cal.floorMonth(ms)), yearsAndMonths, weeksAndDays);
  if (to !== null && d2! < to) pieces.push(raw(d2, to));
  return mergeRaw(pieces);
}

/** A local day's buckets at every grain. */
function bucketsOfLocal(t: DateTime): Buckets {
  return { day: t.toISODate()!, week: t.startOf('week').toISODate()!, month: `${t.toFormat('yyyy-MM')}-01`, year: `${t.toFormat('yyyy')}-01-01` };
}

/** Adjacent raw pieces as one. */
function mergeRaw(pieces: WindowPiece[]): WindowPiece[] {
  const out: WindowPiece[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (p.kind === 'raw' && last?.kind === 'raw' && last.to === p.from) last.to = p.to;
    else out.push({ ...p });
  }
  return out;
}

/** Whether a bucket date lies in a piece's [from, to). */
export function inPiece(bucket: string, p: RollupPiece): boolean {
  return (p.from === null || bucket >= p.from) && (p.to === null || bucket < p.to);
}
