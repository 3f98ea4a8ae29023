import { describe, expect, it } from 'vitest';
import { WorkClock, parseWorkingHours, weekdayCalendar } from '@gridlens/work-clock';
import type { LateExtensionRow } from '../repositories/wall.repository';
import { deadlineAt, lateExtensionCorrection, overdueAt } from './overdue-at';

const clock = new WorkClock({ timeZone: 'Asia/Shanghai', periods: parseWorkingHours('08:30-12:00,13:30-17:30'), calendar: weekdayCalendar() });
const cst = (iso: string) => Date.parse(`${iso}+08:00`);
const limit = { amount: 2, unit: 'working_hours' as const };
/** Registered Fri 13 Nov 14:30 (deadline Fri 16:30), extended by 2 working days on Mon 16 09:00 (deadline Tue 16:30). */
const extendedLate: LateExtensionRow = {
  caseId: 'X', category: 'E0505', registeredAt: cst('2026-11-13T14:30:00'), closedAt: null, voidedAt: null, suspendedSince: null,
  deadline: cst('2026-11-17T16:30:00'), suspensions: [], extended: [[cst('2026-11-16T09:00:00'), 'P2D']],
};
const sunday = cst('2026-11-15T10:00:00');

describe('overdue at a past instant', () => {
  it('takes the deadline of that moment: extensions approved later are not known yet', () => {
    expect(deadlineAt(extendedLate, sunday, limit, clock)).toBe(cst('2026-11-13T16:30:00'));
    expect(deadlineAt(extendedLate, cst('2026-11-16T10:00:00'), limit, clock)).toBe(cst('2026-11-17T16:30:00'));
    expect(overdueAt(extendedLate, sunday, deadlineAt(extendedLate, sunday, limit, clock))).toBe(true);
    expect(overdueAt(extendedLate, sunday, extendedLate.deadline)).toBe(false);
    // The stored deadline's count misses it on Sunday: +1; after the extension nothing to correct.
    expect(lateExtensionCorrection([extendedLate], sunday, () => limit, clock)).toBe(1);
    expect(lateExtensionCorrection([extendedLate], cst('2026-11-16T10:00:00'), () => limit, clock)).toBe(0);
  });

  it('is not overdue inside a suspension that began with time left, nor once closed, nor before registration', () => {
    const suspended = { ...extendedLate, suspensions: [[cst('2026-11-13T15:00:00'), cst('2026-11-16T08:45:00')]] as [number, number][] };
    expect(overdueAt(suspended, sunday, deadlineAt(suspended, sunday, limit, clock))).toBe(false);
    expect(overdueAt({ ...extendedLate, closedAt: cst('2026-11-14T09:00:00') }, sunday, cst('2026-11-13T16:30:00'))).toBe(false);
    expect(overdueAt(extendedLate, cst('2026-11-13T14:00:00'), cst('2026-11-13T13:00:00'))).toBe(false);
    const lateSuspension = { ...extendedLate, suspendedSince: cst('2026-11-14T09:00:00') };
    expect(overdueAt(lateSuspension, sunday, cst('2026-11-13T16:30:00'))).toBe(true);
  });
});
