import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CASE_STATUSES, type CaseStatus } from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DATABASE, type Database, type Queryable } from '../db/database';
import { CityFrameService } from './city-frame.service';
import { OpenCaseRepository } from '../repositories/open-case.repository';
import { RollupRepository, type RollupCaseColumns, type RollupWatermark } from '../repositories/rollup.repository';
import { IngestService } from './ingest.service';
import { LiveBus } from './live-bus.service';
import { REBUILD_SLICE_DAYS, slicesReadAhead } from './slices-read-ahead';
import { REBUILD_COUNTED_LAYOUT, RollupDeltas, rollupKeys, type RollupCase } from './rollup-layout';
import { LocalCalendar } from './rollup-plan';
import { TrendRollupService } from './trend-rollup.service';
import { ROLLUP_SIGNATURE } from './trend-rollup-tally';

/** Events folded into the rollups per transaction by a catch-up (PGlite serves nothing else meanwhile: keep it short). */
const CATCH_UP_CHUNK = 10_000;
/** A catch-up that folded this many events also refreshes the event log's statistics (OpenCaseRepository). */
const ANALYZE_AFTER_EVENTS = 10_000;
/** A rebuild writes its counts once it holds this many keys. */
const REBUILD_FLUSH_KEYS = 2_000_000;
/**
 * After ingest, catch up once no ingest request has run for this long, and at the latest this long after the first event: the
 * fold yields to a busy ingest (reads stay exact from the log meanwhile, and fold it first past CellCountService's READ_TAIL_LIMIT).
 */
const QUIET_MS = 2_000;
const MAX_LAG_MS = 300_000;

/** The i-th case of columns as the rollups see it. */
export function rollupCaseAt(c: RollupCaseColumns, i: number): RollupCase {
  return {
    category: c.category[i],
    lon: c.lon[i],
    lat: c.lat[i],
    x: c.x[i],
    y: c.y[i],
    city: c.city[i],
    district: c.district[i],
    street: c.street[i],
    community: c.community[i],
    grid: c.grid[i],
    reportedMs: c.reported[i],
  };
}

/**
 * Keeps the rollup tables (case_rollup, trend_rollup, open_case, rollup_state) equal to the raw cases: a rebuild makes them from `cases`;
 * a catch-up folds in the events logged since their watermark (each case's status as of the watermark out, its
 * status now in). Catch-ups run when ingest pauses, and before a read when the tail has grown long; reads add a
 * short tail themselves (CellCountService), so answers are exact at every moment.
 */
@Injectable()
export class RollupService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RollupService.name);
  private readonly calendar: LocalCalendar;
  private unsubscribe: (() => void) | null = null;
  private quietTimer: NodeJS.Timeout | null = null;
  private lagTimer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
    @Inject(RollupRepository) private readonly repository: RollupRepository,
    @Inject(CityFrameService) private readonly city: CityFrameService,
    @Inject(LiveBus) private readonly bus: LiveBus,
    @Inject(IngestService) private readonly ingest: IngestService,
    @Inject(TrendRollupService) private readonly trend: TrendRollupService,
    @Inject(OpenCaseRepository) private readonly openCases: OpenCaseRepository,
  ) {
    this.calendar = new LocalCalendar(config.TZ_CITY);
  }

  get timeZone(): string {
    return this.calendar.timeZone;
  }

  get local(): LocalCalendar {
    return this.calendar;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = this.bus.subscribe(() => this.scheduleCatchUp());
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
    if (this.quietTimer) clearTimeout(this.quietTimer);
    if (this.lagTimer) clearTimeout(this.lagTimer);
  }

  /** The metric projection squares are laid out in: the UTM zone of the city's centre (as the grid endpoint). */
  citySrid(): Promise<number> {
    return this.city.srid();
  }

  /** Whether the stored rollups were made for this time zone, layout and city projection. */
  isCurrentLayout(w: RollupWatermark, citySrid: number): boolean {
    return !!w.state && w.state.timeZone === this.timeZone && w.state.layout === ROLLUP_SIGNATURE && w.state.srid === citySrid;
  }

  /** Build the rollups when they are missing or were made for another time zone, layout or city (at start). */
  async ensureBuilt(): Promise<void> {
    if (this.isCurrentLayout(await this.repository.watermark(), await this.citySrid())) return;
    const { rows, seq, seconds } = await this.rebuild();
    this.logger.log(`rollups built: ${rows} rows up to event ${seq} in ${seconds.toFixed(1)} s`);
  }

  /** Remake every rollup row from the raw cases (one snapshot), then fold in what was logged meanwhile. */
  rebuild(): Promise<{ rows: number; seq: number; seconds: number }> {
    return this.exclusive(async () => {
      const started = performance.now();
      const srid = await this.citySrid();
      const built = await this.db.transaction(async (tx) => {
        const { lastSeq } = await this.repository.watermark(tx);
        const stage = await this.repository.createStagingTable(tx);
        const range = await this.repository.reportRange(tx);
        const deltas = new RollupDeltas(CASE_STATUSES);
        const flush = async () => {
          const changed = deltas.changed();
          await this.repository.addCounts(tx, changed, stage, true);
          deltas.clear();
        };
        const slices = slicesReadAhead(range, REBUILD_SLICE_DAYS * 86_400_000, (from, to) => this.repository.casesReported(tx, from, to, srid));
        for await (const { value: cases } of slices) {
          for (let i = 0; i < cases.category.length; i++) deltas.addCase(rollupKeys(rollupCaseAt(cases, i), this.calendar.bucketsOf, REBUILD_COUNTED_LAYOUT), cases.status[i]);
          if (deltas.size >= REBUILD_FLUSH_KEYS) await flush();
        }
        await flush();
        await this.repository.buildFromStaging(tx);
        await this.trend.build(tx);
        return { seq: lastSeq };
      }, { isolation: 'repeatable read' });
      await this.db.transaction(async (tx) => {
        await this.repository.lockWriters(tx);
        await this.repository.swapInBuildTable(tx);
        await this.trend.swapIn(tx);
        await this.openCases.rebuild(tx);
        await this.repository.setWatermark(tx, built.seq, this.timeZone, srid, ROLLUP_SIGNATURE);
      });
      await this.foldTail();
      await this.openCases.maintainEventLog(this.db, true);
      await this.repository.vacuumAnalyze(this.db);
      const [{ n }] = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_rollup`);
      return { rows: Number(n), seq: built.seq, seconds: (performance.now() - started) / 1000 };
    });
  }

  /** Fold the events logged since the watermark into the rollups. Returns the new watermark. */
  catchUp(): Promise<number> {
    return this.exclusive(async () => {
      const started = performance.now();
      const from = (await this.repository.watermark()).state?.seq ?? 0;
      const seq = await this.foldTail();
      if (seq > from) await this.openCases.maintainEventLog(this.db, seq - from >= ANALYZE_AFTER_EVENTS);
      if (seq - from >= 10_000) this.logger.log(`rollups: folded events ${from + 1}..${seq} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return seq;
    });
  }

  /** Count changes of a tail of the event log: each touched case leaves its old status and enters its new one. */
  tailDeltas(tail: RollupCaseColumns): RollupDeltas {
    const deltas = new RollupDeltas(CASE_STATUSES);
    for (let i = 0; i < tail.category.length; i++) {
      const before = tail.before?.[i] ?? null;
      const after = tail.status[i];
      if (before === after) continue;
      const keys = rollupKeys(rollupCaseAt(tail, i), this.calendar.bucketsOf);
      if (before) deltas.moveStatus(keys, before as CaseStatus, after);
      else deltas.addCase(keys, after);
    }
    return deltas;
  }

  private async foldTail(): Promise<number> {
    for (;;) {
      const step = await this.db.transaction(async (tx) => {
        await this.repository.lockWriters(tx);
        const w = await this.repository.watermark(tx);
        // Not built yet: nothing to fold into (the rebuild reads the cases themselves).
        if (!w.state) return { seq: 0, more: false };
        if (w.state.seq >= w.lastSeq) return { seq: w.state.seq, more: false };
        const upTo = Math.min(w.lastSeq, w.state.seq + CATCH_UP_CHUNK);
        await this.fold(tx, w.state.seq, upTo, w.state.srid);
        await this.repository.setWatermark(tx, upTo, w.state.timeZone, w.state.srid, w.state.layout);
        return { seq: upTo, more: upTo < w.lastSeq };
      });
      if (!step.more) return step.seq;
    }
  }

  private async fold(tx: Queryable, after: number, upTo: number, srid: number): Promise<void> {
    const deltas = this.tailDeltas(await this.repository.tail(tx, after, upTo, srid));
    await this.repository.addCounts(tx, deltas.changed());
    await this.trend.fold(tx, after, upTo);
    await this.openCases.refresh(tx, after, upTo);
  }

  private scheduleCatchUp(): void {
    this.quietTimer ??= setTimeout(() => this.whenQuiet(), QUIET_MS);
    this.lagTimer ??= setTimeout(() => this.backgroundCatchUp(), MAX_LAG_MS);
  }

  /** Fold once no ingest request has run for QUIET_MS (this instance's; others fold on their own). */
  private whenQuiet(): void {
    this.quietTimer = null;
    if (this.ingest.busy(QUIET_MS)) this.quietTimer = setTimeout(() => this.whenQuiet(), QUIET_MS);
    else this.backgroundCatchUp();
  }

  /** Fold now in the background, unless a fold or rebuild is already running. */
  requestCatchUp(): void {
    if (!this.running) this.backgroundCatchUp();
  }

  private backgroundCatchUp(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    if (this.lagTimer) clearTimeout(this.lagTimer);
    this.quietTimer = this.lagTimer = null;
    this.catchUp().catch((error) => this.logger.warn(`rollup catch-up failed (reads stay exact, from the log): ${(error as Error).message}`));
  }

  /** One rebuild or catch-up at a time in this process (the advisory lock orders them across processes). */
  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.running) await this.running.catch(() => undefined);
    const run = work();
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = null;
    }
  }
}
