import type { CaseSource, CaseStatus, IngestEvent, RegionCodes } from '@gridlens/contracts';
import { applyEvent, type CaseState, type Placement } from '@gridlens/workflow';
import type { WorkClock } from '@gridlens/work-clock';
import type { ResolvedPeriod } from './period';

/** One logged event of a case, as the server's log gives it back (placement only on `reported`). */
export interface LoggedCaseEvent {
  event: IngestEvent;
  placement?: Placement;
}

export interface ReplayContext {
  /** The same deadline rule ingest uses (server: ClockService.deadlineOf with the case's category). */
  deadlineOf(state: CaseState): number | null;
  /** The city's working-time clock, for 按时核实 / 按时核查. */
  clock: WorkClock;
  verifyLimitWorkingHours: number;
  checkLimitWorkingHours: number;
}

export type PeriodEventType = 'dispatched' | 'returned' | 'rework';

/** What the evaluation needs of one case, as of the end of the period (see docs/evaluation.md). */
export interface CaseFacts {
  caseId: string;
  category: string;
  source: CaseSource;
  reporterId: string | null;
  regions: RegionCodes;
  /** The department responsible at the cut-off (last dispatch), or null. */
  department: string | null;
  status: CaseStatus;
  reportedAt: number;
  verifiedAt: number | null;
  registeredAt: number | null;
  /** First handling; for 自处理 (closed straight from registered, never dispatched) the closing instant. */
  handledAt: number | null;
  checkedAt: number | null;
  closedAt: number | null;
  voidedAt: number | null;
  suspendedSince: number | null;
  /** The deadline at the cut-off: working-time limit + extensions approved before it, net of completed suspensions. */
  deadline: number | null;
  /** Verified within verifyLimitWorkingHours of the report (working time); null if not verified by the cut-off. */
  verifiedOnTime: boolean | null;
  /** Checked within checkLimitWorkingHours of the last handling (working time, net of completed suspensions). */
  checkedOnTime: boolean | null;
  /** Dispatched / returned / rework events inside [from, to), with the department they concern. */
  periodEvents: { type: PeriodEventType; at: number; department: string | null }[];
}

/** Past every plausible event time: the replay never refuses an event for being "in the future". */
const NO_FUTURE_LIMIT = 8.64e15;

/**
 * Replays a case's events with `at < period.to` through @gridlens/workflow applyEvent (as ingest applied them) and
 * returns its facts at the cut-off, or null when it had not been reported by then. Events are taken in `at` order
 * (stable, so the log order decides ties); an event the workflow refuses is skipped, as ingest skipped it.
 */
export function caseFactsAt(events: LoggedCaseEvent[], period: ResolvedPeriod, ctx: ReplayContext): CaseFacts | null {
  const cutOff = period.to;
  const timed = events.map((e, i) => ({ e, i, at: Date.parse(e.event.at) })).filter((x) => x.at < cutOff);
  timed.sort((a, b) => a.at - b.at || a.i - b.i);

  const applyCtx = { now: NO_FUTURE_LIMIT, deadlineOf: ctx.deadlineOf };
  let state: CaseState | null = null;
  let lastHandledAt: number | null = null;
  let selfHandled = false;
  const periodEvents: CaseFacts['periodEvents'] = [];
  for (const { e, at } of timed) {
    const before: CaseState | null = state;
    const result = applyEvent(before, e.event, applyCtx, e.placement, at);
    if (!result.ok) continue;
    state = result.state;
    const ev = e.event;
    if (ev.type === 'handled') lastHandledAt = at;
    if (ev.type === 'closed' && before?.status === 'registered') selfHandled = true;
    if ((ev.type === 'dispatched' || ev.type === 'returned' || ev.type === 'rework') && at >= period.from) {
      periodEvents.push({ type: ev.type, at, department: ev.department ?? null });
    }
  }
  if (state === null) return null;
  return toFacts(state, lastHandledAt, selfHandled, periodEvents, ctx);
}

function toFacts(
  s: CaseState,
  lastHandledAt: number | null,
  selfHandled: boolean,
  periodEvents: CaseFacts['periodEvents'],
  ctx: ReplayContext,
): CaseFacts {
  const suspensions = s.suspensions.map(([start, end]) => ({ start, end }));
  const verifiedOnTime =
    s.verifiedAt === null ? null : ctx.clock.workingMinutesBetween(s.reportedAt, s.verifiedAt) <= ctx.verifyLimitWorkingHours * 60;
  const checkedOnTime =
    s.checkedAt === null || lastHandledAt === null
      ? null
      : ctx.clock.workingMinutesBetween(lastHandledAt, s.checkedAt, suspensions) <= ctx.checkLimitWorkingHours * 60;
  return {
    caseId: s.caseId,
    category: s.category,
    source: s.source,
    reporterId: s.reporterId,
    regions: { ...s.regions },
    department: s.department,
    status: s.status,
    reportedAt: s.reportedAt,
    verifiedAt: s.verifiedAt,
    registeredAt: s.registeredAt,
    handledAt: s.handledAt ?? (selfHandled ? s.closedAt : null),
    checkedAt: s.checkedAt,
    closedAt: s.closedAt,
    voidedAt: s.voidedAt,
    suspendedSince: s.status === 'suspended' ? s.suspendedSince : null,
    deadline: s.deadline,
    verifiedOnTime,
    checkedOnTime,
    periodEvents,
  };
}
