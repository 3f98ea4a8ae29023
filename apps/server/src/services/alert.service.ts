import { ConflictException, Inject, Injectable, Logger, NotFoundException, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HOUR_MS } from '@gridlens/alerts';
import type { Alert, AlertList, AlertsQuery, LiveEvent } from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AlertRepository } from '../repositories/alert.repository';
import { AlertRulesService, type RuleOutcome } from './alert-rules.service';
import { EmergingAlertService } from './emerging-alert.service';
import { LiveBus } from './live-bus.service';
import { LiveStreamService } from './live-stream.service';

/** The rate rule runs at most this often while reports arrive (it reads every unit's counts in one statement). */
const RATE_INTERVAL_MS = 5_000;
const MINUTE_MS = 60_000;
/** The first emerging hot spot run after start (then every hour): after a demo's backfill, usually. */
const FIRST_EMERGING_MS = 2 * 60_000;

/**
 * Alerts (docs/alerts.md): evaluated as events arrive on the LiveBus (emergencies at once, the rate rule coalesced)
 * and on timers (overdue rising every minute, rate alerts ending with their hour, emerging hot spots every hour);
 * stored by AlertRepository under dedupe keys, pushed as `alerts` frames through LiveStreamService, listed and
 * acknowledged through AlertController. Work is done one step at a time (a promise chain): never two evaluations
 * at once on one instance.
 */
@Injectable()
export class AlertService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AlertService.name);
  private unsubscribe: (() => void) | null = null;
  private timers: NodeJS.Timeout[] = [];
  private chain: Promise<void> = Promise.resolve();
  private queued: LiveEvent[] = [];
  private rateDirty = false;
  private rateLast = 0;
  /** With REDIS_URL: tells the other instances which alerts changed outside an evaluation (acknowledgements). */
  private relay: ((ids: string[]) => void) | null = null;
  /** updatedAt of what this instance last pushed, per alert id (another instance may have written the alert). */
  private readonly pushed = new Map<string, string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(AlertRulesService) private readonly rules: AlertRulesService,
    @Inject(EmergingAlertService) private readonly emergingRule: EmergingAlertService,
    @Inject(LiveBus) private readonly bus: LiveBus,
    @Inject(LiveStreamService) private readonly stream: LiveStreamService,
  ) {}

  onModuleInit(): void {
    if (this.config.ALERTS === 'off') return;
    this.unsubscribe = this.bus.subscribe((events) => this.onEvents(events));
    this.timers.push(
      setInterval(() => this.enqueue('rates', async (now) => (this.rateDirty ? this.evaluateRates(now) : null)), RATE_INTERVAL_MS),
      setInterval(() => this.enqueue('minute', (now) => this.everyMinute(now)), MINUTE_MS),
      setTimeout(() => this.enqueue('emerging', (now) => this.emergingRule.run(now)), FIRST_EMERGING_MS),
      setInterval(() => this.enqueue('emerging', (now) => this.emergingRule.run(now)), HOUR_MS),
    );
    for (const timer of this.timers) timer.unref?.();
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.chain;
  }

  /** Events committed (here or, relayed, elsewhere): emergencies at once, the rate rule soon. */
  onEvents(events: LiveEvent[]): void {
    this.queued.push(...events);
    if (events.some((e) => e.type === 'reported')) this.rateDirty = true;
    this.enqueue('events', (now) => this.drainEvents(now));
  }

  /** Resolves when every evaluation queued so far is done (tests, shutdown). */
  idle(): Promise<void> {
    return this.chain;
  }

  async list(query: AlertsQuery): Promise<AlertList> {
    const alerts = await this.alerts.list({ state: query.state, since: query.since ? new Date(query.since) : null, limit: query.limit });
    return { alerts };
  }

  /** Record who acknowledged an alert and when; 404 unknown, 409 already acknowledged. The frame goes to the wall. */
  async acknowledge(id: string, username: string, note: string | null): Promise<Alert> {
    if (!/^\d{1,18}$/.test(id)) throw new NotFoundException(`id: no alert ${id}`);
    const alert = await this.alerts.get(id);
    if (!alert) throw new NotFoundException(`id: no alert ${id}`);
    if (!(await this.alerts.acknowledge(id, username, note, new Date()))) {
      throw new ConflictException(`alert ${id} was already acknowledged by ${alert.acknowledgement?.by ?? 'someone'}`);
    }
    const acked = (await this.alerts.get(id))!;
    this.push([acked]);
    this.relay?.([id]);
    return acked;
  }

  setRelay(relay: ((ids: string[]) => void) | null): void {
    this.relay = relay;
  }

  /** Alerts another instance changed (relayed): push them to this instance's subscribers. */
  receiveRelayed(ids: string[]): void {
    this.chain = this.chain.then(async () => {
      try {
        const alerts = await this.alerts.getMany(ids.filter((id) => /^\d{1,18}$/.test(id)));
        this.push(alerts.filter((a) => this.pushed.get(a.id) !== `${a.updatedAt}|${a.state}`));
      } catch (error) {
        this.logger.warn(`relayed alerts not pushed: ${(error as Error).message}`);
      }
    });
  }

  /** Rule 1 now (also called by the timer while reports arrive). */
  async evaluateRates(now: number): Promise<RuleOutcome> {
    this.rateDirty = false;
    this.rateLast = now;
    return this.rules.rates(now);
  }

  private async drainEvents(now: number): Promise<RuleOutcome | null> {
    const events = this.queued;
    this.queued = [];
    if (events.length === 0) return null;
    const raised = await this.rules.emergencies(events, now);
    const ended = await this.rules.emergencyEnds(events, now);
    const out: RuleOutcome = { raised: raised.raised, ended: ended.ended };
    if (this.rateDirty && now - this.rateLast >= RATE_INTERVAL_MS) {
      const rates = await this.evaluateRates(now);
      out.raised.push(...rates.raised);
    }
    return out;
  }

  private async everyMinute(now: number): Promise<RuleOutcome> {
    const overdue = await this.rules.overdueRising(now);
    const rateEnds = await this.rules.rateEnds(now);
    const emergencies = await this.rules.emergencySweep(now);
    return { raised: overdue.raised, ended: [...overdue.ended, ...rateEnds.ended, ...emergencies.ended] };
  }

  /** Run a step after the ones before it; push what it raised, changed or ended. Errors are logged, not thrown. */
  private enqueue(name: string, step: (now: number) => Promise<RuleOutcome | null>): void {
    this.chain = this.chain.then(async () => {
      try {
        const outcome = await step(Date.now());
        if (outcome) await this.pushOutcome(outcome);
      } catch (error) {
        this.logger.warn(`alerts (${name}) paused: ${(error as Error).message}`);
      }
    });
  }

  /** Push the alerts an evaluation touched: those it changed, and those this instance has not pushed as they are. */
  async pushOutcome(outcome: RuleOutcome): Promise<Alert[]> {
    const ids = new Set([...outcome.ended, ...outcome.raised.filter((r) => r.changed || !this.pushed.has(r.id)).map((r) => r.id)]);
    const alerts = (await this.alerts.getMany([...ids])).filter((a) => this.pushed.get(a.id) !== `${a.updatedAt}|${a.state}`);
    this.push(alerts);
    return alerts;
  }

  private push(alerts: Alert[]): void {
    if (alerts.length === 0) return;
    for (const a of alerts) this.pushed.set(a.id, `${a.updatedAt}|${a.state}`);
    if (this.pushed.size > 10_000) for (const id of [...this.pushed.keys()].slice(0, 5_000)) this.pushed.delete(id);
    this.stream.pushAlerts(alerts);
  }
}
