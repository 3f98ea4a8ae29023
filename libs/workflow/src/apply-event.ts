import { MAX_FUTURE_SKEW_MS, parseExtendBy, type IngestEvent, type RegionCodes } from '@gridlens/contracts';
import type { CaseState } from './case-state';
import { TRANSITIONS } from './transitions';

export interface ApplyContext {
  /** Server time (epoch ms): events more than 5 minutes after it are refused. */
  now: number;
  /** The case's deadline for its current registration, extensions and completed suspensions. */
  deadlineOf(state: CaseState): number | null;
}

/** Where a `reported` event's point landed, as placed by the server (never by the client). */
export interface Placement {
  lon: number;
  lat: number;
  regions: RegionCodes;
}

export type ApplyResult = { ok: true; state: CaseState } | { ok: false; error: string };

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Apply one validated event to a case. Pure: returns the new state or the reason it was refused,
 * naming the field at fault. `placement` is required for `reported`.
 */
export function applyEvent(
  state: CaseState | null,
  event: IngestEvent,
  ctx: ApplyContext,
  placement?: Placement,
  /** `event.at` as epoch ms, when the caller has parsed it already. */
  at: number = Date.parse(event.at),
): ApplyResult {
  if (at > ctx.now + MAX_FUTURE_SKEW_MS) {
    return fail(`at: ${event.at} is more than 5 minutes in the future (server time ${iso(ctx.now)})`);
  }
  if (event.type === 'reported') {
    if (state) return fail(`caseId: case "${event.caseId}" was already reported`);
    if (!placement) return fail('lon, lat: the point lies outside every region of the city');
    return { ok: true, state: newCase(event, at, placement) };
  }
  if (!state) return fail(`caseId: unknown case "${event.caseId}"; a case's first event must be "reported"`);
  if (state.status === 'voided' || state.status === 'closed') {
    return fail(`type: case "${state.caseId}" is ${state.status}; no event may follow`);
  }
  if (at < state.lastEventAt) {
    return fail(`at: ${event.at} is before the case's previous event (${iso(state.lastEventAt)})`);
  }
  const transition = TRANSITIONS[event.type];
  if (transition.from === 'new' || !transition.from.includes(state.status)) {
    const allowed = transition.from === 'new' ? 'a new case' : transition.from.join(', ');
    return fail(`type: "${event.type}" is not allowed when the case is ${state.status} (allowed from: ${allowed})`);
  }

  const next: CaseState = { ...state, lastEventAt: at };
  if (transition.to === 'restore') next.status = state.statusBeforeSuspend ?? 'registered';
  else if (transition.to !== 'same') next.status = transition.to;

  switch (event.type) {
    case 'verified':
      next.verifiedAt = at;
      break;
    case 'registered':
      next.registeredAt = at;
      next.deadline = ctx.deadlineOf(next);
      break;
    case 'dispatched':
      next.department = event.department;
      next.firstDispatchedAt ??= at;
      next.lastDispatchedAt = at;
      next.dispatchCount += 1;
      break;
    case 'returned':
      if (state.department !== null && event.department !== state.department) {
        return fail(`department: only the department the case is dispatched to (${state.department}) can return it`);
      }
      next.returnCount += 1;
      break;
    case 'handled':
      next.handledAt ??= at;
      break;
    case 'rework':
      if (state.department !== null && event.department !== state.department) {
        return fail(`department: rework goes back to the department that handled the case (${state.department})`);
      }
      next.reworkCount += 1;
      next.lastDispatchedAt = at;
      break;
    case 'checked':
      next.checkedAt = at;
      break;
    case 'closed':
      next.closedAt = at;
      next.closedOnTime = next.deadline === null ? null : at <= next.deadline;
      break;
    case 'suspended':
      next.statusBeforeSuspend = state.status;
      next.suspendedSince = at;
      break;
    case 'resumed':
      next.suspensions = [...state.suspensions, [state.suspendedSince ?? at, at]];
      next.suspendedSince = null;
      next.statusBeforeSuspend = null;
      next.deadline = ctx.deadlineOf(next);
      break;
    case 'extended': {
      const by = parseExtendBy(event.extendBy);
      if (!by) return fail(`extendBy: "${event.extendBy}" is not a duration of days, hours and minutes`);
      next.extensions = [...state.extensions, by];
      next.deadline = ctx.deadlineOf(next);
      break;
    }
    case 'voided':
      next.voidedAt = at;
      next.suspendedSince = null;
      break;
  }
  return { ok: true, state: next };
}

function newCase(event: Extract<IngestEvent, { type: 'reported' }>, at: number, placement: Placement): CaseState {
  return {
    caseId: event.caseId,
    category: event.category,
    source: event.source,
    description: event.description ?? null,
    reporterId: event.reporterId ?? null,
    lon: placement.lon,
    lat: placement.lat,
    regions: placement.regions,
    status: 'reported',
    statusBeforeSuspend: null,
    department: null,
    reportedAt: at,
    verifiedAt: null,
    registeredAt: null,
    firstDispatchedAt: null,
    lastDispatchedAt: null,
    handledAt: null,
    checkedAt: null,
    closedAt: null,
    voidedAt: null,
    suspendedSince: null,
    suspensions: [],
    extensions: [],
    dispatchCount: 0,
    returnCount: 0,
    reworkCount: 0,
    deadline: null,
    closedOnTime: null,
    lastEventAt: at,
  };
}

function fail(error: string): ApplyResult {
  return { ok: false, error };
}
