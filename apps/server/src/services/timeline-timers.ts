import { parseExtendBy, type CaseTimer, type LoggedEvent } from '@gridlens/contracts';
import { limitMinutes, timerColour, usedMinutes, type Extension, type Interval, type TimeLimit, type WorkClock } from '@gridlens/work-clock';

/**
 * The case's timer as it stood right after each event of its timeline (the timeline in seq order): null before
 * registration and from a void on; otherwise the budget (limit plus the extensions granted so far) and the minutes
 * used from registration to that event, suspended time excluded, in the limit's own clock, with the timer colour
 * (green ≤ 80 % used, yellow 80–100 %, red overdue). The last entry equals the case's timer at its last event.
 */
export function timelineTimers(
  timeline: readonly Pick<LoggedEvent, 'type' | 'at' | 'details'>[],
  limit: TimeLimit,
  clock: WorkClock,
): (CaseTimer | null)[] {
  let registeredAt: number | null = null;
  let suspendedSince: number | null = null;
  let voided = false;
  const extensions: Extension[] = [];
  const suspensions: Interval[] = [];
  return timeline.map((event) => {
    const at = Date.parse(event.at);
    switch (event.type) {
      case 'registered':
        registeredAt ??= at;
        break;
      case 'suspended':
        suspendedSince = at;
        break;
      case 'resumed':
        suspensions.push({ start: suspendedSince ?? at, end: at });
        suspendedSince = null;
        break;
      case 'extended': {
        const by = typeof event.details?.extendBy === 'string' ? parseExtendBy(event.details.extendBy) : null;
        if (by) extensions.push(by);
        break;
      }
      case 'voided':
        voided = true;
        suspendedSince = null;
        break;
    }
    if (registeredAt === null || voided) return null;
    const budget = limitMinutes(limit, extensions, clock);
    const used = usedMinutes({ registeredAt, limit, extensions, suspensions, now: Math.max(at, registeredAt), suspendedSince }, clock);
    return { budgetMinutes: budget, usedMinutes: used, colour: timerColour(used, budget), stopped: suspendedSince !== null };
  });
}
