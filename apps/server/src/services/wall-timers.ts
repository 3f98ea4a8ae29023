import type { LimitUnit, TimerColour, TimerCounts } from '@gridlens/contracts';
import { limitMinutes, timerColour, usedMinutes, type TimeLimit, type WorkClock } from '@gridlens/work-clock';
import type { OpenCaseRow } from '../repositories/wall.repository';

/** An open case's timer at `asOf` (names are added by the service). */
export interface OpenCaseTimer {
  row: OpenCaseRow;
  /** Effective deadline (epoch ms), or null while suspended with time left. */
  deadline: number | null;
  usedMinutes: number;
  budgetMinutes: number;
  usedFraction: number;
  limitUnit: LimitUnit;
  colour: TimerColour;
  stopped: boolean;
}

/** Overdue at `asOf` by the KPI rule: deadline passed, unless suspended while it still had time left. */
export function isOverdue(row: Pick<OpenCaseRow, 'deadline' | 'suspendedSince'>, asOf: number): boolean {
  if (row.deadline === null || row.deadline >= asOf) return false;
  return row.suspendedSince === null || row.deadline < row.suspendedSince;
}

/**
 * Open cases gone overdue (the `isOverdue` rule, as the wall's overdue counter) with the deadline in
 * [asOf − windowMs, asOf): newest deadline first, then case id; at most `cap`.
 */
export function newlyOverdueRows(open: readonly OpenCaseRow[], asOf: number, windowMs: number, cap: number): (OpenCaseRow & { deadline: number })[] {
  return open
    .filter((r): r is OpenCaseRow & { deadline: number } => isOverdue(r, asOf) && r.deadline !== null && r.deadline >= asOf - windowMs)
    .sort((a, b) => b.deadline - a.deadline || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0))
    .slice(0, cap);
}

/**
 * The timer of an open registered case, as the case timeline computes it (libs/work-clock): the budget is the
 * limit plus extensions, used time runs from registration to asOf without the suspended time, in the limit's
 * clock. Red is decided by the deadline (exactly the wall's "overdue now", so the two never disagree by a
 * rounding); below it, green while used ≤ 80 % of the budget, yellow above.
 */
export function openCaseTimer(row: OpenCaseRow, limit: TimeLimit, clock: WorkClock, asOf: number): OpenCaseTimer {
  const budget = limitMinutes(limit, row.extensions, clock);
  const used = usedMinutes(
    {
      registeredAt: row.registeredAt,
      limit,
      extensions: row.extensions,
      suspensions: row.suspensions.map(([start, end]) => ({ start, end })),
      now: Math.max(asOf, row.registeredAt),
      suspendedSince: row.suspendedSince,
    },
    clock,
  );
  const overdue = isOverdue(row, asOf);
  const colour: TimerColour = overdue ? 'red' : timerColour(used, budget) === 'green' ? 'green' : 'yellow';
  const stoppedWithTimeLeft = row.suspendedSince !== null && row.deadline !== null && row.deadline >= row.suspendedSince;
  return {
    row,
    deadline: stoppedWithTimeLeft ? null : row.deadline,
    usedMinutes: used,
    budgetMinutes: budget,
    usedFraction: budget > 0 ? used / budget : overdue ? Infinity : 0,
    limitUnit: limit.unit,
    colour,
    stopped: row.suspendedSince !== null,
  };
}

const RANK: Record<TimerColour, number> = { red: 0, yellow: 1, green: 2 };

/** Most urgent first: overdue first, then the larger used fraction, then the earlier deadline, then case id. */
export function byUrgency(a: OpenCaseTimer, b: OpenCaseTimer): number {
  return (
    RANK[a.colour] - RANK[b.colour] ||
    b.usedFraction - a.usedFraction ||
    (a.deadline ?? Infinity) - (b.deadline ?? Infinity) ||
    (a.row.caseId < b.row.caseId ? -1 : a.row.caseId > b.row.caseId ? 1 : 0)
  );
}

export const zeroColours = (): TimerCounts => ({ green: 0, yellow: 0, red: 0 });

export function countColours(timers: readonly OpenCaseTimer[]): TimerCounts {
  const counts = zeroColours();
  for (const t of timers) counts[t.colour]++;
  return counts;
}

/** Colour counts per key (department or district); a null key is grouped under `none`. */
export function coloursBy(timers: readonly OpenCaseTimer[], key: (t: OpenCaseTimer) => string | null, none: string): Map<string, TimerCounts> {
  const groups = new Map<string, TimerCounts>();
  for (const t of timers) {
    const k = key(t) ?? none;
    const counts = groups.get(k) ?? zeroColours();
    counts[t.colour]++;
    groups.set(k, counts);
  }
  return groups;
}

const MINUTE = 60_000;
const BLOCK = 15 * MINUTE;

/**
 * The working periods of the clock from `from` over the next `hours` hours, as [start, end) instants (the first
 * starts at `from` when `from` is inside one). Working periods begin and end on whole minutes: blocks of 15
 * minutes wholly working or wholly not are taken at once, the others minute by minute.
 */
export function workingWindows(clock: WorkClock, from: number, hours: number): { start: number; end: number }[] {
  const windows: { start: number; end: number }[] = [];
  const last = from + hours * 3600_000;
  let open: number | null = null;
  const mark = (t: number, working: boolean) => {
    if (working && open === null) open = Math.max(t, from);
    if (!working && open !== null) {
      windows.push({ start: open, end: t });
      open = null;
    }
  };
  for (let b = Math.floor(from / MINUTE) * MINUTE; b < last; b += BLOCK) {
    const minutes = clock.workingMinutesBetween(b, b + BLOCK);
    if (minutes === 0 || minutes === BLOCK / MINUTE) mark(b, minutes > 0);
    else for (let m = b; m < b + BLOCK; m += MINUTE) mark(m, clock.workingMinutesBetween(m, m + MINUTE) > 0);
  }
  if (open !== null) windows.push({ start: open, end: last });
  return windows.map((w) => ({ start: w.start, end: Math.min(w.end, last) })).filter((w) => w.end > w.start);
}
