/**
 * The wall's ticker of notable events, as a pure reducer: items come from the `events` frames (a return, a rework,
 * a report in an emergency category), from the `wall` frames' `newlyOverdue` (every case of the scope gone red in the
 * last 10 minutes), from consecutive `wall` frames and the clock (a case among the most urgent gone red) and from the `alerts` frames (each alert one item, updated in place by its id: its figures, its end, its
 * acknowledgement). Open alerts first (at most PINNED_ALERTS), then newest first; at most `cap`.
 */
import type { Alert, LiveEvent, NewlyOverdueCase, UrgentCase } from '@gridlens/contracts';

export type TickerKind = 'alert' | 'overdue' | 'emergency' | 'returned' | 'rework';

export interface TickerItem {
  /** Stable: `alert:<id>`, `overdue:<case>`, `emergency:<case>`, `returned:<eventId>`, `rework:<eventId>`. */
  id: string;
  kind: TickerKind;
  /** When it happened (ISO): the event's time, the deadline passed, the alert raised. */
  at: string;
  caseId: string | null;
  category: string | null;
  district: string | null;
  /** Set for kind 'alert'. */
  alert?: Alert;
}

export const TICKER_CAP = 40;

/** Items for the notable events of an `events` frame. */
export function itemsFromEvents(events: readonly LiveEvent[], isEmergency: (category: string) => boolean): TickerItem[] {
  const items: TickerItem[] = [];
  for (const e of events) {
    const base = { at: e.at, caseId: e.caseId, category: e.category, district: e.regions.district };
    if (e.type === 'returned') items.push({ id: `returned:${e.eventId}`, kind: 'returned', ...base });
    else if (e.type === 'rework') items.push({ id: `rework:${e.eventId}`, kind: 'rework', ...base });
    else if (e.type === 'reported' && isEmergency(e.category)) items.push({ id: `emergency:${e.caseId}`, kind: 'emergency', ...base });
  }
  return items;
}

/** Items for an `alerts` frame. */
export function itemsFromAlerts(alerts: readonly Alert[]): TickerItem[] {
  return alerts.map((a) => ({
    id: `alert:${a.id}`,
    kind: 'alert',
    at: a.raisedAt,
    caseId: a.caseIds[0] ?? null,
    category: a.figures.kind === 'emergency_reported' ? a.figures.category : null,
    district: a.district,
    alert: a,
  }));
}

/**
 * The most urgent cases that are red now but were not before: red in `next` and either not red in `previous`, or
 * red by the clock (`now` past the deadline) while the frame still said yellow or green. `seen` holds the cases
 * already announced (pass the ids of the current items) so that a case is announced once.
 */
export function itemsGoneRed(
  previous: readonly UrgentCase[] | null,
  next: readonly UrgentCase[],
  now: number,
  seen: ReadonlySet<string>,
): TickerItem[] {
  const before = new Map((previous ?? []).map((c) => [c.caseId, c.colour]));
  const items: TickerItem[] = [];
  for (const c of next) {
    if (seen.has(`overdue:${c.caseId}`)) continue;
    const redByClock = !c.stopped && c.deadline !== null && now > Date.parse(c.deadline);
    const wasRed = before.get(c.caseId) === 'red';
    const knownBefore = before.has(c.caseId);
    // A case already red in the first frame seen is not news; one turning red while we watch is.
    const turned = (c.colour === 'red' && knownBefore && !wasRed) || (redByClock && c.colour !== 'red');
    if (!turned) continue;
    items.push({ id: `overdue:${c.caseId}`, kind: 'overdue', at: c.deadline ?? new Date(now).toISOString(), caseId: c.caseId, category: c.category, district: c.district });
  }
  return items;
}

/**
 * Items for a frame's `newlyOverdue`: one per case the first time it is seen there. `announced` holds the cases of
 * the previous frame's list; a case the ticker already holds (`seen`: ids of the current items, e.g. announced by
 * the clock) is not announced again. Returns the items and the `announced` set to keep for the next frame (this
 * frame's cases: a case leaves the list 10 minutes after its deadline and does not come back unless its deadline
 * moves and passes again, which is news again).
 */
export function itemsNewlyOverdue(
  list: readonly NewlyOverdueCase[],
  announced: ReadonlySet<string>,
  seen: ReadonlySet<string>,
): { items: TickerItem[]; announced: Set<string> } {
  const items: TickerItem[] = [];
  for (const c of list) {
    if (announced.has(c.caseId) || seen.has(`overdue:${c.caseId}`)) continue;
    items.push({ id: `overdue:${c.caseId}`, kind: 'overdue', at: c.deadline, caseId: c.caseId, category: c.category, district: c.district });
  }
  return { items, announced: new Set(list.map((c) => c.caseId)) };
}

/**
 * Merge new items: an id already held is replaced (alerts change), a report in an emergency category covered by an
 * emergency alert for the same case shows once (as the alert). Newest first by `at`, then id; at most `cap`.
 */
export function mergeTicker(current: readonly TickerItem[], incoming: readonly TickerItem[], cap = TICKER_CAP): readonly TickerItem[] {
  if (!incoming.length) return current;
  const byId = new Map(current.map((i) => [i.id, i]));
  for (const item of incoming) byId.set(item.id, item);
  const alertedCases = new Set<string>();
  for (const i of byId.values()) if (i.kind === 'alert' && i.alert?.kind === 'emergency_reported') for (const c of i.alert.caseIds) alertedCases.add(c);
  const items = [...byId.values()].filter((i) => !(i.kind === 'emergency' && i.caseId !== null && alertedCases.has(i.caseId)));
  items.sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Open alerts stay on top (a busy city's returns and reworks would push them off a wall within seconds).
  const pinned = items.filter(isOpenAlert).slice(0, PINNED_ALERTS);
  const rest = items.filter((i) => !pinned.includes(i));
  return pinned.concat(rest).slice(0, cap);
}

/** At most this many open (unacknowledged, still holding) alerts are pinned above the other items. */
export const PINNED_ALERTS = 8;

function isOpenAlert(item: TickerItem): boolean {
  return item.kind === 'alert' && item.alert?.state === 'open' && item.alert.endedAt === null;
}

/** The ticker after an acknowledgement: the alert's item carries the acknowledged alert. */
export function acknowledgeItem(current: readonly TickerItem[], alert: Alert): readonly TickerItem[] {
  return current.map((i) => (i.id === `alert:${alert.id}` ? { ...i, alert } : i));
}
