// Helpers for the specs of this library (not exported from index.ts).
import type { CaseSource, EventType, IngestEvent } from '@gridlens/contracts';
import { DEFAULT_WORKING_HOURS, WorkClock, chinaCalendar, computeDeadline, parseWorkingHours, type TimeLimit } from '@gridlens/work-clock';
import { caseFactsAt, type CaseFacts, type LoggedCaseEvent, type ReplayContext } from './case-facts';
import { resolvePeriod, type ResolvedPeriod } from './period';

/** The usual Chinese city: Asia/Shanghai, 08:30-12:00 and 13:30-17:30 (450 working minutes a day), official calendar. */
export const clock = new WorkClock({ timeZone: 'Asia/Shanghai', periods: parseWorkingHours(DEFAULT_WORKING_HOURS), calendar: chinaCalendar() });

/** Categories of the fixtures: C5D = 5 working days, C4H = 4 working hours, NOLIMIT = no time limit. */
const LIMITS: Record<string, TimeLimit | undefined> = { C5D: { amount: 5, unit: 'working_days' }, C4H: { amount: 4, unit: 'working_hours' } };

/** The deadline rule of the server's ClockService, with the fixtures' categories. */
export const ctx: ReplayContext = {
  deadlineOf: (s) => {
    const limit = LIMITS[s.category];
    if (s.registeredAt === null || !limit) return null;
    return computeDeadline({ registeredAt: s.registeredAt, limit, extensions: s.extensions, suspensions: s.suspensions.map(([start, end]) => ({ start, end })) }, clock);
  },
  clock,
  verifyLimitWorkingHours: 2,
  checkLimitWorkingHours: 2,
};

export const period = (label: string): ResolvedPeriod => resolvePeriod(label, 'Asia/Shanghai');
export const MARCH = period('2026-03');
export const APRIL = period('2026-04');

/** Epoch ms of a Shanghai wall-clock time, e.g. t('2026-03-02T10:00'). */
export const t = (local: string): number => Date.parse(`${local}:00+08:00`);

export interface CaseSpec {
  id: string;
  category?: string;
  source?: CaseSource;
  reporter?: string;
  district?: string;
  street?: string;
  grid?: string;
}

/** A step: [type, Shanghai wall-clock time, department (dispatched/returned/rework) or extendBy (extended)]. */
export type Step = [EventType, string, string?];

/** A case's log: `reported` at `reportedAt`, then the steps. */
export function logOf(spec: CaseSpec, reportedAt: string, steps: Step[]): LoggedCaseEvent[] {
  const at = (local: string) => `${local}:00+08:00`;
  const reported = {
    eventId: `${spec.id}-0`, caseId: spec.id, type: 'reported', at: at(reportedAt), category: spec.category ?? 'C5D',
    lon: 119.97, lat: 31.78, source: spec.source ?? 'inspector', ...(spec.reporter ? { reporterId: spec.reporter } : {}),
  } as IngestEvent;
  const regions = { city: '320400', district: spec.district ?? 'D1', street: spec.street ?? null, community: null, grid: spec.grid ?? null };
  const log: LoggedCaseEvent[] = [{ event: reported, placement: { lon: 119.97, lat: 31.78, regions } }];
  steps.forEach(([type, local, extra], i) => {
    const base: Record<string, unknown> = { eventId: `${spec.id}-${i + 1}`, caseId: spec.id, type, at: at(local) };
    if (type === 'dispatched' || type === 'returned' || type === 'rework') base.department = extra ?? 'DEPT1';
    if (type === 'extended') base.extendBy = extra ?? 'P1D';
    log.push({ event: base as IngestEvent });
  });
  return log;
}

/** The case's facts at the end of `p` (March 2026 unless given); throws when it was not reported by then. */
export function factsOf(spec: CaseSpec, reportedAt: string, steps: Step[], p: ResolvedPeriod = MARCH): CaseFacts {
  const f = caseFactsAt(logOf(spec, reportedAt, steps), p, ctx);
  if (!f) throw new Error(`case ${spec.id} was not reported by ${p.label}`);
  return f;
}

/** Facts built directly (for attribution and scoring specs): a case reported, registered and open, no events. */
export function fact(over: Partial<CaseFacts> & { caseId: string }): CaseFacts {
  return {
    category: 'C5D', source: 'inspector', reporterId: null,
    regions: { city: '320400', district: 'D1', street: null, community: null, grid: null },
    department: null, status: 'registered', reportedAt: t('2026-03-02T09:00'), verifiedAt: null,
    registeredAt: t('2026-03-02T10:00'), handledAt: null, checkedAt: null, closedAt: null, voidedAt: null,
    suspendedSince: null, deadline: t('2026-03-09T10:00'), verifiedOnTime: null, checkedOnTime: null, periodEvents: [],
    ...over,
  };
}
