/// <reference types="svelte" />
import { untrack } from 'svelte';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, KpiSnapshot, LiveEvent, ServerToClientEvents } from '@gridlens/contracts';
import { LiveStreamController, type ConnectionState, type LiveSnapshot } from './live-stream-controller';
import { LIVE_PATH, MAX_LIVE_EVENTS } from './live-stream-reducer';
import type { MapQuery } from './map-query';

/** A new scope starts this many seqs back, so the live feed opens with the latest events rather than empty. */
const FEED_BACKLOG_SEQS = 500;

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveStreamOptions {
  /** The sign-in token, read on every (re)connect. */
  getToken: () => string | null;
  /** The server refused the token: sign out. */
  onUnauthorized: () => void;
  /** Origin of the server; '' = same origin. */
  url?: string;
}

/**
 * The live socket as Svelte state: connection status, the events of the current scope ($state.raw, replaced on
 * every frame), the seq they start after, the last seq and the latest `kpis` frame. The logic lives in
 * LiveStreamController (tested without Svelte); this class only mirrors its snapshot into runes.
 */
export class LiveStream {
  status = $state<ConnectionState>('reconnecting');
  everConnected = $state(false);
  events = $state.raw<readonly LiveEvent[]>([]);
  startSeq = $state<number | null>(null);
  lastSeq = $state<number | null>(null);
  kpis = $state.raw<KpiSnapshot | null>(null);
  error = $state<string | null>(null);

  private readonly socket: LiveSocket;
  private readonly controller: LiveStreamController;

  constructor(options: LiveStreamOptions) {
    this.socket = io(`${options.url ?? ''}${LIVE_PATH}`, {
      autoConnect: false,
      transports: ['websocket', 'polling'],
      auth: (send) => send({ token: options.getToken() }),
      reconnectionDelay: 500,
      reconnectionDelayMax: 2_000,
    });
    this.controller = new LiveStreamController(
      this.socket,
      { onChange: (s) => this.mirror(s), onUnauthorized: options.onUnauthorized },
      MAX_LIVE_EVENTS,
      FEED_BACKLOG_SEQS,
    );
  }

  /** Follow a scope: the first call before start() sets it, later ones re-subscribe. */
  setQuery(query: MapQuery): void {
    // Untracked: an effect that calls this depends on the query only, not on the state the call updates.
    untrack(() => this.controller.setQuery(query));
  }

  start(): void {
    this.controller.start();
  }

  stop(): void {
    this.controller.stop();
  }

  private mirror(s: LiveSnapshot): void {
    if (this.status !== s.status) this.status = s.status;
    if (this.everConnected !== s.everConnected) this.everConnected = s.everConnected;
    if (this.events !== s.events) this.events = s.events;
    if (this.startSeq !== s.startSeq) this.startSeq = s.startSeq;
    if (this.lastSeq !== s.lastSeq) this.lastSeq = s.lastSeq;
    if (this.kpis !== s.kpis) this.kpis = s.kpis;
    if (this.error !== s.error) this.error = s.error;
  }
}
