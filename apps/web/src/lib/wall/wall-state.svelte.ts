/// <reference types="svelte" />
import { io, type Socket } from 'socket.io-client';
import type { Alert, ClientToServerEvents, DepartmentView, LiveEvent, ServerToClientEvents, WallSnapshot } from '@gridlens/contracts';
import { LIVE_PATH } from '../state/live-stream-reducer';
import { updatePulses, type Pulse } from '../map/pulses';
import type { Rgba } from './colour-scales';
import { acknowledgeItem, itemsFromAlerts, itemsFromEvents, itemsGoneRed, itemsNewlyOverdue, mergeTicker, type TickerItem } from './ticker';
import { openAlerts } from './wall-api';
import type { WallPoint } from './wall-map';
import { WallStreamController, type WallConnection, type WallScope, type WallSocketPort } from './wall-stream-controller';

/** Live points kept on the map (the newest); older ones drop off. */
export const MAX_WALL_POINTS = 3000;
/** The map takes new points and pulses at most this often (one redraw per batch, not one per events frame). */
export const MAP_FLUSH_MS = 1000;
/** The wall opens with the ticker and map of the last this-many events (replayed by the server). */
export const TICKER_BACKLOG_SEQS = 2000;

const POINT_COLOURS: Partial<Record<LiveEvent['type'], Rgba>> = {
  reported: [248, 113, 113, 230],
  closed: [74, 222, 128, 220],
  voided: [100, 116, 139, 160],
};
const OTHER_POINT: Rgba = [251, 191, 36, 220];

export interface WallStateOptions {
  scope: WallScope;
  getToken: () => string | null;
  onUnauthorized: () => void;
  /** Is a minor category an emergency one (catalogue)? */
  isEmergency: (category: string) => boolean;
}

/**
 * The wall's live state as runes: the latest wall frame (or department view), the ticker, the map's live points
 * and pulses, the connection. One socket; WallStreamController does the protocol (tested without Svelte).
 */
export class WallState {
  status = $state<WallConnection>('connecting');
  error = $state<string | null>(null);
  snapshot = $state.raw<WallSnapshot | null>(null);
  department = $state.raw<DepartmentView | null>(null);
  ticker = $state.raw<readonly TickerItem[]>([]);
  points = $state.raw<readonly WallPoint[]>([]);
  pulses = $state.raw<readonly Pulse[]>([]);
  pointsVersion = $state(0);
  /** Date.now() when the current snapshot arrived (the bench and tests read it through data-* attributes). */
  appliedAt = $state<number | null>(null);

  private readonly controller: WallStreamController;

  constructor(private readonly options: WallStateOptions) {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(LIVE_PATH, {
      autoConnect: false,
      transports: ['websocket', 'polling'],
      auth: (send) => send({ token: options.getToken() }),
      reconnectionDelay: 500,
      reconnectionDelayMax: 2_000,
    });
    this.controller = new WallStreamController(socket as unknown as WallSocketPort, {
      onStatus: (s) => (this.status = s),
      onWall: (w) => this.applyWall(w),
      onDepartment: (d) => {
        this.department = d;
        this.appliedAt = Date.now();
      },
      onEvents: (events, replayedTo) => this.applyEvents(events, replayedTo),
      onAlerts: (alerts) => (this.ticker = mergeTicker(this.ticker, itemsFromAlerts(alerts))),
      onError: (m) => (this.error = m),
      onUnauthorized: options.onUnauthorized,
    }, options.scope, TICKER_BACKLOG_SEQS);
  }

  start(): void {
    this.controller.start();
    if (this.options.scope.kind !== 'department') {
      void openAlerts().then((alerts) => (this.ticker = mergeTicker(this.ticker, itemsFromAlerts(alerts.filter((a) => this.alertInScope(a))))));
    }
  }

  private alertInScope(alert: Alert): boolean {
    const scope = this.controller.current;
    return scope.kind === 'city' || (scope.kind === 'district' && (alert.district === scope.code || alert.district === null));
  }

  stop(): void {
    this.controller.stop();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  /** Drill down / rotate: the old scope's figures, points and ticker go (they were about another area). */
  setScope(scope: WallScope): void {
    const before = this.controller.current;
    this.controller.setScope(scope);
    if (this.controller.current === before) return;
    this.pendingMap = [];
    this.snapshot = null;
    this.department = null;
    this.points = [];
    this.pulses = [];
    this.announcedRed = new Set();
    this.ticker = this.ticker.filter((i) => i.kind === 'alert' && (scope.kind === 'city' || i.district === (scope.kind === 'district' ? scope.code : null)));
  }

  /** Called by the view's clock: cases among the most urgent that the clock has just taken past their deadline. */
  tick(now: number): void {
    const s = this.snapshot;
    if (!s) return;
    const seen = new Set(this.ticker.map((i) => i.id));
    const red = itemsGoneRed(s.timers.mostUrgent, s.timers.mostUrgent, now, seen);
    if (red.length) this.ticker = mergeTicker(this.ticker, red);
  }

  /** Pulses still running at `now` (performance.now()); the view's animation loop calls it. */
  prunePulses(now: number): void {
    const next = updatePulses(this.pulses, [], now);
    if (next.length !== this.pulses.length) this.pulses = next;
  }

  markAcknowledged(alert: Alert): void {
    this.ticker = acknowledgeItem(this.ticker, alert);
  }

  /** The cases of the last frame's `newlyOverdue` (each announced once). */
  private announcedRed: ReadonlySet<string> = new Set();

  private applyWall(next: WallSnapshot): void {
    const previous = this.snapshot;
    const seen = new Set(this.ticker.map((i) => i.id));
    const newly = itemsNewlyOverdue(next.newlyOverdue, this.announcedRed, seen);
    this.announcedRed = newly.announced;
    for (const i of newly.items) seen.add(i.id);
    const red = [...newly.items, ...itemsGoneRed(previous?.timers.mostUrgent ?? null, next.timers.mostUrgent, Date.now(), seen)];
    this.snapshot = next;
    this.appliedAt = Date.now();
    if (red.length) this.ticker = mergeTicker(this.ticker, red);
  }

  /** Events waiting for the map (flushed at most every MAP_FLUSH_MS: the ticker and counters must not wait for WebGL). */
  private pendingMap: LiveEvent[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  private replayedTo = -1;

  private applyEvents(events: LiveEvent[], replayedTo: number): void {
    this.ticker = mergeTicker(this.ticker, itemsFromEvents(events, this.options.isEmergency));
    this.replayedTo = replayedTo;
    this.pendingMap.push(...events);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      const batch = this.pendingMap;
      this.pendingMap = [];
      this.applyToMap(batch);
    }, MAP_FLUSH_MS);
  }

  private applyToMap(events: LiveEvent[]): void {
    const byCase = new Map(this.points.map((p) => [p.caseId, p]));
    const reported: LiveEvent[] = [];
    for (const e of events) {
      byCase.delete(e.caseId); // re-insert: the newest go last
      byCase.set(e.caseId, { caseId: e.caseId, lon: e.lon, lat: e.lat, colour: POINT_COLOURS[e.type] ?? OTHER_POINT });
      if (e.type === 'reported' && e.seq > this.replayedTo) reported.push(e); // the replayed past does not ring
    }
    const all = [...byCase.values()];
    this.points = all.length > MAX_WALL_POINTS ? all.slice(all.length - MAX_WALL_POINTS) : all;
    this.pointsVersion++;
    this.pulses = updatePulses(this.pulses, reported.slice(-200), performance.now());
  }
}
