import { describe, expect, it } from 'vitest';
import type { EventType, IngestEvent } from '@gridlens/contracts';
import { applyEvent, type ApplyContext, type Placement } from './apply-event';
import type { CaseState } from './case-state';
import { TRANSITIONS } from './transitions';

const T0 = Date.parse('2026-03-02T02:00:00Z'); // Monday 10:00 in Shanghai
const HOUR = 3_600_000;
const at = (h: number) => new Date(T0 + h * HOUR).toISOString();
const placement: Placement = { lon: 119.97, lat: 31.78, regions: { city: '320400', district: '320402', street: null, community: null, grid: null } };
/** A fixed 4-hour budget in plain time, extended by whole days, so the expectations are easy to compute by hand. */
const ctx: ApplyContext = {
  now: T0 + 1000 * HOUR,
  deadlineOf: (s) =>
    s.registeredAt === null
      ? null
      : s.registeredAt + 4 * HOUR + s.extensions.reduce((n, e) => n + e.days * 24 * HOUR, 0) + s.suspensions.reduce((n, [a, b]) => n + (b - a), 0),
};

function ev(type: EventType, hour: number, extra: Record<string, unknown> = {}): IngestEvent {
  const base = { eventId: `${type}-${hour}`, caseId: 'c1', type, at: at(hour), ...extra };
  if (type === 'reported') return { ...base, category: 'E0505', lon: 119.97, lat: 31.78, source: 'inspector' } as IngestEvent;
  if (type === 'dispatched' || type === 'returned' || type === 'rework') return { department: 'D01', ...base } as IngestEvent;
  if (type === 'extended') return { extendBy: 'P1D', ...base } as IngestEvent;
  return base as IngestEvent;
}

function run(events: IngestEvent[]): CaseState {
  let state: CaseState | null = null;
  for (const e of events) {
    const r = applyEvent(state, e, ctx, placement);
    if (!r.ok) throw new Error(`${e.type}: ${r.error}`);
    state = r.state;
  }
  return state!;
}

function refuse(events: IngestEvent[], last: IngestEvent): string {
  const r = applyEvent(run(events), last, ctx, placement);
  if (r.ok) throw new Error(`${last.type} was accepted`);
  return r.error;
}

describe('the case workflow', () => {
  it('follows the standard path and closes on time', () => {
    const s = run([ev('reported', 0), ev('verified', 0.5), ev('registered', 1), ev('dispatched', 1.5), ev('handled', 3), ev('checked', 4), ev('closed', 4.5)]);
    expect(s.status).toBe('closed');
    expect(s.deadline).toBe(T0 + 5 * HOUR);
    expect(s.closedOnTime).toBe(true);
    expect([s.firstDispatchedAt, s.handledAt, s.closedAt]).toEqual([T0 + 1.5 * HOUR, T0 + 3 * HOUR, T0 + 4.5 * HOUR]);
  });

  it('marks a case closed after its deadline as late', () => {
    const s = run([ev('reported', 0), ev('registered', 1), ev('dispatched', 2), ev('handled', 6), ev('closed', 6)]);
    expect(s.closedOnTime).toBe(false);
  });

  it('closes a self-handled case straight from registration (自处理)', () => {
    expect(run([ev('reported', 0), ev('registered', 0), ev('closed', 0.1)]).status).toBe('closed');
  });

  it('re-dispatches after a return and counts it', () => {
    const s = run([ev('reported', 0), ev('registered', 1), ev('dispatched', 1), ev('returned', 2), ev('dispatched', 2.5, { department: 'D02', eventId: 'd2' })]);
    expect([s.status, s.department, s.returnCount, s.dispatchCount, s.firstDispatchedAt]).toEqual(['dispatched', 'D02', 1, 2, T0 + HOUR]);
  });

  it('sends a failed check back to the same department (返工)', () => {
    const s = run([ev('reported', 0), ev('registered', 1), ev('dispatched', 1), ev('handled', 2), ev('rework', 3), ev('handled', 3.5, { eventId: 'h2' })]);
    expect([s.status, s.reworkCount, s.handledAt]).toEqual(['handled', 1, T0 + 2 * HOUR]);
    expect(refuse([ev('reported', 0), ev('registered', 1), ev('dispatched', 1), ev('handled', 2)], ev('rework', 3, { department: 'D09' }))).toMatch(/^department: rework goes back/);
  });

  it('stops the clock while suspended and restores the status on resume', () => {
    const s = run([ev('reported', 0), ev('registered', 1), ev('dispatched', 1), ev('suspended', 2), ev('resumed', 12)]);
    expect([s.status, s.suspensions, s.suspendedSince]).toEqual(['dispatched', [[T0 + 2 * HOUR, T0 + 12 * HOUR]], null]);
    expect(s.deadline).toBe(T0 + 15 * HOUR);
  });

  it('moves the deadline by an extension, also while suspended', () => {
    const s = run([ev('reported', 0), ev('registered', 1), ev('suspended', 2), ev('extended', 3), ev('resumed', 4)]);
    expect(s.deadline).toBe(T0 + (1 + 4 + 24 + 2) * HOUR);
  });

  it('refuses transitions the table does not allow, naming the rule', () => {
    expect(refuse([ev('reported', 0)], ev('closed', 1))).toBe('type: "closed" is not allowed when the case is reported (allowed from: registered, handled, checked)');
    expect(refuse([ev('reported', 0), ev('registered', 1)], ev('verified', 2))).toMatch(/^type: "verified" is not allowed when the case is registered/);
    expect(refuse([ev('reported', 0), ev('registered', 1)], ev('resumed', 2))).toMatch(/allowed from: suspended/);
  });

  it('accepts nothing after voided or closed', () => {
    expect(refuse([ev('reported', 0), ev('voided', 1)], ev('registered', 2))).toBe('type: case "c1" is voided; no event may follow');
    expect(refuse([ev('reported', 0), ev('registered', 0), ev('closed', 1)], ev('voided', 2))).toBe('type: case "c1" is closed; no event may follow');
  });

  it('refuses events before the previous one and more than 5 minutes ahead of the server', () => {
    expect(refuse([ev('reported', 2)], ev('registered', 1))).toMatch(/^at: .* is before the case's previous event/);
    const future = applyEvent(null, ev('reported', 0), { ...ctx, now: T0 - 6 * 60_000 }, placement);
    expect(future.ok ? '' : future.error).toMatch(/^at: .* is more than 5 minutes in the future/);
    expect(applyEvent(null, ev('reported', 0), { ...ctx, now: T0 - 4 * 60_000 }, placement).ok).toBe(true);
  });

  it('needs a report first, once, inside the city', () => {
    const unknown = applyEvent(null, ev('registered', 0), ctx);
    expect(unknown.ok ? '' : unknown.error).toBe('caseId: unknown case "c1"; a case\'s first event must be "reported"');
    expect(refuse([ev('reported', 0)], ev('reported', 1))).toBe('caseId: case "c1" was already reported');
    const outside = applyEvent(null, ev('reported', 0), ctx);
    expect(outside.ok ? '' : outside.error).toBe('lon, lat: the point lies outside every region of the city');
  });

  it('has a rule for every event type, each reachable', () => {
    for (const [type, rule] of Object.entries(TRANSITIONS)) {
      expect(rule.from === 'new' || rule.from.length > 0, type).toBe(true);
    }
  });
});
