import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { CountSource, KpiSnapshot, Rate, RollupSourceParam } from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DATABASE, type Database, type Queryable } from '../db/database';
import { KpiRepository, type KpiFilter, type KpiWindowFigures } from '../repositories/kpi.repository';
import { RollupRepository } from '../repositories/rollup.repository';
import { TrendRollupRepository } from '../repositories/trend-rollup.repository';
import { CatalogueService } from './catalogue.service';
import { windowFromTrend } from './kpi-window';
import { RollupService } from './rollup.service';
import { ROLLUP_SIGNATURE, TREND_ALL } from './trend-rollup-tally';
import { TrendRollupReadService } from './trend-rollup-read.service';

export interface KpiScope {
  region?: string | null;
  categories?: string[] | null;
  from?: string | null;
  to?: string | null;
  /** Where the window's counts and durations come from (default auto). */
  source?: RollupSourceParam | null;
}

/** Today in the city's time zone: [local midnight, next local midnight). */
export function cityToday(timeZone: string, now = new Date()): { from: Date; to: Date } {
  const start = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  return { from: start.toJSDate(), to: start.plus({ days: 1 }).toJSDate() };
}

/**
 * GET /api/v1/kpis without scanning every case: the window's counts and durations from the trend rollup (the window
 * as one step; raw edges and the log's tail added there), or raw from the cases with a stage in the window; voided,
 * open, overdue and the due cohort through their indexes (KpiRepository.standingFigures). All in one snapshot, so
 * every figure is exact as of the answer's seq.
 */
@Injectable()
export class KpiService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
    @Inject(KpiRepository) private readonly kpis: KpiRepository,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(TrendRollupReadService) private readonly trendRollups: TrendRollupReadService,
    @Inject(RollupRepository) private readonly watermarks: RollupRepository,
    @Inject(TrendRollupRepository) private readonly trendRows: TrendRollupRepository,
    @Inject(RollupService) private readonly rollups: RollupService,
  ) {}

  async snapshot(scope: KpiScope, now = new Date()): Promise<KpiSnapshot> {
    const today = cityToday(this.config.TZ_CITY, now);
    const from = scope.from ? new Date(scope.from) : today.from;
    const to = scope.to ? new Date(scope.to) : scope.from ? now : today.to;
    if (from >= to) throw new BadRequestException('from: must be before to');
    // Read before the transaction: PGlite has one connection, so nothing may query outside it meanwhile.
    const regionScope = await this.catalogue.regionScope(scope.region);
    const region = regionScope?.code ?? null;
    const categories = await this.catalogue.expandFilter(scope.categories ?? undefined);
    const wanted = scope.source ?? 'auto';
    const filter: KpiFilter = { region, categories, from, to, asOf: now };
    const { window, source, standing } = await this.db.transaction(
      async (tx) => {
        let window: KpiWindowFigures | null = null;
        let source: CountSource = 'raw';
        if (wanted !== 'raw') {
          // One step, the window: step 'month' lets the plan read whole local months from month rows and whole days
          // from day rows (rows by minor category are kept by month only); the rest are raw edges.
          const r = await this.trendRollups.read({ region: regionScope, categories, step: 'month', periods: [[from.getTime(), to.getTime()]], source: wanted }, tx);
          if (r) {
            window = windowFromTrend(r.periods[0].total.figures());
            source = r.source;
          }
        }
        window ??= await this.kpis.windowFigures(filter, tx, wanted === 'raw' ? null : await this.rawBound(tx, regionScope, from.getTime(), to.getTime()));
        return { window, source, standing: await this.kpis.standingFigures(filter, tx) };
      },
      { isolation: 'repeatable read' },
    );
    return {
      seq: standing.seq,
      asOf: now.toISOString(),
      scope: { region, categories: [...(scope.categories ?? [])].sort(), from: from.toISOString(), to: to.toISOString() },
      counts: {
        reported: window.reported,
        registered: window.registered,
        closed: window.closed,
        closedOnTime: window.closedOnTime,
        voided: standing.voided,
        open: standing.open,
        overdue: standing.overdue,
        due: standing.due,
      },
      rates: { closure: rate(standing.dueClosed, standing.due), onTimeClosure: rate(standing.dueClosedOnTime, standing.due) },
      durations: window.durations,
      source,
    };
  }

  /**
   * Where the trend rollup cannot serve the window (a region below district, a window under a day with categories),
   * a bound on the report of every case with a stage in it: the earliest report among the marks of the window's day
   * rows (all categories; the region's district or city rows, else the whole city's) and among the cases of the
   * events logged since the watermark. Null (no bound): the rollups are not built for this time zone and layout.
   */
  private async rawBound(tx: Queryable, region: { code: string; level: string } | null, from: number, to: number): Promise<Date | null> {
    const w = await this.watermarks.watermark(tx);
    if (!w.state || w.state.timeZone !== this.rollups.timeZone || w.state.layout !== ROLLUP_SIGNATURE) return null;
    const rows =
      region?.level === 'city' ? { city: region.code, district: TREND_ALL }
      : region?.level === 'district' ? { city: null, district: region.code }
      : { city: null, district: TREND_ALL };
    const cal = this.rollups.local;
    const stored = await this.trendRows.firstReport(tx, { from: cal.date(cal.floorDay(from)), to: cal.date(cal.floorDay(to - 1)), ...rows });
    const tail = w.state.seq < w.lastSeq ? await this.kpis.tailFirstReport(tx, w.state.seq, w.lastSeq) : null;
    const first = Math.min(stored ?? Infinity, tail ?? Infinity);
    // No mark in the window's days: the bound `to` reads nothing.
    return new Date(Number.isFinite(first) ? first : to);
  }
}

function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
}
