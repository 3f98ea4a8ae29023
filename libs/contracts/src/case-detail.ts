import type { CaseSource, CaseStatus, EventType, RegionCodes } from './case';
import type { ExtendBy } from './ingest';

/** Timer colours of every 数字城管 screen: green ≤ 80 % of the limit used, yellow 80–100 %, red overdue. */
export type TimerColour = 'green' | 'yellow' | 'red';

export interface CaseTimer {
  /** The limit plus extensions, in the limit's own clock (working minutes, or plain minutes for `hours`). */
  budgetMinutes: number;
  /** Used from registration to now (or to closure), suspended time excluded, in the same clock. */
  usedMinutes: number;
  colour: TimerColour;
  /** True while the clock is stopped (suspended). */
  stopped: boolean;
}

/** One event of a case, as logged. */
export interface LoggedEvent {
  seq: number;
  eventId: string;
  type: EventType;
  at: string;
  /** The case's status after the event. */
  status: CaseStatus;
  /** What the event carried beyond type and time (department, extendBy, source, description …). */
  details: Record<string, unknown> | null;
}

/** One event of a case's timeline: as logged, with the case's timer as it stood right after it. */
export interface CaseTimelineEvent extends LoggedEvent {
  /** Null before registration, from a void on, or when the category has no limit. */
  timer: CaseTimer | null;
}

/** `GET /api/v1/cases/{caseId}`: a case's current state and its whole timeline. */
export interface CaseDetail {
  caseId: string;
  category: string;
  source: CaseSource;
  description: string | null;
  lon: number;
  lat: number;
  regions: RegionCodes;
  status: CaseStatus;
  department: string | null;
  times: {
    reportedAt: string;
    verifiedAt: string | null;
    registeredAt: string | null;
    firstDispatchedAt: string | null;
    handledAt: string | null;
    checkedAt: string | null;
    closedAt: string | null;
    voidedAt: string | null;
    suspendedSince: string | null;
  };
  deadline: string | null;
  closedOnTime: boolean | null;
  extensions: ExtendBy[];
  suspensions: { start: string; end: string }[];
  counts: { dispatched: number; returned: number; reworked: number };
  /** Null before registration, for voided cases, or when the category has no limit. */
  timer: CaseTimer | null;
  timeline: CaseTimelineEvent[];
}
