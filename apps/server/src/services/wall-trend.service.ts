import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { TrendStepFigures, WallSnapshot, WallTrendPoint } from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { Queryable } from '../db/database';
import { TrendRepository } from '../repositories/trend.repository';
import { ClockService } from './clock.service';
import { LiveBus } from './live-bus.service';
import { periodFigures, stepEdges } from './trend-figures';
import { TrendRollupReadService, stepFigures } from './trend-rollup-read.service';
import type { trendWindows } from './wall-instants';

/** Past days are recomputed at least this often even when no event said they changed. */
const PAST_DAYS_TTL_MS = 10 * 60_000;

interface PastDays {
  points: WallTrendPoint[];
  at: number;
}

/**
 * The wall's response trend: the trends endpoint's figures for the last 24 hours and 30 days: the complete past days
 * from the trend rollup (TrendRollupReadService, in the snapshot's transaction, as GET /api/v1/trends reads them),
 * today's partial day and the hours from the raw cases (TrendRepository + periodFigures). A step's figures depend only on the cases with a stage in that step, so the complete past
 * days are kept per scope and recomputed only when an event dated before today arrives (a late or back-dated
 * event: the LiveBus carries every applied event, other instances' too with Redis), at a new day, or every
 * PAST_DAYS_TTL_MS. Each snapshot reads the hours of the last day and a half itself, in its own transaction.
 */
@Injectable()
export class WallTrendService implements OnModuleInit, OnModuleDestroy {
  private readonly pastDays = new Map<string, PastDays>();
  /** Bumped by every invalidation: past days computed across one are not kept (the event may be after their read). */
  private generation = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TrendRepository) private readonly trends: TrendRepository,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(LiveBus) private readonly bus: LiveBus,
    @Inject(TrendRollupReadService) private readonly rollups: TrendRollupReadService,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((events) => {
      if (this.pastDays.size === 0) return;
      let earliest = Infinity;
      for (const e of events) earliest = Math.min(earliest, Date.parse(e.at));
      for (const key of [...this.pastDays.keys()]) {
        if (earliest < Number(key.split('|')[2])) {
          this.pastDays.delete(key);
          this.generation++;
        }
      }
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  async trend(tx: Queryable, district: string | null, w: ReturnType<typeof trendWindows>, dayStart: number, now = Date.now()): Promise<WallSnapshot['responseTrend']> {
    const tz = this.config.TZ_CITY;
    const days = stepEdges(w.daily.from, w.daily.to, 'day', tz)!;
    const hours = stepEdges(w.hourly.from, w.hourly.to, 'hour', tz)!;
    const pastEdges = days.filter((e) => e <= dayStart);
    const todayEdges = days.filter((e) => e >= dayStart);
    const key = `${district ?? 'city'}|${days[0]}|${dayStart}`;
    let past = this.pastDays.get(key);
    if (!past || now - past.at > PAST_DAYS_TTL_MS) {
      for (const k of [...this.pastDays.keys()]) if (k.startsWith(`${district ?? 'city'}|`)) this.pastDays.delete(k);
      const generation = this.generation;
      past = { points: pastEdges.length > 1 ? await this.points(tx, district, pastEdges) : [], at: now };
      if (generation === this.generation) this.pastDays.set(key, past);
    }
    const recentFrom = Math.min(hours[0], dayStart);
    const recent = await this.trends.caseTimes({ region: district, categories: null, windows: [{ from: new Date(recentFrom), to: new Date(w.daily.to) }] }, tx);
    const today = todayEdges.length > 1 ? this.toPoints(periodFigures(recent, todayEdges, this.working).steps) : [];
    return { hourly: this.toPoints(periodFigures(recent, hours, this.working).steps), daily: [...past.points, ...today] };
  }

  private readonly working = (a: number, b: number) => this.clock.clock.workingMinutesBetween(a, b);

  /** Complete past days: from the trend rollup (as GET /api/v1/trends reads them), raw where it cannot answer. */
  private async points(tx: Queryable, district: string | null, edges: number[]): Promise<WallTrendPoint[]> {
    const region = district ? { code: district, level: 'district' as const } : null;
    const rolled = await this.rollups.read({ region, categories: null, step: 'day', periods: [edges], source: 'auto' }, tx);
    if (rolled) return this.toPoints(stepFigures(edges, rolled.periods[0].steps));
    const cases = await this.trends.caseTimes({ region: district, categories: null, windows: [{ from: new Date(edges[0]), to: new Date(edges[edges.length - 1]) }] }, tx);
    return this.toPoints(periodFigures(cases, edges, this.working).steps);
  }

  private toPoints(steps: TrendStepFigures[]): WallTrendPoint[] {
    return steps.map((s) => ({
      start: s.start,
      end: s.end,
      reported: s.counts.reported,
      closed: s.counts.closed,
      reportToCloseP50: { clockSeconds: s.stages.reportToClose.clock.p50Seconds, workingSeconds: s.stages.reportToClose.working.p50Seconds },
      onTime: s.onTime,
    }));
  }
}
