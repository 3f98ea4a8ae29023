import {
  COUNT_INDICATORS, RATE_INDICATORS, type CaseSource, type CountIndicator, type EvaluationRate, type RateIndicator,
} from '@gridlens/contracts';
import type { CaseFacts } from './case-facts';

/** A period as the indicators need it: [from, to), `to` being the cut-off T. */
export interface Window {
  from: number;
  to: number;
}

export type Counts = Record<CountIndicator, number>;
export type Rates = Record<RateIndicator, EvaluationRate>;

/** Sources that count as active supervision (监督举报). */
export const SUPERVISION_SOURCES: readonly CaseSource[] = ['inspector', 'collector', 'video'];
/** Sources whose registered cases count as missed by the inspectors (漏报). */
export const MISSED_SOURCES: readonly CaseSource[] = ['public', 'hotline'];

export const zeroCounts = (): Counts => Object.fromEntries(COUNT_INDICATORS.map((c) => [c, 0])) as Counts;

const inP = (t: number | null, w: Window) => t !== null && t >= w.from && t < w.to;

/** The deadline that runs at T: none while the case is suspended with time left (its clock is stopped). */
export function effectiveDeadline(f: CaseFacts): number | null {
  if (f.deadline === null) return null;
  if (f.suspendedSince !== null && f.deadline >= f.suspendedSince) return null;
  return f.deadline;
}

/** min(done, effective deadline), ignoring nulls; null when neither is known. */
function dueMoment(done: number | null, deadline: number | null): number | null {
  if (done === null) return deadline;
  if (deadline === null) return done;
  return Math.min(done, deadline);
}

/** On time: done no later than the deadline; a case whose category has no time limit cannot be late. */
const onTime = (done: number, deadline: number | null) => deadline === null || done <= deadline;

/**
 * The counts one case adds to the unit it is attributed to, in window `w` (every indicator except the event
 * counts dispatched / returned / rework, which come from `periodEvents`). Each returned indicator adds 1.
 */
export function caseIndicators(f: CaseFacts, w: Window): CountIndicator[] {
  const out: CountIndicator[] = [];
  const registered = f.registeredAt !== null;
  if (inP(f.reportedAt, w)) {
    out.push('reported');
    if (SUPERVISION_SOURCES.includes(f.source)) out.push('supervisionReported');
    if (registered) out.push('validReported');
  }
  if (inP(f.registeredAt, w)) {
    out.push('registered');
    if (MISSED_SOURCES.includes(f.source)) out.push('missed');
  }
  if (registered && inP(f.voidedAt, w)) out.push('voided');

  if (registered && f.voidedAt === null) {
    const deadline = effectiveDeadline(f);
    if (inP(dueMoment(f.closedAt, deadline), w)) {
      out.push('due');
      if (f.closedAt !== null && f.closedAt < w.to) {
        out.push('closed');
        if (onTime(f.closedAt, f.deadline)) out.push('closedOnTime');
      }
    }
    const handlingCohort = f.department !== null || f.handledAt !== null;
    if (handlingCohort && inP(dueMoment(f.handledAt, deadline), w)) {
      out.push('dueToHandle');
      if (f.handledAt !== null && f.handledAt < w.to) {
        out.push('handled');
        if (onTime(f.handledAt, f.deadline)) out.push('handledOnTime');
      }
    }
    if (f.closedAt === null && deadline !== null && deadline < w.to) out.push('overdue');
  }

  if (inP(f.verifiedAt, w)) {
    out.push('verified');
    if (f.verifiedOnTime) out.push('verifiedOnTime');
  }
  if (inP(f.checkedAt, w)) {
    out.push('checked');
    if (f.checkedOnTime) out.push('checkedOnTime');
  }
  return out;
}

/** numerator / denominator rounded half-up to 6 decimals (exactly, on integers); null when the denominator is 0. */
export function rate(numerator: number, denominator: number): EvaluationRate {
  if (denominator === 0) return { numerator, denominator, value: null };
  const micro = Math.floor((2 * numerator * 1e6 + denominator) / (2 * denominator));
  return { numerator, denominator, value: micro / 1e6 };
}

/**
 * Every rate of contracts RATE_INDICATORS from the counts. `missDenominator` replaces `registered` as the miss
 * rate's denominator (inspectors: cases registered in their patrol grids, not their own registered reports).
 */
export function ratesOf(c: Counts, missDenominator: number = c.registered): Rates {
  const r: Record<RateIndicator, EvaluationRate> = {
    closureRate: rate(c.closed, c.due),
    onTimeClosureRate: rate(c.closedOnTime, c.due),
    handlingRate: rate(c.handled, c.dueToHandle),
    onTimeHandlingRate: rate(c.handledOnTime, c.dueToHandle),
    validReportRate: rate(c.validReported, c.reported),
    accurateRegistrationRate: rate(c.registered - c.voided, c.registered),
    accurateDispatchRate: rate(c.dispatched - c.returned, c.dispatched),
    missRate: rate(c.missed, missDenominator),
    reworkRate: rate(c.rework, c.closed),
    supervisionReportRate: rate(c.supervisionReported, c.reported),
    onTimeVerifyRate: rate(c.verifiedOnTime, c.verified),
    onTimeCheckRate: rate(c.checkedOnTime, c.checked),
  };
  return Object.fromEntries(RATE_INDICATORS.map((k) => [k, r[k]])) as Rates;
}
