import { DateTime } from 'luxon';
import type { RollupGrain } from './rollup-layout';

/**
 * How a report window [from, to) is answered (pure): whole local months from month rows, whole local days from
 * day rows, and what is left at either end (less than a day) from the raw cases. Where the rows a piece needs are
 * not kept, that piece is read raw instead, so the sum is always exactly the window.
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

/** Local days and months of one time zone, with their instants cached by the hour (bucketing millions of cases). */
export class LocalCalendar {
  private readonly byHour = new Map<number, { day: string; month: string }>();
  private readonly starts = new Map<string, number>();

  constructor(readonly timeZone: string) {
    if (!DateTime.local().setZone(timeZone).isValid) throw new Error(`rollups: unknown time zone "${timeZone}"`);
  }

  /** The local day and month of an instant, as bucket dates. */
  readonly bucketsOf = (ms: number): { day: string; month: string } => {
    // Cached per UTC hour, unless that hour spans a local midnight (zones with fractional-hour offsets).
    const hour = Math.floor(ms / 3_600_000);
    let hit = this.byHour.get(hour);
    if (!hit) {
      const start = DateTime.fromMillis(hour * 3_600_000, { zone: this.timeZone });
      const end = DateTime.fromMillis(hour * 3_600_000 + 3_599_999, { zone: this.timeZone });
      if (start.toISODate() !== end.toISODate()) return this.exact(ms);
      hit = { day: start.toISODate()!, month: `${start.toFormat('yyyy-MM')}-01` };
      if (this.byHour.size > 200_000) this.byHour.clear();
      this.byHour.set(hour, hit);
    }
    return hit;
  };

  private exact(ms: number): { day: string; month: string } {
    const t = DateTime.fromMillis(ms, { zone: this.timeZone });
    return { day: t.toISODate()!, month: `${t.toFormat('yyyy-MM')}-01` };
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
    return DateTime.fromMillis(ms, { zone: this.timeZone }).startOf('month').toMillis();
  }

  /** The bucket date of a local midnight. */
  date(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.timeZone }).toISODate()!;
  }
}

/** Which grains have rows for the query's scheme and category level. */
export interface KeptGrains {
  day: boolean;
  month: boolean;
}

/** The pieces answering [from, to): in time order, contiguous, covering exactly the window. */
export function planWindow(from: number | null, to: number | null, kept: KeptGrains, cal: LocalCalendar): WindowPiece[] {
  const raw = (a: number | null, b: number | null): RawPiece => ({ kind: 'raw', from: a, to: b });
  if (!kept.day && !kept.month) return [raw(from, to)];
  const d1 = from === null ? null : cal.ceilDay(from);
  const d2 = to === null ? null : cal.floorDay(to);
  if (d1 !== null && d2 !== null && d1 >= d2) return [raw(from, to)];
  const pieces: WindowPiece[] = [];
  if (from !== null && d1! > from) pieces.push(raw(from, d1));
  const days = (a: number | null, b: number | null) => {
    if (a !== null && b !== null && a >= b) return;
    pieces.push(kept.day ? { kind: 'rollup', grain: 'day', from: a === null ? null : cal.date(a), to: b === null ? null : cal.date(b) } : raw(a, b));
  };
  const m1 = d1 === null ? null : cal.ceilMonth(d1);
  const m2 = d2 === null ? null : cal.floorMonth(d2);
  if (kept.month && (m1 === null || m2 === null || m1 < m2)) {
    // With `from` unbounded the month piece starts at −∞ and there are no leading days (likewise at the end).
    if (d1 !== null) days(d1, m1);
    pieces.push({ kind: 'rollup', grain: 'month', from: m1 === null ? null : cal.date(m1), to: m2 === null ? null : cal.date(m2) });
    if (d2 !== null) days(m2, d2);
  } else {
    days(d1, d2);
  }
  if (to !== null && d2! < to) pieces.push(raw(d2, to));
  return mergeRaw(pieces);
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
