import { parseExtendBy } from '@gridlens/contracts';
import { computeDeadline, type TimeLimit, type WorkClock } from '@gridlens/work-clock';
import type { LateExtensionRow } from '../repositories/wall.repository';

/**
 * Overdue at a past instant t, as the KPI rule would have said at t: registered by t, neither closed nor voided by
 * t, the deadline of that moment passed, and not inside a suspension that began while the deadline was ahead.
 */
export function overdueAt(c: LateExtensionRow, t: number, deadline: number | null): boolean {
  if (c.registeredAt > t || deadline === null || deadline >= t) return false;
  if ((c.closedAt !== null && c.closedAt <= t) || (c.voidedAt !== null && c.voidedAt <= t)) return false;
  const suspendedAtT = [...c.suspensions.filter(([start, end]) => start <= t && end > t).map(([start]) => start), ...(c.suspendedSince !== null && c.suspendedSince <= t ? [c.suspendedSince] : [])];
  return !suspendedAtT.some((start) => deadline >= start);
}

/** The deadline as it stood at t: the extensions approved by t, the suspensions completed by t. */
export function deadlineAt(c: LateExtensionRow, t: number, limit: TimeLimit, clock: WorkClock): number {
  const extensions = c.extended.filter(([at]) => at <= t).flatMap(([, by]) => parseExtendBy(by) ?? []);
  const suspensions = c.suspensions.filter(([, end]) => end <= t).map(([start, end]) => ({ start, end }));
  return computeDeadline({ registeredAt: c.registeredAt, limit, extensions, suspensions }, clock);
}

/**
 * What the SQL count of "overdue at t" (the stored deadline) gets wrong for cases extended after t: −1 for each
 * counted that was not overdue then, +1 for each missed. Only an extension approved after t makes the stored
 * deadline differ from t's in a way that matters (docs/api.md "Wall"), so only those cases are looked at.
 */
export function lateExtensionCorrection(rows: LateExtensionRow[], t: number, limitOf: (category: string) => TimeLimit | null, clock: WorkClock): number {
  let correction = 0;
  for (const c of rows) {
    const limit = limitOf(c.category);
    if (!limit || !c.extended.some(([at]) => at > t)) continue;
    correction += Number(overdueAt(c, t, deadlineAt(c, t, limit, clock))) - Number(overdueAt(c, t, c.deadline));
  }
  return correction;
}
