import type { KpiSnapshot, LiveEvent, LiveSubscription, SubscribeAck } from '@gridlens/contracts';
import type { MapQuery } from './map-query';
import { appendEvents, MAX_LIVE_EVENTS, nextSince, streamScopeKey, subscription } from './live-stream-reducer';

export type ConnectionState = 'connected' | 'reconnecting' | 'offline';

/** What LiveStream shows: replaced as a whole on every change (the arrays are never mutated). */
export interface LiveSnapshot {
  status: ConnectionState;
  /** True once the socket has connected at least once (to tell "connecting" from "reconnecting"). */
  everConnected: boolean;
  /** Events of the current scope in seq order; every one after `startSeq` is here (until the cap drops the oldest). */
  events: readonly LiveEvent[];
  startSeq: number | null;
  /** The newest seq accounted for (last event received, or the first ack): `since` of the next (re)subscription. */
  lastSeq: number | null;
  /** The latest `kpis` frame of the current scope and window. */
  kpis: KpiSnapshot | null;
  /** The last refused subscription's error, if any. */
  error: string | null;
}

/** The part of a socket.io client socket the controller uses (the typed `Socket` has it; tests pass a fake). */
export interface LiveSocketPort {
  readonly active: boolean;
  readonly connected: boolean;
  on(event: 'connect', listener: () => void): unknown;
  on(event: 'disconnect', listener: (reason: string) => void): unknown;
  on(event: 'connect_error', listener: (error: Error) => void): unknown;
  on(event: 'events', listener: (events: LiveEvent[]) => void): unknown;
  on(event: 'kpis', listener: (snapshot: KpiSnapshot) => void): unknown;
  emit(event: 'subscribe', request: LiveSubscription, ack: (result: SubscribeAck) => void): unknown;
  connect(): unknown;
  disconnect(): unknown;
}

export interface LiveStreamHooks {
  onChange(snapshot: LiveSnapshot): void;
  /** The server refused the token (a middleware connect_error: socket.io does not retry those). */
  onUnauthorized(): void;
}

/** True when a kpis frame was computed for this scope and window. */
export function kpisMatch(snapshot: KpiSnapshot, query: MapQuery): boolean {
  const s = snapshot.scope;
  return (
    (s.region ?? null) === query.region &&
    JSON.stringify([...s.categories].sort()) === JSON.stringify([...query.categories].sort()) &&
    Date.parse(s.from) === Date.parse(query.from) &&
    Date.parse(s.to) === Date.parse(query.to)
  );
}

/** The newest snapshot computed for this scope and window among those given (a live frame, a GET answer), or null. */
export function newestKpis(candidates: readonly (KpiSnapshot | null)[], query: MapQuery): KpiSnapshot | null {
  let best: KpiSnapshot | null = null;
  for (const s of candidates) if (s && kpisMatch(s, query) && (!best || s.seq > best.seq)) best = s;
  return best;
}

/**
 * The live stream's logic without Svelte: subscribes with the scope on every (re)connect, resuming with `since`
 * = the last seq accounted for; appends `events` frames (deduplicated by seq, capped); keeps the latest `kpis`
 * frame of the scope. Changing the region or categories starts a new event list at the current seq.
 */
export class LiveStreamController {
  private snapshot: LiveSnapshot = { status: 'reconnecting', everConnected: false, events: [], startSeq: null, lastSeq: null, kpis: null, error: null };
  private query: MapQuery | null = null;
  private scopeKey: string | null = null;
  /** Increases with every subscribe sent; frames and acks of an older one are ignored until its ack. */
  private pending: number | null = null;
  private requests = 0;

  /**
   * @param backlog how many seqs before the head a new scope starts at (the first subscription, and after a change
   *   of region or categories), so that the feed is not empty until the next event: the server replays them.
   */
  constructor(
    private readonly socket: LiveSocketPort,
    private readonly hooks: LiveStreamHooks,
    private readonly cap = MAX_LIVE_EVENTS,
    private readonly backlog = 0,
  ) {
    socket.on('connect', () => {
      this.update({ status: 'connected', everConnected: true });
      this.subscribe();
    });
    socket.on('disconnect', () => this.update({ status: this.socket.active ? 'reconnecting' : 'offline' }));
    socket.on('connect_error', () => {
      if (this.socket.active) return this.update({ status: 'reconnecting' });
      this.update({ status: 'offline' });
      this.hooks.onUnauthorized();
    });
    socket.on('events', (frame) => {
      if (this.pending !== null) return; // the previous subscription's, sent before the new one took over
      const events = appendEvents(this.snapshot.events, frame, this.cap);
      if (events === this.snapshot.events) return;
      this.update({ events, lastSeq: Math.max(this.snapshot.lastSeq ?? -1, events[events.length - 1].seq) });
    });
    socket.on('kpis', (kpis) => {
      if (this.query && kpisMatch(kpis, this.query)) this.update({ kpis });
    });
  }

  get state(): LiveSnapshot {
    return this.snapshot;
  }

  /** Set the scope (and the kpis window); re-subscribes when connected. */
  setQuery(query: MapQuery): void {
    const key = streamScopeKey(query);
    const same = this.query && key === this.scopeKey && query.from === this.query.from && query.to === this.query.to;
    if (same) return;
    if (this.scopeKey !== null && key !== this.scopeKey) {
      // Another region/categories: the events held are of the old scope. Start afresh, `backlog` seqs back.
      const start = this.snapshot.lastSeq === null ? null : Math.max(0, this.snapshot.lastSeq - this.backlog);
      this.update({ events: [], startSeq: start, lastSeq: start, kpis: null });
    } else if (this.query) this.update({ kpis: null });
    this.query = query;
    this.scopeKey = key;
    if (this.socket.connected) this.subscribe();
  }

  start(): void {
    this.socket.connect();
  }

  stop(): void {
    this.socket.disconnect();
  }

  private subscribe(): void {
    if (!this.query) return;
    const id = ++this.requests;
    this.pending = id;
    const request = subscription(this.query, nextSince(this.snapshot.lastSeq, null));
    this.socket.emit('subscribe', request, (ack) => {
      if (id !== this.requests) return; // a newer subscribe is on its way
      this.pending = null;
      if (ack.ok) {
        if (this.snapshot.startSeq !== null) return this.update({ error: null });
        // The first subscription: it starts at the head; step back `backlog` seqs and let the server replay them.
        const start = Math.max(0, ack.seq - this.backlog);
        this.update({ error: null, startSeq: start, lastSeq: start });
        if (start < ack.seq) this.subscribe();
      } else if (request.since !== undefined && /since/.test(ack.error)) {
        // The server's log is behind what we saw (a fresh database): start over from its head.
        this.update({ events: [], startSeq: null, lastSeq: null, kpis: null, error: null });
        this.subscribe();
      } else {
        this.update({ error: ack.error });
      }
    });
  }

  private update(patch: Partial<LiveSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.hooks.onChange(this.snapshot);
  }
}
