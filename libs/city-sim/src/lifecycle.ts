import type { CaseSource } from '@gridlens/contracts';
import { type WorkClock, limitMinutes } from '@gridlens/work-clock';
import { SELF_HANDLEABLE, type SimCategory } from './catalogue';
import type { Rng } from './rng';

/** One step of a case after it was reported; `at` is epoch ms (whole seconds, strictly increasing). */
export type LifecycleStep =
  | { type: 'verified' | 'registered' | 'handled' | 'checked' | 'closed' | 'suspended' | 'resumed' | 'voided'; at: number }
  | { type: 'dispatched' | 'returned' | 'rework'; at: number; department: string }
  | { type: 'extended'; at: number; extendBy: string };

/** Probabilities of the side flows. Defaults give proportions like published city statistics. */
export interface LifecycleRates {
  /** A non-inspector report found invalid on verification and voided (不予立案). */
  invalidReport: number;
  /** A registered case voided afterwards (wrongly registered: counts against 准确立案率). */
  voidAfterRegistration: number;
  /** An inspector's report of a trivial problem fixed on the spot (自处理: registered → closed). */
  selfHandle: number;
  /** First dispatch to the wrong department, which returns it (回退). */
  misdispatch: number;
  /** The on-site check fails (返工), per check. */
  rework: number;
  /** The case is put on hold (挂账) while the department works on it. */
  suspend: number;
  /** A department that is running late asks for an extension (延期). */
  extendWhenLate: number;
}

export const DEFAULT_LIFECYCLE_RATES: LifecycleRates = {
  invalidReport: 0.07,
  voidAfterRegistration: 0.015,
  selfHandle: 0.35,
  misdispatch: 0.05,
  rework: 0.06,
  suspend: 0.03,
  extendWhenLate: 0.3,
};

export interface LifecycleInput {
  reportedAt: number;
  source: CaseSource;
  category: SimCategory;
  /** Median handling time of the department as a fraction of the category's limit (its speed). */
  departmentPace: number;
  /** Departments a case can be wrongly dispatched to. */
  departments: readonly string[];
  clock: WorkClock;
  rates: LifecycleRates;
  rng: Rng;
}

const SECOND = 1000;
const MINUTE = 60_000;

/**
 * The whole life of one case after `reported`, planned at once: supervision and command centre steps in working
 * time (round the clock for emergencies), department handling drawn log-normally around its pace × the limit so
 * that some cases run over, and the side flows at the given rates. Valid under the workflow's transition table.
 */
export function planLifecycle(input: LifecycleInput): LifecycleStep[] {
  const { source, category, clock, rates, rng } = input;
  const steps: LifecycleStep[] = [];
  const wallClock = category.emergency || category.timeLimit.unit === 'hours';
  /** A supervision / command centre step: log-normal around `median` minutes. */
  const centre = (t: number, median: number) =>
    wallClock ? t + rng.logNormal(median / 4, 0.5) * MINUTE : clock.addWorkingMinutes(t, rng.logNormal(median, 0.6));
  /** `minutes` of the category's own clock after t, skipping `excluded` spans. */
  const limitClock = (t: number, minutes: number, excluded: { start: number; end: number }[] = []) =>
    category.timeLimit.unit === 'hours'
      ? t + minutes * MINUTE + excluded.reduce((s, e) => s + (e.end - e.start), 0)
      : clock.addWorkingMinutes(t, minutes, excluded);

  let t = input.reportedAt;
  if (source !== 'inspector') {
    if (rng.chance(rates.invalidReport)) {
      steps.push({ type: 'voided', at: (t = centre(t, 45)) });
      return finish(steps, input.reportedAt);
    }
    steps.push({ type: 'verified', at: (t = centre(t, 35)) });
  }
  steps.push({ type: 'registered', at: (t = centre(t, 8)) });

  if (source === 'inspector' && SELF_HANDLEABLE.has(category.code) && rng.chance(rates.selfHandle)) {
    steps.push({ type: 'closed', at: (t = t + rng.logNormal(12, 0.5) * MINUTE) });
    return finish(steps, input.reportedAt);
  }
  if (rng.chance(rates.voidAfterRegistration)) {
    steps.push({ type: 'voided', at: (t = centre(t, 60)) });
    return finish(steps, input.reportedAt);
  }

  const budget = limitMinutes(category.timeLimit, [], clock);
  /** Steps on the clock go faster for short limits (a 2-hour case is dispatched and checked in minutes). */
  const quick = Math.min(1, budget / 480);

  const department = category.department;
  const others = input.departments.filter((d) => d !== department);
  if (others.length > 0 && rng.chance(rates.misdispatch)) {
    const wrong = rng.pick(others);
    steps.push({ type: 'dispatched', at: (t = centre(t, 12 * quick)), department: wrong });
    steps.push({ type: 'returned', at: (t = clock.addWorkingMinutes(t, rng.logNormal(90, 0.8))), department: wrong });
  }
  steps.push({ type: 'dispatched', at: (t = centre(t, 12 * quick)), department });

  let handling = rng.logNormal(input.departmentPace * budget * 0.8, 0.9);
  const dispatchedAt = t;
  let handledAt = limitClock(dispatchedAt, handling);

  // 挂账: on hold for a while (waiting for a permit, the weather, an owner), then resumed.
  let suspension: { start: number; end: number } | null = null;
  if (rng.chance(rates.suspend)) {
    const start = dispatchedAt + (handledAt - dispatchedAt) * rng.range(0.1, 0.6);
    suspension = { start, end: start + rng.logNormal(2 * 24 * 60, 0.7) * MINUTE };
    handledAt = limitClock(dispatchedAt, handling, [suspension]);
  }
  // 延期: asked for before the deadline, by a department that sees it will be late.
  if (handling > 0.85 * budget && rng.chance(rates.extendWhenLate)) {
    const askAfter = Math.min(handling, budget) * rng.range(0.4, 0.8);
    const at = limitClock(dispatchedAt, askAfter, suspension ? [suspension] : []);
    const extendBy = extensionFor(category, rng);
    const ext = { type: 'extended' as const, at, extendBy };
    if (suspension && at >= suspension.start) {
      steps.push({ type: 'suspended', at: suspension.start }, { type: 'resumed', at: suspension.end });
      steps.push({ ...ext, at: Math.max(at, suspension.end + MINUTE) });
    } else {
      steps.push(ext);
      if (suspension) steps.push({ type: 'suspended', at: suspension.start }, { type: 'resumed', at: suspension.end });
    }
  } else if (suspension) {
    steps.push({ type: 'suspended', at: suspension.start }, { type: 'resumed', at: suspension.end });
  }
  steps.push({ type: 'handled', at: (t = Math.max(handledAt, lastAt(steps) + MINUTE)) });

  for (let checks = 0; ; checks++) {
    const checkAt = centre(t, 50 * quick);
    if (checks < 2 && rng.chance(rates.rework)) {
      steps.push({ type: 'rework', at: (t = checkAt), department });
      handling = rng.logNormal(input.departmentPace * budget * 0.4, 0.7);
      steps.push({ type: 'handled', at: (t = limitClock(t, handling)) });
      continue;
    }
    steps.push({ type: 'checked', at: (t = checkAt) });
    steps.push({ type: 'closed', at: centre(t, 15 * quick) });
    return finish(steps, input.reportedAt);
  }
}

/** An approved extension in the limit's own terms: hours for short limits, days for long ones. */
function extensionFor(category: SimCategory, rng: Rng): string {
  const { amount, unit } = category.timeLimit;
  if (unit === 'working_days') return `P${Math.max(1, Math.round(amount * rng.range(0.3, 1)))}D`;
  return `PT${Math.max(1, Math.round(amount * rng.range(0.5, 1.5)))}H`;
}

function lastAt(steps: readonly LifecycleStep[]): number {
  return steps.length ? steps[steps.length - 1].at : 0;
}

/** Whole seconds, strictly after the report and after each other (in plan order). */
function finish(steps: LifecycleStep[], reportedAt: number): LifecycleStep[] {
  let prev = reportedAt;
  for (const s of steps) {
    s.at = Math.max(Math.ceil(s.at / SECOND) * SECOND, prev + SECOND);
    prev = s.at;
  }
  return steps;
}
