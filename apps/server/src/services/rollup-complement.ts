import type { RollupGrain } from './rollup-layout';
import { planWindow, type KeptGrains, type LocalCalendar, type WindowPiece } from './rollup-plan';

/**
 * Counting a window by its complement (pure). Counts are sums, so the cases reported in [from, to) are every case,
 * less those reported before `from`, less those reported at or after `to`. Over the whole history that is one year
 * row per cell and year, where the window itself needs ~24 buckets and, for schemes without day rows (H3 10, H3 by
 * category), its trailing weeks raw. Each side is dropped when no case was reported there (the report bounds), so
 * "the last two years" on two years of data is read as "everything" less today.
 */

/** A piece counted with a sign: +1 adds its cases, −1 takes them away. */
export type SignedPiece = WindowPiece & { sign: 1 | -1 };

/** The earliest and latest report instants of all cases (epoch ms), or null when there are none. */
export interface ReportBounds {
  min: number;
  max: number;
}

/** What a raw hour costs against one bucket per cell: a raw day (~24 buckets) reads every case reported that day. */
const RAW_HOUR_COST = 1;

const MEAN_MS: Record<RollupGrain, number> = { day: 86_400_000, week: 7 * 86_400_000, month: 30.44 * 86_400_000, year: 365.25 * 86_400_000 };

/**
 * The cheaper of the window's own pieces and its complement's, each piece signed. Costs count only what lies inside
 * the report bounds: a bucket per grain unit, RAW_HOUR_COST per raw hour. Ties keep the window's own pieces.
 */
export function planCounts(from: number | null, to: number | null, kept: KeptGrains, cal: LocalCalendar, bounds: ReportBounds | null): SignedPiece[] {
  const direct = signed(planWindow(from, to, kept, cal), 1);
  if (!bounds) return direct;
  const complement = [
    ...signed(planWindow(null, null, kept, cal), 1),
    ...(from !== null && bounds.min < from ? signed(planWindow(null, from, kept, cal), -1) : []),
    ...(to !== null && bounds.max >= to ? signed(planWindow(to, null, kept, cal), -1) : []),
  ];
  const best = from !== null || to !== null ? (planCost(complement, bounds, cal) < planCost(direct, bounds, cal) ? complement : direct) : direct;
  // A piece wholly outside the bounds holds no case, whatever the filter: not read at all.
  const inBounds = best.filter((p) => overlap(p, bounds, cal) !== null);
  return inBounds.length ? inBounds : best.slice(0, 1);
}

/** The estimated cost of reading pieces: grain units and raw hours inside the report bounds. */
export function planCost(pieces: readonly WindowPiece[], bounds: ReportBounds, cal: LocalCalendar): number {
  let cost = 0;
  for (const p of pieces) {
    const o = overlap(p, bounds, cal);
    if (o) cost += p.kind === 'raw' ? ((o[1] - o[0]) / 3_600_000) * RAW_HOUR_COST : buckets(p.grain, o[0], o[1], cal);
  }
  return cost;
}

/** The part [lo, hi) of a piece's time inside the report bounds, or null when none is. */
function overlap(p: WindowPiece, bounds: ReportBounds, cal: LocalCalendar): [number, number] | null {
  const [a, b] = p.kind === 'raw' ? [p.from, p.to] : [p.from === null ? null : cal.dayStart(p.from), p.to === null ? null : cal.dayStart(p.to)];
  const lo = Math.max(a ?? -Infinity, bounds.min);
  const hi = Math.min(b ?? Infinity, bounds.max + 1);
  return hi > lo ? [lo, hi] : null;
}

/** How many buckets of a grain [lo, hi) touches: its calendar units from the one holding lo to the one holding hi − 1. */
function buckets(grain: RollupGrain, lo: number, hi: number, cal: LocalCalendar): number {
  const first = cal.floorDay(lo);
  const end = cal.ceilDay(hi);
  const [a, b] =
    grain === 'day' ? [first, end] : grain === 'week' ? [cal.floorWeek(first), cal.ceilWeek(end)] : grain === 'month' ? [cal.floorMonth(first), cal.ceilMonth(end)] : [cal.floorYear(first), cal.ceilYear(end)];
  // Whole units between two boundaries of the grain: their mean length rounds any month or year to the right count.
  return Math.round((b - a) / MEAN_MS[grain]);
}

function signed(pieces: WindowPiece[], sign: 1 | -1): SignedPiece[] {
  return pieces.map((p) => ({ ...p, sign }));
}
