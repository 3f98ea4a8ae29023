/**
 * The wall's live connection without Svelte: on every (re)connect it watches the wall scope (`watchWall`: `city`,
 * a district code or `department:<code>`; the server answers with a frame at once and then one per change, at most
 * every 500 ms) and subscribes to the event stream of the same region (for the ticker and the map's pulsing
 * points; `alerts` frames come with it), resuming after the last event seen so a reconnect loses no ticker item.
 * Frames of another scope (sent before a re-watch took effect) are dropped. Never polls.
 */
import type { Alert, DepartmentView, LiveEvent, LiveSubscription, SubscribeAck, WallSnapshot, WatchWallAck, WatchWallRequest } from '@gridlens/contracts';

export type WallConnection = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** The part of the typed socket.io client the controller uses (a fake in the spec). */
export interface WallSocketPort {
  readonly active: boolean;
  readonly connected: boolean;
  on(event: 'connect', listener: () => void): unknown;
  on(event: 'disconnect', listener: (reason: string) => void): unknown;
  on(event: 'connect_error', listener: (error: Error) => void): unknown;
  on(event: 'events', listener: (events: LiveEvent[]) => void): unknown;
  on(event: 'alerts', listener: (alerts: Alert[]) => void): unknown;
  on(event: 'wall', listener: (snapshot: WallSnapshot) => void): unknown;
  on(event: 'departmentView', listener: (view: DepartmentView) => void): unknown;
  emit(event: 'subscribe', request: LiveSubscription, ack: (result: SubscribeAck) => void): unknown;
  emit(event: 'watchWall', request: WatchWallRequest, ack: (result: WatchWallAck) => void): unknown;
  connect(): unknown;
  disconnect(): unknown;
}

/** What the wall watches: the city, a district, or a department's own view. */
export type WallScope = { kind: 'city' } | { kind: 'district'; code: string } | { kind: 'department'; code: string };

export interface WallStreamHooks {
  onStatus(status: WallConnection): void;
  onWall(snapshot: WallSnapshot): void;
  onDepartment(view: DepartmentView): void;
  /**
   * Events of the scope's region, in seq order, each once. Those with seq ≤ `replayedTo` are the backlog replayed
   * when the wall opened (recent history for the ticker and the map), not news.
   */
  onEvents(events: LiveEvent[], replayedTo: number): void;
  onAlerts(alerts: Alert[]): void;
  onError(message: string | null): void;
  onUnauthorized(): void;
}

/** The `watchWall` scope string of a scope. */
export function watchScope(scope: WallScope): string {
  return scope.kind === 'city' ? 'city' : scope.kind === 'district' ? scope.code : `department:${scope.code}`;
}

/** True when a wall frame is for this scope. */
export function wallFrameMatches(snapshot: WallSnapshot, scope: WallScope): boolean {
  if (scope.kind === 'city') return snapshot.scope.kind === 'city';
  return scope.kind === 'district' && snapshot.scope.kind === 'district' && snapshot.scope.code === scope.code;
}

export class WallStreamController {
  private scope: WallScope;
  private lastEventSeq: number | null = null;
  private lastFrameSeq = -1;
  private generation = 0;
  /** The head of the log when the current scope's stream started: events up to it are replayed backlog. */
  private replayedTo = -1;

  /**
   * @param backlog how many seqs before the head a scope's event stream starts (the server replays them), so the
   *   ticker and the map open with the recent past instead of empty.
   */
  constructor(
    private readonly socket: WallSocketPort,
    private readonly hooks: WallStreamHooks,
    scope: WallScope,
    private readonly backlog = 0,
  ) {
    this.scope = scope;
    socket.on('connect', () => {
      hooks.onStatus('connected');
      this.watch();
    });
    socket.on('disconnect', () => hooks.onStatus(this.socket.active ? 'reconnecting' : 'offline'));
    socket.on('connect_error', () => {
      if (this.socket.active) return hooks.onStatus('reconnecting');
      hooks.onStatus('offline');
      hooks.onUnauthorized();
    });
    socket.on('wall', (snapshot) => {
      if (!wallFrameMatches(snapshot, this.scope) || snapshot.seq < this.lastFrameSeq) return;
      this.lastFrameSeq = snapshot.seq;
      hooks.onWall(snapshot);
    });
    socket.on('departmentView', (view) => {
      if (this.scope.kind !== 'department' || view.department.code !== this.scope.code || view.seq < this.lastFrameSeq) return;
      this.lastFrameSeq = view.seq;
      hooks.onDepartment(view);
    });
    socket.on('events', (events) => {
      const fresh = events.filter((e) => this.lastEventSeq === null || e.seq > this.lastEventSeq);
      if (!fresh.length) return;
      this.lastEventSeq = fresh[fresh.length - 1].seq;
      hooks.onEvents(fresh, this.replayedTo);
    });
    socket.on('alerts', (alerts) => {
      if (alerts.length) hooks.onAlerts(alerts);
    });
  }

  get current(): WallScope {
    return this.scope;
  }

  start(): void {
    this.hooks.onStatus('connecting');
    this.socket.connect();
  }

  stop(): void {
    this.socket.disconnect();
  }

  /** Watch another scope (a drill-down, a rotation step): frames of the old one are dropped from now on. */
  setScope(scope: WallScope): void {
    if (watchScope(scope) === watchScope(this.scope)) return;
    this.scope = scope;
    this.lastFrameSeq = -1;
    this.lastEventSeq = null; // another region: its stream starts afresh
    this.replayedTo = -1;
    if (this.socket.connected) this.watch();
  }

  private watch(): void {
    const generation = ++this.generation;
    const scope = this.scope;
    this.socket.emit('watchWall', { scope: watchScope(scope) }, (ack) => {
      if (generation !== this.generation) return;
      this.hooks.onError(ack.ok ? null : ack.error);
    });
    if (scope.kind !== 'department') this.subscribe(generation, scope); // a department's frames carry all it shows
  }

  /** The event stream of the region: the ticker's returns, reworks and emergencies, the map's points, alerts. */
  private subscribe(generation: number, scope: WallScope): void {
    const request: LiveSubscription = {};
    if (scope.kind === 'district') request.region = scope.code;
    if (this.lastEventSeq !== null) request.since = this.lastEventSeq;
    this.socket.emit('subscribe', request, (ack) => {
      if (generation !== this.generation) return;
      if (!ack.ok) return this.hooks.onError(ack.error);
      if (this.lastEventSeq !== null) return;
      // A new stream starts at the head: step back `backlog` seqs and let the server replay them.
      this.replayedTo = ack.seq;
      this.lastEventSeq = Math.max(0, ack.seq - this.backlog);
      if (this.lastEventSeq < ack.seq) this.subscribe(generation, scope);
    });
  }
}
