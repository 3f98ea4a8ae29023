import type { LiveEvent } from '@gridlens/contracts';

/**
 * One point per case: the latest event seen for each case (by seq), so the point carries the case's current status.
 * Heavy derived data: call it when the events change (memoised by the caller), not on every layer build.
 */
export function latestByCase(events: readonly LiveEvent[]): LiveEvent[] {
  const latest = new Map<string, LiveEvent>();
  for (const event of events) {
    const seen = latest.get(event.caseId);
    if (!seen || event.seq > seen.seq) latest.set(event.caseId, event);
  }
  return [...latest.values()].sort((a, b) => a.seq - b.seq);
}
