import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { IngestEvent } from '@gridlens/contracts';
import type { GeneratorOptions } from '@gridlens/city-sim';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DemoRepository } from '../repositories/demo.repository';
import { RegionRepository } from '../repositories/region.repository';
import { SettingRepository } from '../repositories/setting.repository';
import { CatalogueService } from './catalogue.service';
import { loadDemoCity } from './demo-city';
import { type DemoClock, systemClock } from './demo-clock';
import {
  DEMO_BACKFILL_BATCH,
  DEMO_ID_PREFIX,
  type DemoPlan,
  demoGeneratorOptions,
  estimatedEvents,
  newDemoPlan,
  parseDemoPlan,
} from './demo-plan';
import { type DemoEventSource, localEventSource, workerEventSource } from './demo-source';
import { IngestService } from './ingest.service';
import { PublicationService } from './publication.service';
import { SeedService } from './seed.service';

/** What GET /api/health reports of the demo. */
export type DemoStatus =
  | { state: 'off' }
  | { state: 'backfilling'; done: number; total: number }
  | { state: 'live'; events: number };

/** A resumed stream starts this far before the last logged event: the overlap is ingested as duplicates. */
const RESUME_OVERLAP_MS = 10 * 60_000;
/** After a failed live ingest (database away), try the same events again after this long. */
const LIVE_RETRY_MS = 5_000;
const PROGRESS_EVERY_MS = 5_000;

interface Prepared {
  clock: DemoClock;
  plan: DemoPlan;
  options: GeneratorOptions;
  /** Events before this instant are already in the log (a restart). */
  resumeFrom: number;
  /** A bundle to generate in a worker thread (bench:demo measures it; see demo-source.ts); null: in this thread. */
  workerScript: string | null;
}

/**
 * The demo city: on an empty database, 90 days of simulated history and then a live stream at about one event a
 * second, all through IngestService (the same validation and apply path as POST /api/v1/events, without HTTP).
 * The stream is generateEvents() of a plan stored at the first start, so a restart regenerates the same events and
 * resumes after the last one logged.
 */
@Injectable()
export class DemoService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(DemoService.name);
  private current: DemoStatus = { state: 'off' };
  private prepared: Prepared | null = null;
  private stopped = false;
  private cancelTimer: (() => void) | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  private source: DemoEventSource | null = null;
  private publishing: Promise<void> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(IngestService) private readonly ingest: IngestService,
    @Inject(SeedService) private readonly seeds: SeedService,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(RegionRepository) private readonly regions: RegionRepository,
    @Inject(SettingRepository) private readonly settings: SettingRepository,
    @Inject(DemoRepository) private readonly demo: DemoRepository,
    @Inject(PublicationService) private readonly publications: PublicationService,
  ) {}

  get status(): DemoStatus {
    return { ...this.current };
  }

  /**
   * Decide whether the demo runs (DEMO on, and no case in the database but the demo's own), seed what it needs and
   * load its plan. True when `run()` should follow.
   */
  async prepare(clock: DemoClock = systemClock, options: { workerScript?: string | null } = {}): Promise<boolean> {
    if (this.config.DEMO === 'off') return false;
    const counts = await this.demo.caseCounts(DEMO_ID_PREFIX);
    if (counts.other > 0) {
      this.logger.log(`demo mode is on, but the database holds ${counts.other} cases not made by the demo: the demo leaves it alone`);
      return false;
    }
    if (counts.demo === 0) await this.seedSyntheticRegions();
    const plan = parseDemoPlan(
      await this.settings.secret('demo:plan', () =>
        JSON.stringify(newDemoPlan(clock.now(), this.config.DEMO_HISTORY_DAYS, randomBytes(8).toString('hex'))),
      ),
    );
    const lastAt = counts.demo > 0 ? await this.demo.lastEventAt(DEMO_ID_PREFIX) : null;
    const resumeFrom = lastAt === null ? plan.start : Math.max(plan.start, lastAt - RESUME_OVERLAP_MS);
    const generatorOptions = demoGeneratorOptions(plan, await loadDemoCity(this.regions, this.catalogue));
    this.prepared = { clock, plan, options: generatorOptions, resumeFrom, workerScript: options.workerScript ?? null };
    this.current = { state: 'backfilling', done: 0, total: estimatedEvents(plan, resumeFrom, clock.now()) };
    this.logger.log(
      lastAt === null
        ? `demo: a simulated city (seed ${plan.seed}) with history from ${new Date(plan.start).toISOString()}; backfilling`
        : `demo: resuming the simulated city (seed ${plan.seed}) after ${new Date(lastAt).toISOString()}`,
    );
    return true;
  }

  /** Backfill up to now, then go live. Resolves when the backfill is done and the live stream scheduled. */
  async run(): Promise<void> {
    try {
      await this.backfillThenLive();
    } catch (error) {
      this.current = { state: 'off' };
      throw error;
    }
  }

  private async backfillThenLive(): Promise<void> {
    const prepared = this.prepared;
    if (!prepared) throw new Error('DemoService.run() before prepare()');
    const { clock, plan, resumeFrom } = prepared;
    const started = performance.now();
    const source = prepared.workerScript ? workerEventSource(prepared.workerScript, prepared.options) : localEventSource(prepared.options);
    this.source = source;
    await source.skipBefore(resumeFrom);
    const until = clock.now();
    let total = estimatedEvents(plan, resumeFrom, until);
    let done = 0;
    let lastProgress = started;

    // While the database applies one batch, the next is generated (in the worker thread, or on PostgreSQL, at once).
    let batch = await source.take(until, DEMO_BACKFILL_BATCH);
    while (batch.events.length > 0 && !this.stopped) {
      const applying = this.apply(batch.events);
      this.inFlight = applying.then(
        () => undefined,
        () => undefined,
      ); // shutdown waits for it (a failure is thrown below)
      const upcoming = source.take(until, DEMO_BACKFILL_BATCH);
      upcoming.catch(() => undefined); // awaited below; only an ingest failure leaves it unawaited
      done += await applying;
      batch = await upcoming;
      total = Math.max(total, done + batch.events.length);
      this.current = { state: 'backfilling', done, total };
      if (performance.now() - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = performance.now();
        this.logger.log(`demo backfill: ${done} of about ${total} events (${Math.round((100 * done) / total)} %)`);
      }
    }
    if (this.stopped) return;
    const seconds = (performance.now() - started) / 1000;
    this.logger.log(
      `demo backfill done: ${done} events in ${seconds.toFixed(1)} s (${Math.round(done / Math.max(seconds, 0.001))} events/s); ` +
        'now live at about 1 event/s',
    );
    this.current = { state: 'live', events: 0 };
    this.scheduleLive(source, clock, batch.nextAt, []);
    this.publishing = this.publishRankings(clock.now(), plan.start);
  }

  /** The public site has content on first start: the last two complete months, published as actor `demo`. */
  private async publishRankings(now: number, historyFrom: number): Promise<void> {
    const started = performance.now();
    try {
      const ids = await this.publications.publishRecentMonths({
        now,
        historyFrom,
        timeZone: this.config.TZ_CITY,
        levels: ['district', 'street', 'department'],
        months: 2,
        actor: 'demo',
      });
      if (ids.length) this.logger.log(`demo: published ${ids.join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      if (!this.stopped) this.logger.warn(`demo: the rankings were not published (${(error as Error).message})`);
    }
  }

  /** Resolves when the live ingest in progress (if any) has finished: for tests and shutdown. */
  idle(): Promise<void> {
    return this.inFlight;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    await this.inFlight.catch(() => undefined);
    await this.publishing;
    await this.source?.close();
  }

  /** Wake when the next event is due (or to retry `carry`), ingest everything due by then, and schedule again. */
  private scheduleLive(source: DemoEventSource, clock: DemoClock, nextAt: number, carry: IngestEvent[]): void {
    if (this.stopped) return;
    const wait = carry.length > 0 ? LIVE_RETRY_MS : nextAt - clock.now();
    this.cancelTimer = clock.schedule(Math.max(0, wait), () => {
      this.cancelTimer = null;
      this.inFlight = this.liveTick(source, clock, nextAt, carry);
    });
  }

  private async liveTick(source: DemoEventSource, clock: DemoClock, nextAt: number, carry: IngestEvent[]): Promise<void> {
    if (this.stopped) return;
    let due = carry;
    try {
      // Only what is due: an event is never ingested before its time.
      const batch = await source.take(clock.now() + 1, DEMO_BACKFILL_BATCH - carry.length);
      due = [...carry, ...batch.events];
      nextAt = batch.nextAt;
      const applied = await this.apply(due);
      if (this.current.state === 'live') this.current = { state: 'live', events: this.current.events + applied };
      this.scheduleLive(source, clock, nextAt, []);
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn(`demo: ${due.length} live events not ingested (${(error as Error).message}); retrying`);
      this.scheduleLive(source, clock, nextAt, due);
    }
  }

  /** Ingest through the public contract's path; how many events are now in the log (accepted or already there). */
  private async apply(events: IngestEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const result = await this.ingest.ingest(events);
    if (result.rejected.length > 0) {
      const first = result.rejected[0];
      this.logger.warn(`demo: ${result.rejected.length} simulated events rejected (first: ${first.eventId}: ${first.error})`);
    }
    return result.accepted + result.duplicates;
  }

  /** The synthetic streets, communities and grids of the demo city, seeded before its first case is placed. */
  private async seedSyntheticRegions(): Promise<void> {
    await this.seeds.seedSyntheticRegions('changzhou');
  }
}
