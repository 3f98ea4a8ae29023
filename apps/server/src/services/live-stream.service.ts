import { BadRequestException, Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { LIVE_FRAME_INTERVAL_MS, type Alert, type KpiSnapshot, type LiveEvent, type LiveSubscription } from '@gridlens/contracts';
import { EventLogRepository } from '../repositories/event-log.repository';
import { CatalogueService } from './catalogue.service';
import { KpiService } from './kpi.service';
import { LiveBus } from './live-bus.service';

/** What the stream needs of a connected client (a socket.io socket in production). */
export interface LiveClient {
  id: string;
  sendEvents(events: LiveEvent[]): void;
  sendKpis(snapshot: KpiSnapshot): void;
  /** `alerts` frames (AlertService); optional for clients that do not take them. */
  sendAlerts?(alerts: Alert[]): void;
}

interface Subscriber {
  client: LiveClient;
  region: string | null;
  categories: string[] | null;
  minors: Set<string> | null;
  /** The window of the `kpis` frames (null: today in the city, as GET /api/v1/kpis). */
  from: string | null;
  to: string | null;
  scopeKey: string;
  /** Every event with seq ≤ cursor has been sent (if in scope) or skipped (if not). */
  cursor: number;
  /** Events with seq ≤ fillTo are read from the log (resume, or a gap in what reached us live). */
  fillTo: number;
  incoming: LiveEvent[];
}

/** Largest `events` frame; a longer backlog is sent over several frames. */
const MAX_FRAME = 50_000;
/** KPI frames: at most one per scope this often, and at least this often while anything changes. */
const KPI_INTERVAL_MS = 1_000;
const KPI_REFRESH_MS = 30_000;

/**
 * The live stream: per client, a cursor into the gap-free event log. Events reach it from the bus
 * (this instance's commits and, with Redis, other instances'); anything missing — a resume with
 * `since`, a relay arriving out of order, a restart — is read from the log, so a client sees every
 * event after its cursor exactly once, in seq order.
 */
@Injectable()
export class LiveStreamService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveStreamService.name);
  private readonly subscribers = new Map<string, Subscriber>();
  private readonly kpiDirty = new Set<string>();
  private readonly kpiSentAt = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  /** How long the last KPI frame took to compute (ms). */
  private kpiCostMs = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(
    @Inject(LiveBus) private readonly bus: LiveBus,
    @Inject(EventLogRepository) private readonly eventLog: EventLogRepository,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(KpiService) private readonly kpis: KpiService,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((events) => {
      for (const sub of this.subscribers.values()) sub.incoming.push(...events);
    });
    this.timer = setInterval(() => void this.tick(), LIVE_FRAME_INTERVAL_MS);
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
  }

  /** Start (or restart) a client's subscription; resolves with the head seq at that moment. */
  async subscribe(client: LiveClient, request: LiveSubscription): Promise<number> {
    const region = await this.catalogue.regionFilter(request.region);
    const minors = await this.catalogue.expandFilter(request.categories);
    const head = await this.eventLog.lastSeq();
    const since = request.since ?? head;
    if (since > head) throw new BadRequestException(`since: ${since} is beyond the newest event (${head})`);
    const categories = request.categories?.length ? [...request.categories].sort() : null;
    const from = request.from ?? null;
    const to = request.to ?? null;
    const scopeKey = JSON.stringify([region, categories, from, to]);
    this.subscribers.set(client.id, {
      client,
      region,
      categories,
      minors: minors ? new Set(minors) : null,
      from,
      to,
      scopeKey,
      cursor: since,
      fillTo: head,
      incoming: [],
    });
    this.kpiDirty.add(scopeKey);
    return head;
  }

  /**
   * An `alerts` frame to every subscriber whose scope holds the alerts: the city scope gets all; a region scope the
   * city's alerts and those of its district or region.
   */
  pushAlerts(alerts: Alert[]): void {
    for (const sub of this.subscribers.values()) {
      const mine = alerts.filter((a) => !sub.region || a.district === null || a.district === sub.region || a.region?.code === sub.region);
      if (mine.length) sub.client.sendAlerts?.(mine);
    }
  }

  remove(clientId: string): void {
    this.subscribers.delete(clientId);
  }

  /** One frame interval: send every subscriber what is due, then KPI frames for changed scopes. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      for (const sub of [...this.subscribers.values()]) {
        try {
          await this.flush(sub);
        } catch (error) {
          this.logger.warn(`live stream to ${sub.client.id} paused: ${(error as Error).message}`);
        }
      }
      await this.sendKpis().catch((error: Error) => this.logger.warn(`kpis frames paused: ${error.message}`));
    } finally {
      this.ticking = false;
    }
  }

  private async flush(sub: Subscriber): Promise<void> {
    const frame: LiveEvent[] = [];
    while (frame.length < MAX_FRAME) {
      if (sub.cursor < sub.fillTo) {
        const limit = MAX_FRAME - frame.length;
        const scope = { region: sub.region, categories: sub.minors ? [...sub.minors] : null };
        const page = await this.eventLog.range(sub.cursor, sub.fillTo, scope, limit);
        frame.push(...page);
        sub.cursor = page.length === limit ? page[page.length - 1].seq : sub.fillTo;
        continue;
      }
      if (sub.incoming.length === 0) break;
      sub.incoming.sort((a, b) => a.seq - b.seq);
      let i = 0;
      for (; i < sub.incoming.length && frame.length < MAX_FRAME; i++) {
        const e = sub.incoming[i];
        if (e.seq <= sub.cursor) continue;
        if (e.seq > sub.cursor + 1) {
          sub.fillTo = e.seq - 1; // a gap: read it from the log before going on
          break;
        }
        sub.cursor = e.seq;
        if (this.inScope(sub, e)) frame.push(e);
      }
      sub.incoming = sub.incoming.slice(i);
      if (sub.cursor >= sub.fillTo && sub.incoming.length === 0) break;
    }
    if (frame.length) {
      sub.client.sendEvents(frame);
      this.kpiDirty.add(sub.scopeKey);
    }
  }

  private inScope(sub: Subscriber, e: LiveEvent): boolean {
    if (sub.minors && !sub.minors.has(e.category)) return false;
    if (sub.region && !Object.values(e.regions).includes(sub.region)) return false;
    return true;
  }

  private async sendKpis(): Promise<void> {
    const now = Date.now();
    const scopes = new Map<string, Subscriber[]>();
    for (const sub of this.subscribers.values()) {
      const list = scopes.get(sub.scopeKey) ?? [];
      list.push(sub);
      scopes.set(sub.scopeKey, list);
    }
    for (const [key, subs] of scopes) {
      const last = this.kpiSentAt.get(key) ?? 0;
      // Never spend more than about a fifth of the time computing KPI frames: the interval grows with their cost.
      const interval = Math.max(KPI_INTERVAL_MS, 5 * this.kpiCostMs);
      const due = (this.kpiDirty.has(key) && now - last >= interval) || now - last >= KPI_REFRESH_MS;
      if (!due) continue;
      this.kpiDirty.delete(key);
      this.kpiSentAt.set(key, now);
      const started = Date.now();
      const { region, categories, from, to } = subs[0];
      const snapshot = await this.kpis.snapshot({ region, categories, from, to });
      this.kpiCostMs = Date.now() - started;
      for (const sub of subs) sub.client.sendKpis(snapshot);
    }
    for (const key of this.kpiSentAt.keys()) if (!scopes.has(key)) this.kpiSentAt.delete(key);
  }
}
