import { type Interval, addElapsedMinutes, elapsedMinutesBetween } from './intervals';
import type { WorkClock } from './work-clock';

export type LimitUnit = 'working_hours' | 'working_days' | 'hours';

/** A time limit from the command manual: e.g. 4 working hours, 5 working days, 36 hours. */
export interface TimeLimit {
  amount: number;
  unit: LimitUnit;
}

/** An approved extension, added to the limit in the limit's own clock. */
export interface Extension {
  days: number;
  hours: number;
  minutes: number;
}

export interface DeadlineInput {
  /** Registration (立案) instant, epoch ms: the clock starts here (or at the next working period). */
  registeredAt: number;
  limit: TimeLimit;
  /** Approved extensions, in order. */
  extensions: Extension[];
  /** Completed suspensions (suspended..resumed); the clock is stopped inside them. */
  suspensions: Interval[];
}

export interface UsageInput extends DeadlineInput {
  now: number;
  /** Start of an ongoing suspension, if the case is suspended now. */
  suspendedSince?: number | null;
}

const MINUTES_PER_CALENDAR_DAY = 1440;

/**
 * Total budget in the limit's own clock, in minutes.
 * working_hours: amount*60; working_days: amount*minutesPerWorkday; hours: amount*60 wall-clock.
 * Each extension adds days*minutesPerWorkday + hours*60 + minutes for working units,
 * days*1440 + hours*60 + minutes for 'hours'.
 */
export function limitMinutes(limit: TimeLimit, ext: Extension[], clock: WorkClock): number {
  checkNonNegative(limit?.amount, 'limit.amount');
  const dayMinutes = isWorkingUnit(limit.unit) ? clock.minutesPerWorkday : MINUTES_PER_CALENDAR_DAY;
  let total = limit.unit === 'working_days' ? limit.amount * clock.minutesPerWorkday : limit.amount * 60;
  for (const e of ext ?? []) {
    checkNonNegative(e?.days, 'extension.days');
    checkNonNegative(e.hours, 'extension.hours');
    checkNonNegative(e.minutes, 'extension.minutes');
    total += e.days * dayMinutes + e.hours * 60 + e.minutes;
  }
  return total;
}

/** The deadline (epoch ms): the instant the limit's budget, net of suspensions, is used up. */
export function computeDeadline(input: DeadlineInput, clock: WorkClock): number {
  const budget = limitMinutes(input.limit, input.extensions, clock);
  return isWorkingUnit(input.limit.unit)
    ? clock.addWorkingMinutes(input.registeredAt, budget, input.suspensions)
    : addElapsedMinutes(input.registeredAt, budget, input.suspensions);
}

/**
 * Minutes of the limit's clock used from registeredAt to now, not counting completed
 * suspensions nor an ongoing one since `suspendedSince`. Compare with limitMinutes().
 */
export function usedMinutes(input: UsageInput, clock: WorkClock): number {
  const { registeredAt, now, suspendedSince } = input;
  let excluded = input.suspensions;
  if (suspendedSince !== null && suspendedSince !== undefined && suspendedSince < now) {
    excluded = [...(excluded ?? []), { start: suspendedSince, end: now }];
  }
  if (isWorkingUnit(input.limit.unit)) {
    return clock.workingMinutesBetween(registeredAt, now, excluded);
  }
  if (input.limit.unit !== 'hours') throw unknownUnit(input.limit.unit);
  return elapsedMinutesBetween(registeredAt, now, excluded);
}

function isWorkingUnit(unit: LimitUnit): boolean {
  if (unit === 'working_hours' || unit === 'working_days') return true;
  if (unit === 'hours') return false;
  throw unknownUnit(unit);
}

function unknownUnit(unit: unknown): Error {
  return new Error(`unknown time limit unit ${JSON.stringify(unit)}`);
}

function checkNonNegative(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  }
}
