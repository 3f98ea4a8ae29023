import { z } from 'zod';
import type { CaseStatus, LimitUnit } from './case';
import type { TimerColour } from './case-detail';
import { isoInstant, type Rate } from './kpi';

/**
 * The leaders' command wall (大屏, issue 6 §1) and the departments' own view (§3). Definitions of every figure are
 * in docs/api.md ("Wall", "Department view"). Everything is "as of" one log position (`seq`) and one instant
 * (`asOf`), in the city's time zone (TZ_CITY).
 */

/** A wall scope: the whole city, or one district (its code). */
export const WALL_SCOPE_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
/** How far back `asOf` may go: it only moves "now" (the data are always the current ones). */
export const WALL_AS_OF_MAX_AGE_MS = 10 * 60_000;
/**
 * `asOf` (optional, default now): the instant of the figures, at most WALL_AS_OF_MAX_AGE_MS ago and not in the
 * future, over the data as they are now: lets a client recompute a frame it received (frame == GET at its seq).
 */
const asOf = isoInstant.optional();
export const wallQuerySchema = z.object({
  scope: z
    .string({ error: 'expected "city" or a district code' })
    .regex(WALL_SCOPE_PATTERN, { error: 'expected "city" or a district code' })
    .default('city'),
  asOf,
});
export const departmentViewQuerySchema = z.object({ asOf });
export type WallQuery = z.infer<typeof wallQuerySchema>;

/** `GET /api/v1/departments/{code}/view` path parameter. */
export const departmentViewParamsSchema = z.object({
  code: z.string().regex(WALL_SCOPE_PATTERN, { error: 'expected a department code' }),
});

/**
 * What a socket client watches (client message `watchWall`): `city`, a district code, or `department:<code>`.
 * One watch per socket; a new `watchWall` replaces it, `{ scope: null }` stops it.
 */
export const watchWallSchema = z.object({
  scope: z
    .string({ error: 'expected "city", a district code or "department:<code>"' })
    .regex(/^(department:)?[A-Za-z0-9._-]{1,64}$/, { error: 'expected "city", a district code or "department:<code>"' })
    .nullable(),
});
export type WatchWallRequest = z.infer<typeof watchWallSchema>;
/** The ack of `watchWall`: the first frame follows at once (seq = the frame's seq). */
export type WatchWallAck = { ok: true; scope: string | null } | { ok: false; error: string };

/** Wall frames per scope: at most one recomputation this often, and only for scopes someone watches. */
export const WALL_MIN_INTERVAL_MS = 500;
/** A watched scope is recomputed at least this often even without events (timers move with time). */
export const WALL_REFRESH_MS = 30_000;

export interface LocalName {
  zh: string;
  en: string;
}

/** A figure now, and the same figure at the same clock time yesterday and on the same weekday last week. */
export interface WallComparison {
  value: number;
  yesterday: number;
  lastWeek: number;
}

export interface TimerCounts {
  /** Open, registered, ≤ 80 % of the limit used (working time, suspended time excluded). */
  green: number;
  /** 80–100 % used: about to be overdue. */
  yellow: number;
  /** Over 100 %: overdue. */
  red: number;
}

/** Timer colours of one department's or district's open cases. */
export interface WallTimerGroup {
  code: string;
  name: LocalName;
  counts: TimerCounts;
}

/** One open case's timer, as the wall's "most urgent" list and the department view give it. */
export interface UrgentCase {
  caseId: string;
  category: string;
  categoryName: LocalName;
  /** The department responsible now (last dispatch), or null (not dispatched yet). */
  department: string | null;
  district: string | null;
  status: CaseStatus;
  registeredAt: string;
  /** Effective deadline (ISO), or null when suspended with time left (the clock is stopped). */
  deadline: string | null;
  /** Used / budget, in the limit's own clock: > 1 = overdue. */
  usedFraction: number;
  usedMinutes: number;
  budgetMinutes: number;
  limitUnit: LimitUnit;
  colour: TimerColour;
  /** Suspended now: the timer does not move. */
  stopped: boolean;
}

/** How far back the wall's `newlyOverdue` list looks from asOf. */
export const NEWLY_OVERDUE_WINDOW_MS = 10 * 60_000;
/** At most this many cases in `newlyOverdue`. */
export const NEWLY_OVERDUE_CAP = 200;

/** An open case of the scope whose effective deadline passed in [asOf − NEWLY_OVERDUE_WINDOW_MS, asOf). */
export interface NewlyOverdueCase {
  caseId: string;
  category: string;
  categoryName: LocalName;
  /** The department responsible now (last dispatch), or null. */
  department: string | null;
  district: string | null;
  /** The effective deadline just passed (ISO). */
  deadline: string;
}

/** Per map unit (district on the city wall, street on a district wall): the indicators the map can colour by. */
export interface WallUnitFigures {
  code: string;
  name: LocalName;
  reportedToday: number;
  overdueNow: number;
  /** This month so far (issue-5 definitions). */
  closureRateMonth: Rate;
  onTimeClosureRateMonth: Rate;
}

/** One step of the response-time trend (the trends endpoint's figures for the step). */
export interface WallTrendPoint {
  /** [start, end) of the step, clipped to the window. */
  start: string;
  end: string;
  reported: number;
  closed: number;
  /** Median report → close of the cases closed in the step, seconds (clock and working time); null if none. */
  reportToCloseP50: { clockSeconds: number | null; workingSeconds: number | null };
  /** Closed on time / closed with a deadline, among the cases closed in the step. */
  onTime: Rate;
}

/** `GET /api/v1/wall?scope=` and the `wall` socket frame: the same object at the same `seq` and `asOf`. */
export interface WallSnapshot {
  /** Every event with seq ≤ this is counted; none after. */
  seq: number;
  /** The instant "now" of every figure. */
  asOf: string;
  timeZone: string;
  scope: { kind: 'city' | 'district'; code: string; name: LocalName };
  /** Start of the local day and of the local month of asOf. */
  dayStart: string;
  monthStart: string;
  today: {
    reported: WallComparison;
    registered: WallComparison;
    /** 结案数 (closing events today, as the KPI `closed`). */
    closed: WallComparison;
    closedOnTime: WallComparison;
    /** Open and past the effective deadline at asOf (yesterday / lastWeek: at those instants; see docs). */
    overdueNow: WallComparison;
  };
  /** 结案率 and 按期结案率 (issue-5 definitions, period ending at asOf). */
  rates: {
    today: { closure: Rate; onTimeClosure: Rate };
    month: { closure: Rate; onTimeClosure: Rate };
  };
  /** Districts (city scope) or streets (district scope), for the map. */
  units: { level: 'district' | 'street'; items: WallUnitFigures[] };
  /** Open registered cases by timer colour (working time). */
  timers: {
    total: TimerCounts;
    byDepartment: WallTimerGroup[];
    byDistrict: WallTimerGroup[];
    /** The 20 most urgent open cases: highest used fraction first. */
    mostUrgent: UrgentCase[];
  };
  /**
   * Every open case of the scope gone overdue (the `overdueNow` rule) in the last NEWLY_OVERDUE_WINDOW_MS before
   * asOf, newest deadline first, at most NEWLY_OVERDUE_CAP: the ticker's "gone red", beyond the 20 most urgent.
   */
  newlyOverdue: NewlyOverdueCase[];
  /** Top 5 minor categories by reports today. */
  topCategories: { code: string; name: LocalName; reported: number }[];
  /** Last 24 h by hour and last 30 days by day (local), each step ending with the one holding asOf. */
  responseTrend: { hourly: WallTrendPoint[]; daily: WallTrendPoint[] };
  /** The working periods from asOf over the next 48 h, to tick `mostUrgent` timers between frames (as DepartmentView). */
  workingWindows: { start: string; end: string }[];
}

/** A case returned (回退) by the department. */
export interface ReturnedCase {
  caseId: string;
  category: string;
  categoryName: LocalName;
  returnedAt: string;
  district: string | null;
  /** The case's status now, and the department responsible now. */
  status: CaseStatus;
  department: string | null;
}

/** `GET /api/v1/departments/{code}/view` and the `departmentView` socket frame (scope `department:<code>`). */
export interface DepartmentView {
  seq: number;
  asOf: string;
  department: { code: string; name: LocalName };
  /** Its open registered cases, most urgent first (overdue first, then by used fraction, then deadline). */
  openCases: UrgentCase[];
  timerCounts: TimerCounts;
  /** 按期结案率 and 结案率 this month (issue-5 definitions), the department's against the city's. */
  month: { onTimeClosure: { department: Rate; city: Rate }; closure: { department: Rate; city: Rate } };
  /** Return events by this department in the last 30 days, newest first. */
  returned: ReturnedCase[];
  /**
   * For ticking timers between frames: the working periods from asOf over the next 48 h. A working-time timer
   * advances only inside them; an `hours` timer advances always; a stopped timer never.
   */
  workingWindows: { start: string; end: string }[];
}
