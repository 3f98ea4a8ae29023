import { BadRequestException, Inject, Injectable, Logger, NotFoundException, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { WALL_MIN_INTERVAL_MS, WALL_REFRESH_MS, type DepartmentView, type LiveEvent, type WallSnapshot } from '@gridlens/contracts';
import { DepartmentViewService } from './department-view.service';
import { LiveBus } from './live-bus.service';
import { WallService } from './wall.service';

/** What the wall stream needs of a socket (a socket.io socket in production). */
export interface WallWatcher {
  id: string;
  sendWall(snapshot: WallSnapshot): void;
  sendDepartmentView(view: DepartmentView): void;
}

interface ScopeState {
  watchers: Map<string, WallWatcher>;
  /** Events touched the scope since its last computation. */
  dirty: boolean;
  lastAt: number;
  /** Watchers that joined since the last computation and need a frame at once. */
  fresh: Set<string>;
}

const TICK_MS = 100;

/**
 * `wall` and `departmentView` frames (docs/api.md "Wall", live): per watched scope, recomputed when events touch
 * it, coalesced (at most one computation per scope per WALL_MIN_INTERVAL_MS, longer when computations are slow:
 * twice the last one's cost), refreshed every WALL_REFRESH_MS as timers move, and only for scopes someone
 * watches. One computation at a time per instance, shared by every watcher of the scope; events from other
 * instances arrive through the LiveBus (Redis relay), as the kpis frames' do.
 */
@Injectable()
export class WallStreamService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WallStreamService.name);
  private readonly scopes = new Map<string, ScopeState>();
  private readonly scopeOf = new Map<string, string>();
  private readonly costMs = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private unsubscribe: (() => void) | null = null;
  /** Computations done (for tests and the measurement). */
  computations = 0;

  constructor(
    @Inject(LiveBus) private readonly bus: LiveBus,
    @Inject(WallService) private readonly wall: WallService,
    @Inject(DepartmentViewService) private readonly departments: DepartmentViewService,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((events) => this.noteEvents(events));
    this.timer = setInterval(() => void this.tick(), TICK_MS);
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
  }

  /** Watch `scope` (replacing the watcher's previous scope), or stop with null. Bad scopes are refused (400/404). */
  async watch(watcher: WallWatcher, scope: string | null): Promise<string | null> {
    if (scope !== null) await this.validate(scope);
    this.remove(watcher.id);
    if (scope === null) return null;
    const state = this.scopes.get(scope) ?? { watchers: new Map(), dirty: true, lastAt: 0, fresh: new Set<string>() };
    state.watchers.set(watcher.id, watcher);
    state.fresh.add(watcher.id);
    this.scopes.set(scope, state);
    this.scopeOf.set(watcher.id, scope);
    return scope;
  }

  remove(watcherId: string): void {
    const scope = this.scopeOf.get(watcherId);
    if (scope === undefined) return;
    this.scopeOf.delete(watcherId);
    const state = this.scopes.get(scope);
    state?.watchers.delete(watcherId);
    state?.fresh.delete(watcherId);
    if (state && state.watchers.size === 0) this.scopes.delete(scope);
  }

  private async validate(scope: string): Promise<void> {
    if (scope.startsWith('department:')) {
      const code = scope.slice('department:'.length);
      if (!(await this.departments.exists(code))) throw new NotFoundException(`scope: no department "${code}"`);
      return;
    }
    await this.wall.resolveScope(scope).catch((error: Error) => {
      throw new BadRequestException(error.message);
    });
  }

  /** City walls and department views change with any event; a district wall with its district's events. */
  noteEvents(events: LiveEvent[]): void {
    const districts = new Set(events.map((e) => e.regions.district));
    for (const [scope, state] of this.scopes) {
      if (scope === 'city' || scope.startsWith('department:') || districts.has(scope)) state.dirty = true;
    }
  }

  /** Compute what is due, one scope after another; a tick never overlaps the previous one. */
  async tick(now = Date.now()): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (const [scope, state] of [...this.scopes]) {
        const interval = Math.max(WALL_MIN_INTERVAL_MS, 2 * (this.costMs.get(scope) ?? 0));
        const due = state.fresh.size > 0 || (state.dirty && now - state.lastAt >= interval) || now - state.lastAt >= WALL_REFRESH_MS;
        if (!due) continue;
        state.dirty = false;
        state.fresh.clear();
        state.lastAt = now;
        await this.compute(scope, state).catch((error: Error) => this.logger.warn(`wall frames for ${scope} paused: ${error.message}`));
        now = Date.now();
      }
    } finally {
      this.running = false;
    }
  }

  private async compute(scope: string, state: ScopeState): Promise<void> {
    const started = Date.now();
    this.computations++;
    if (scope.startsWith('department:')) {
      const view = await this.departments.view(scope.slice('department:'.length));
      for (const w of state.watchers.values()) w.sendDepartmentView(view);
    } else {
      const snapshot = await this.wall.snapshot(scope);
      for (const w of state.watchers.values()) w.sendWall(snapshot);
    }
    this.costMs.set(scope, Date.now() - started);
  }
}
