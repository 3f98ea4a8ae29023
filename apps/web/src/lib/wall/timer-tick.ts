/**
 * Ticking a case's timer between frames, in the browser: the server sends, at `asOf`, the minutes used of the
 * budget (in the limit's own clock) and the working periods ahead; the client adds the time elapsed since, counted
 * the way the limit counts it (working periods only for working hours/days, all time for plain hours, none while
 * suspended). Each new frame replaces the base, so any drift is corrected within one frame.
 */
import type { LimitUnit } from '@gridlens/contracts';
import type { TimerColour } from './colour-scales';

export interface TimerBase {
  usedMinutes: number;
  budgetMinutes: number;
  limitUnit: LimitUnit;
  /** Suspended: the clock does not move. */
  stopped: boolean;
  /** Effective deadline (ISO) or null (stopped with time left). */
  deadline: string | null;
}

export interface Window {
  start: string;
  end: string;
}

export interface TickedTimer {
  usedMinutes: number;
  /** used / budget (Infinity when the budget is 0 and time was used). */
  fraction: number;
  colour: TimerColour;
  /** Minutes of the budget left (negative = overdue by that much), in the limit's clock. */
  remainingMinutes: number;
}

/** Milliseconds of [from, to) inside the windows (sorted or not; overlapping windows are not expected). */
export function overlapMs(windows: readonly Window[], from: number, to: number): number {
  if (!(to > from)) return 0;
  let total = 0;
  for (const w of windows) {
    const start = Math.max(from, Date.parse(w.start));
    const end = Math.min(to, Date.parse(w.end));
    if (end > start) total += end - start;
  }
  return total;
}

/** The 数字城管 timer colour: green while ≤ 80 % of the limit is used, yellow up to 100 %, red past it. */
export function colourOf(usedMinutes: number, budgetMinutes: number): TimerColour {
  if (budgetMinutes <= 0) return usedMinutes > 0 ? 'red' : 'green';
  const share = usedMinutes / budgetMinutes;
  return share <= 0.8 ? 'green' : share <= 1 ? 'yellow' : 'red';
}

/**
 * The timer at `now` from its base at `asOf`. Working-time limits advance inside `windows` (the server's working
 * periods from asOf on); `hours` limits advance with the wall clock; a stopped timer stays.
 */
export function tickTimer(base: TimerBase, asOf: number, now: number, windows: readonly Window[]): TickedTimer {
  let used = base.usedMinutes;
  if (!base.stopped && now > asOf) {
    used += (base.limitUnit === 'hours' ? now - asOf : overlapMs(windows, asOf, now)) / 60_000;
  }
  const fraction = base.budgetMinutes > 0 ? used / base.budgetMinutes : used > 0 ? Infinity : 0;
  return { usedMinutes: used, fraction, colour: colourOf(used, base.budgetMinutes), remainingMinutes: base.budgetMinutes - used };
}

/**
 * Without working periods (the wall's list), the deadline instant still tells exactly when a running timer goes
 * red; before that the frame's colour stands. Used for the wall's most urgent cases.
 */
export function colourByDeadline(base: TimerBase & { colour: TimerColour }, now: number): TimerColour {
  if (base.stopped || base.deadline === null) return base.colour;
  return now > Date.parse(base.deadline) ? 'red' : base.colour;
}

/** Milliseconds to (positive) or past (negative) the deadline; null without one. */
export function msToDeadline(deadline: string | null, now: number): number | null {
  return deadline === null ? null : Date.parse(deadline) - now;
}

/** A wall-clock countdown "1:05:09" / "12:04" (minutes:seconds under an hour), days as "2天 3:04:05" / "2d 3:04:05". */
export function formatCountdown(ms: number, language: 'zh' | 'en'): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = d || h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
  return d ? `${d}${language === 'zh' ? '天' : 'd'} ${clock}` : clock;
}

/** A deadline for a list: "17:30" on the same local day as `now`, else "11-30 10:30" (city time zone). */
export function deadlineLabel(deadline: string, now: number, timeZone: string): string {
  const parts = (ms: number) => {
    const p = new Intl.DateTimeFormat('en-GB', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(ms));
    const get = (type: string) => p.find((x) => x.type === type)?.value ?? '';
    return { day: `${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
  };
  const d = parts(Date.parse(deadline));
  return d.day === parts(now).day ? d.time : `${d.day} ${d.time}`;
}
