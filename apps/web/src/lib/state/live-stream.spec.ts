import { describe, expect, it } from 'vitest';
import { LIVE_NAMESPACE, type KpiSnapshot, type LiveEvent, type LiveSubscription, type SubscribeAck } from '@gridlens/contracts';
import { LiveStreamController, newestKpis, type LiveSnapshot, type LiveSocketPort } from './live-stream-controller';
import { appendEvents, feedEvents, LIVE_PATH, nextSince, streamScopeKey, subscription } from './live-stream-reducer';
import type { MapQuery } from './map-query';

const ev = (seq: number, over: Partial<LiveEvent> = {}): LiveEvent => ({
  seq,
  eventId: `e${seq}`,
  caseId: `c${seq % 7}`,
  type: 'reported',
  at: new Date(Date.UTC(2026, 10, 28, 2, 0, seq)).toISOString(),
  category: 'C0101',
  lon: 119.9,
  lat: 31.8,
  regions: { city: '320400', district: '320402', street: null, community: null, grid: null },
  status: 'reported',
  ...over,
});
const seqs = (events: readonly LiveEvent[]) => events.map((e) => e.seq);

const QUERY: MapQuery = { from: '2026-11-27T16:00:00.000Z', to: '2026-11-28T16:00:00.000Z', categories: [], region: null, status: [] };

describe('live-stream reducer', () => {
  it('appends in seq order, returns a new array and leaves the old one alone', () => {
    const a = appendEvents([], [ev(1), ev(2)]);
    const b = appendEvents(a, [ev(3)]);
    expect(seqs(a)).toEqual([1, 2]);
    expect(seqs(b)).toEqual([1, 2, 3]);
    expect(b).not.toBe(a);
  });

  it('drops events it already holds after a resume (dedupe by seq), and returns the same array if nothing is new', () => {
    const a = appendEvents([], [ev(1), ev(2), ev(3)]);
    expect(seqs(appendEvents(a, [ev(2), ev(3), ev(4)]))).toEqual([1, 2, 3, 4]);
    expect(appendEvents(a, [ev(1), ev(3)])).toBe(a);
    expect(seqs(appendEvents([], [ev(5), ev(5), ev(6)]))).toEqual([5, 6]);
  });

  it('keeps at most the cap, the newest', () => {
    const a = appendEvents([], [1, 2, 3, 4].map((s) => ev(s)), 5);
    expect(seqs(appendEvents(a, [ev(5), ev(6)], 5))).toEqual([2, 3, 4, 5, 6]);
    expect(seqs(appendEvents(a, [6, 7, 8, 9, 10, 11].map((s) => ev(s)), 5))).toEqual([7, 8, 9, 10, 11]);
  });

  it('resumes after the last event received, or the first ack when nothing arrived', () => {
    expect(nextSince(null, null)).toBeUndefined();
    expect(nextSince(null, 40)).toBe(40);
    expect(nextSince(45, 40)).toBe(45);
    expect(nextSince(0, null)).toBe(0);
  });

  it('subscribes with region, categories and the window; the stream scope ignores window and status', () => {
    expect(subscription(QUERY, undefined)).toEqual({ from: QUERY.from, to: QUERY.to });
    expect(subscription({ ...QUERY, region: '320402', categories: ['E05'] }, 12)).toEqual({ from: QUERY.from, to: QUERY.to, region: '320402', categories: ['E05'], since: 12 });
    expect(streamScopeKey({ region: null, categories: ['b', 'a'] })).toBe(streamScopeKey({ region: null, categories: ['a', 'b'] }));
    expect(streamScopeKey({ region: '320402', categories: [] })).not.toBe(streamScopeKey({ region: null, categories: [] }));
  });

  it('selects the feed: newest first, statuses and window applied, at most the limit', () => {
    const events = [ev(1), ev(2, { status: 'closed' }), ev(3), ev(4, { at: '2026-11-29T00:00:00.000Z' }), ev(5)];
    expect(seqs(feedEvents(events, QUERY))).toEqual([5, 3, 2, 1]);
    expect(seqs(feedEvents(events, { ...QUERY, status: ['reported'] }))).toEqual([5, 3, 1]);
    expect(seqs(feedEvents(events, QUERY, 2))).toEqual([5, 3]);
    expect(feedEvents([], QUERY)).toEqual([]);
  });
});

/** A fake socket.io client socket: the test plays the server. */
class FakeSocket implements LiveSocketPort {
  active = false;
  connected = false;
  readonly sent: { request: LiveSubscription; ack: (r: SubscribeAck) => void }[] = [];
  private readonly listeners = new Map<string, ((...args: never[]) => void)[]>();
  on(event: string, listener: (...args: never[]) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(_event: 'subscribe', request: LiveSubscription, ack: (r: SubscribeAck) => void): this {
    this.sent.push({ request, ack });
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => void)(...args);
  }
  connect(): this {
    this.active = true;
    this.connected = true;
    this.fire('connect');
    return this;
  }
  drop(): void {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }
  disconnect(): this {
    this.active = false;
    this.connected = false;
    this.fire('disconnect', 'io client disconnect');
    return this;
  }
  lastRequest(): LiveSubscription {
    return this.sent[this.sent.length - 1].request;
  }
  ack(result: SubscribeAck): void {
    this.sent[this.sent.length - 1].ack(result);
  }
}

function setup() {
  const socket = new FakeSocket();
  const states: LiveSnapshot[] = [];
  let unauthorized = 0;
  const live = new LiveStreamController(socket, { onChange: (s) => states.push(s), onUnauthorized: () => unauthorized++ }, 1000);
  return { socket, live, states, unauthorized: () => unauthorized };
}

const kpis = (seq: number, scope: Partial<KpiSnapshot['scope']> = {}) =>
  ({ seq, scope: { region: null, categories: [], from: QUERY.from, to: QUERY.to, ...scope } }) as KpiSnapshot;

describe('LiveStreamController', () => {
  it('subscribes on connect, starts at the ack seq, and resumes with since = last seq after a reconnect', () => {
    const { socket, live } = setup();
    live.setQuery(QUERY);
    expect(socket.sent).toHaveLength(0);
    live.start();
    expect(live.state.status).toBe('connected');
    expect(socket.lastRequest()).toEqual({ from: QUERY.from, to: QUERY.to });
    socket.ack({ ok: true, seq: 100 });
    expect(live.state).toMatchObject({ startSeq: 100, lastSeq: 100 });
    socket.fire('events', [ev(101), ev(102)]);
    expect(seqs(live.state.events)).toEqual([101, 102]);

    socket.drop();
    expect(live.state.status).toBe('reconnecting');
    socket.connect();
    expect(socket.lastRequest().since).toBe(102);
    socket.ack({ ok: true, seq: 130 });
    expect(live.state).toMatchObject({ startSeq: 100, lastSeq: 102, status: 'connected' });
    socket.fire('events', [ev(102), ev(103)]);
    expect(seqs(live.state.events)).toEqual([101, 102, 103]);
  });

  it('re-subscribes on a scope change with since = last seq and starts a new event list there', () => {
    const { socket, live } = setup();
    live.setQuery(QUERY);
    live.start();
    socket.ack({ ok: true, seq: 10 });
    socket.fire('events', [ev(11), ev(12)]);
    live.setQuery({ ...QUERY, region: '320402' });
    expect(socket.lastRequest()).toEqual({ from: QUERY.from, to: QUERY.to, region: '320402', since: 12 });
    expect(live.state).toMatchObject({ events: [], startSeq: 12 });
    socket.fire('events', [ev(13)]); // still the old subscription's: ignored until the ack
    socket.ack({ ok: true, seq: 13 });
    socket.fire('events', [ev(13, { eventId: 'new' })]);
    expect(live.state.events.map((e) => e.eventId)).toEqual(['new']);
    // A window change re-subscribes too (for the kpis frames) but keeps the events.
    live.setQuery({ ...QUERY, region: '320402', from: '2026-11-21T16:00:00.000Z' });
    expect(socket.lastRequest()).toMatchObject({ from: '2026-11-21T16:00:00.000Z', since: 13 });
    expect(live.state.events).toHaveLength(1);
    const before = socket.sent.length;
    live.setQuery({ ...QUERY, region: '320402', from: '2026-11-21T16:00:00.000Z', status: ['closed'] });
    expect(socket.sent).toHaveLength(before); // status is not the server's business
  });

  it('starts a new scope a backlog of seqs back, so the feed opens with the latest events', () => {
    const socket = new FakeSocket();
    const live = new LiveStreamController(socket, { onChange: () => undefined, onUnauthorized: () => undefined }, 1000, 100);
    live.setQuery(QUERY);
    live.start();
    expect(socket.lastRequest().since).toBeUndefined();
    socket.ack({ ok: true, seq: 250 });
    expect(socket.lastRequest().since).toBe(150); // subscribed again, 100 back
    expect(live.state).toMatchObject({ startSeq: 150, lastSeq: 150 });
    socket.fire('events', [ev(251)]); // the first subscription's: ignored until the second ack
    socket.ack({ ok: true, seq: 251 });
    expect(socket.sent).toHaveLength(2);
    socket.fire('events', [ev(160), ev(251)]);
    expect(seqs(live.state.events)).toEqual([160, 251]);
    live.setQuery({ ...QUERY, region: '320402' });
    expect(socket.lastRequest().since).toBe(151);
    expect(live.state).toMatchObject({ events: [], startSeq: 151, lastSeq: 151 });
    // Near the start of the log the backlog stops at 0.
    const fresh = new FakeSocket();
    const early = new LiveStreamController(fresh, { onChange: () => undefined, onUnauthorized: () => undefined }, 1000, 100);
    early.setQuery(QUERY);
    early.start();
    fresh.ack({ ok: true, seq: 40 });
    expect(fresh.lastRequest().since).toBe(0);
    fresh.ack({ ok: true, seq: 40 });
    expect(early.state.startSeq).toBe(0);
  });

  it('keeps only kpis frames of the current scope and window', () => {
    const { socket, live } = setup();
    live.setQuery(QUERY);
    live.start();
    socket.ack({ ok: true, seq: 1 });
    socket.fire('kpis', kpis(5, { region: '320402' }));
    expect(live.state.kpis).toBeNull();
    socket.fire('kpis', kpis(6));
    expect(live.state.kpis?.seq).toBe(6);
  });

  it('shows the newest KPI snapshot of the scope and window, live frame or GET answer (the live one on a tie)', () => {
    const live = kpis(10);
    expect(newestKpis([live, kpis(9)], QUERY)).toBe(live);
    expect(newestKpis([live, kpis(10)], QUERY)).toBe(live);
    expect(newestKpis([live, kpis(12)], QUERY)?.seq).toBe(12);
    expect(newestKpis([kpis(20, { from: '2026-11-21T16:00:00.000Z' }), null], QUERY)).toBeNull();
    expect(newestKpis([kpis(20, { categories: ['E05'] }), live], { ...QUERY, categories: ['E05'] })?.seq).toBe(20);
    // The server sends instants as toISOString(); any spelling of the same instant matches.
    expect(newestKpis([kpis(3, { from: '2026-11-28T00:00:00+08:00' })], QUERY)?.seq).toBe(3);
  });

  it('starts over when the server no longer knows the since seq (a fresh database)', () => {
    const { socket, live } = setup();
    live.setQuery(QUERY);
    live.start();
    socket.ack({ ok: true, seq: 50 });
    socket.fire('events', [ev(51)]);
    socket.drop();
    socket.connect();
    socket.ack({ ok: false, error: 'since: 51 is beyond the newest event (3)' });
    expect(socket.lastRequest().since).toBeUndefined();
    socket.ack({ ok: true, seq: 3 });
    expect(live.state).toMatchObject({ events: [], startSeq: 3, lastSeq: 3, error: null });
  });

  it('signs out when the server refuses the token, and is offline after stop', () => {
    const { socket, live, unauthorized } = setup();
    live.setQuery(QUERY);
    socket.active = true;
    socket.fire('connect_error', new Error('server unreachable'));
    expect(live.state.status).toBe('reconnecting');
    expect(unauthorized()).toBe(0);
    socket.active = false; // a middleware refusal: socket.io gives up
    socket.fire('connect_error', new Error('invalid or expired token'));
    expect(live.state.status).toBe('offline');
    expect(unauthorized()).toBe(1);
    live.start();
    live.stop();
    expect(live.state.status).toBe('offline');
  });
});

describe('live namespace', () => {
  it('is the contract one', () => {
    expect(LIVE_PATH).toBe(LIVE_NAMESPACE);
  });
});
