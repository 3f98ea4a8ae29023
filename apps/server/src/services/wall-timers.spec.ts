import { describe, expect, it } from 'vitest';
import { WorkClock, parseWorkingHours, weekdayCalendar } from '@gridlens/work-clock';
import type { OpenCaseRow } from '../repositories/wall.repository';
import { wallInstants, trendWindows } from './wall-instants';
import { byUrgency, coloursBy, countColours, isOverdue, openCaseTimer, workingWindows } from './wall-timers';

const clock = new WorkClock({ timeZone: 'Asia/Shanghai', periods: parseWorkingHours('08:30-12:00,13:30-17:30'), calendar: weekdayCalendar() });
const cst = (iso: string) => Date.parse(`${iso}+08:00`);
const limit = { amount: 2, unit: 'working_hours' as const };
const row = (over: Partial<OpenCaseRow>): OpenCaseRow => ({
  caseId: 'X', category: 'E0505', department: null, district: '320402', status: 'registered', registeredAt: cst('2026-11-16T08:30:00'),
  deadline: cst('2026-11-16T10:30:00'), suspendedSince: null, suspensions: [], extensions: [], ...over,
});

describe('openCaseTimer', () => {
  it('is green at exactly 80 % used across a weekend, yellow one minute later, red once the deadline passed', () => {
    const asOf = cst('2026-11-16T10:00:00'); // Monday; 90 working minutes since 08:30
    const green = openCaseTimer(row({ registeredAt: cst('2026-11-13T17:24:00'), deadline: cst('2026-11-16T10:24:00') }), limit, clock, asOf);
    expect([green.usedMinutes, green.colour, green.usedFraction]).toEqual([96, 'green', 0.8]);
    const yellow = openCaseTimer(row({ registeredAt: cst('2026-11-13T17:23:00'), deadline: cst('2026-11-16T10:23:00') }), limit, clock, asOf);
    expect([yellow.usedMinutes, yellow.colour]).toEqual([97, 'yellow']);
    const red = openCaseTimer(row({ registeredAt: cst('2026-11-13T16:30:00'), deadline: cst('2026-11-16T09:30:00') }), limit, clock, asOf);
    expect([red.usedMinutes, red.colour]).toEqual([150, 'red']);
  });

  it('a suspension with time left stops the clock and hides the deadline; one after the deadline stays red', () => {
    const asOf = cst('2026-11-16T10:00:00');
    const left = row({ registeredAt: cst('2026-11-12T09:00:00'), deadline: cst('2026-11-12T11:00:00'), suspendedSince: cst('2026-11-12T10:00:00') });
    expect(isOverdue(left, asOf)).toBe(false);
    expect(openCaseTimer(left, limit, clock, asOf)).toMatchObject({ usedMinutes: 60, colour: 'green', stopped: true, deadline: null });
    const late = { ...left, suspendedSince: cst('2026-11-12T14:00:00') };
    expect(isOverdue(late, asOf)).toBe(true);
    expect(openCaseTimer(late, limit, clock, asOf)).toMatchObject({ usedMinutes: 210, colour: 'red', stopped: true, deadline: cst('2026-11-12T11:00:00') });
  });

  it('an extension adds a working day to the budget', () => {
    const t = openCaseTimer(row({ registeredAt: cst('2026-11-13T09:00:00'), deadline: cst('2026-11-16T11:00:00'), extensions: [{ days: 1, hours: 0, minutes: 0 }] }), limit, clock, cst('2026-11-16T10:00:00'));
    expect([t.usedMinutes, t.budgetMinutes, t.colour]).toEqual([510, 570, 'yellow']);
  });

  it('sorts overdue first, then by used fraction, and counts colours by group', () => {
    const asOf = cst('2026-11-16T10:00:00');
    const a = openCaseTimer(row({ caseId: 'A', registeredAt: cst('2026-11-16T09:00:00'), deadline: cst('2026-11-16T11:00:00') }), limit, clock, asOf);
    const b = openCaseTimer(row({ caseId: 'B', department: 'D1', registeredAt: cst('2026-11-16T08:30:00'), deadline: cst('2026-11-16T10:30:00') }), limit, clock, asOf);
    const c = openCaseTimer(row({ caseId: 'C', department: 'D1', registeredAt: cst('2026-11-13T16:30:00'), deadline: cst('2026-11-16T09:30:00') }), limit, clock, asOf);
    expect([a, b, c].sort(byUrgency).map((t) => t.row.caseId)).toEqual(['C', 'B', 'A']);
    expect(countColours([a, b, c])).toEqual({ green: 2, yellow: 0, red: 1 });
    expect([...coloursBy([a, b, c], (t) => t.row.department, 'none')]).toEqual([
      ['none', { green: 1, yellow: 0, red: 0 }],
      ['D1', { green: 1, yellow: 0, red: 1 }],
    ]);
  });
});

describe('workingWindows', () => {
  it('lists the working periods from a Friday afternoon over the weekend', () => {
    const w = workingWindows(clock, cst('2026-11-13T15:00:30'), 72);
    expect(w.map((x) => [new Date(x.start).toISOString(), new Date(x.end).toISOString()])).toEqual([
      ['2026-11-13T07:00:30.000Z', '2026-11-13T09:30:00.000Z'],
      ['2026-11-16T00:30:00.000Z', '2026-11-16T04:00:00.000Z'],
      ['2026-11-16T05:30:00.000Z', '2026-11-16T07:00:30.000Z'],
    ]);
  });
});

describe('wall instants', () => {
  it('same clock time yesterday and a week ago, local day and month starts', () => {
    const i = wallInstants(cst('2026-11-01T00:30:00'), 'Asia/Shanghai');
    expect(i.at.map((d) => d.toISOString())).toEqual(['2026-10-31T16:30:00.000Z', '2026-10-30T16:30:00.000Z', '2026-10-24T16:30:00.000Z']);
    expect(i.dayStart.map((d) => d.toISOString())).toEqual(['2026-10-31T16:00:00.000Z', '2026-10-30T16:00:00.000Z', '2026-10-24T16:00:00.000Z']);
    expect(i.monthStart.toISOString()).toBe('2026-10-31T16:00:00.000Z');
  });

  it('keeps the local clock time across a DST change (Europe/Berlin, 25 Oct 2026)', () => {
    const i = wallInstants(Date.parse('2026-10-26T10:00:00+01:00'), 'Europe/Berlin');
    expect(i.at[1].toISOString()).toBe('2026-10-25T09:00:00.000Z'); // 10:00 CET yesterday
    expect(i.at[2].toISOString()).toBe('2026-10-19T08:00:00.000Z'); // 10:00 CEST a week ago
  });

  it('trend windows end at asOf: 24 hours and 30 days, on the hour or within it', () => {
    const on = trendWindows(cst('2026-11-16T10:00:00'), 'Asia/Shanghai');
    expect(new Date(on.hourly.from).toISOString()).toBe('2026-11-15T02:00:00.000Z');
    expect(new Date(on.daily.from).toISOString()).toBe('2026-10-17T16:00:00.000Z');
    const within = trendWindows(cst('2026-11-16T10:20:00'), 'Asia/Shanghai');
    expect(new Date(within.hourly.from).toISOString()).toBe('2026-11-15T03:00:00.000Z');
  });
});
