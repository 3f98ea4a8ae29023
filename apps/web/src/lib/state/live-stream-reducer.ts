import type { LiveEvent, LiveSubscription } from '@gridlens/contracts';
import type { MapQuery } from './map-query';

/** socket.io namespace of the live stream (equals LIVE_NAMESPACE in @gridlens/contracts; checked in a spec). */
export const LIVE_PATH = '/live';

/** Most events kept in memory; the oldest go first. */
export const MAX_LIVE_EVENTS = 300_000;

/**
 * Add a frame to the events received so far: events at or below the last seq already held are dropped (a resume
 * with `since` can repeat them), the result stays in seq order and holds at most `cap` events (the newest).
 * Returns the same array when nothing is added, a new one otherwise (never mutates `current`).
 */
export function appendEvents(current: readonly LiveEvent[], frame: readonly LiveEvent[], cap = MAX_LIVE_EVENTS): readonly LiveEvent[] {
  let last = current.length ? current[current.length - 1].seq : -Infinity;
  const fresh: LiveEvent[] = [];
  for (const e of frame) {
    if (e.seq <= last) continue;
    fresh.push(e);
    last = e.seq;
  }
  if (fresh.length === 0) return current;
  const total = current.length + fresh.length;
  if (total <= cap) return current.concat(fresh);
  const drop = total - cap;
  return drop >= current.length ? fresh.slice(drop - current.length) : current.slice(drop).concat(fresh);
}

/** The newest seq the client has accounted for: the last event received, or the ack it started from. */
export function nextSince(lastEventSeq: number | null, ackSeq: number | null): number | undefined {
  const seq = Math.max(lastEventSeq ?? -1, ackSeq ?? -1);
  return seq >= 0 ? seq : undefined;
}

/** What the server streams by: region and categories (the window only sets the kpis frames, status is drawn client-side). */
export function streamScopeKey(query: Pick<MapQuery, 'region' | 'categories'>): string {
  return JSON.stringify([query.region, [...query.categories].sort()]);
}

/** The subscribe request for a scope, resuming after `since` when known. */
export function subscription(query: MapQuery, since: number | undefined): LiveSubscription {
  const request: LiveSubscription = { from: query.from, to: query.to };
  if (query.region) request.region = query.region;
  if (query.categories.length) request.categories = [...query.categories];
  if (since !== undefined) request.since = since;
  return request;
}

/**
 * The latest `limit` events for the live feed, newest first: those whose case status is among `query.status`
 * (all when empty) and whose time is in the window. The server already filtered region and categories.
 */
export function feedEvents(events: readonly LiveEvent[], query: Pick<MapQuery, 'from' | 'to' | 'status'>, limit = 50): LiveEvent[] {
  const from = Date.parse(query.from);
  const to = Date.parse(query.to);
  const statuses = query.status.length ? new Set<string>(query.status) : null;
  const out: LiveEvent[] = [];
  for (let i = events.length - 1; i >= 0 && out.length < limit; i--) {
    const e = events[i];
    if (statuses && !statuses.has(e.status)) continue;
    const at = Date.parse(e.at);
    if (at < from || at >= to) continue;
    out.push(e);
  }
  return out;
}
