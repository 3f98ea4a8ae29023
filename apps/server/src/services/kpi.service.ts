import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { KpiSnapshot, Rate } from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { KpiRepository } from '../repositories/kpi.repository';
import type { KpiPlan } from '../repositories/kpi-sql';
import { RollupRepository } from '../repositories/rollup.repository';
import { CatalogueService } from './catalogue.service';
import { READ_TAIL_LIMIT } from './cell-count.service';
import { RollupService } from './rollup.service';

/**
 * Windows up to this long read only the cases with an event in them (KpiPlan.window = events); longer ones read every
 * case reported before `to`: past a few weeks the window's events touch a large part of the table anyway.
 */
export const KPI_EVENT_WINDOW_DAYS = 62;

export interface KpiScope {
  region?: string | null;
  categories?: string[] | null;
  from?: string | null;
  to?: string | null;
}

/** Today in the city's time zone: [local midnight, next local midnight). */
export function cityToday(timeZone: string, now = new Date()): { from: Date; to: Date } {
  const start = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  return { from: start.toJSDate(), to: start.plus({ days: 1 }).toJSDate() };
}

@Injectable()
export class KpiService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(KpiRepository) private readonly kpis: KpiRepository,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(RollupRepository) private readonly rollupState: RollupRepository,
    @Inject(RollupService) private readonly rollups: RollupService,
  ) {}

  /**
   * How to read a window (every plan is exact: the test compares them). `raw`: the full scan, what the plans replace
   * (the equality tests and the benchmark use it).
   */
  async plan(from: Date, to: Date, raw = false): Promise<KpiPlan> {
    if (raw) return { window: 'scan', open: 'scan' };
    const window = to.getTime() - from.getTime() <= KPI_EVENT_WINDOW_DAYS * 86_400_000 ? 'events' : 'scan';
    const w = await this.rollupState.watermark();
    // open_case is only as current as the rollups' layout: until the start-up rebuild has run, count open cases raw.
    if (!this.rollups.isCurrentLayout(w, await this.rollups.citySrid())) return { window, open: 'scan' };
    // A long tail (a burst the fold has yielded to): fold it in the background for the next reads; this one reads it.
    if (w.state && w.lastSeq - w.state.seq > READ_TAIL_LIMIT) this.rollups.requestCatchUp();
    return { window, open: 'rollup' };
  }

  async snapshot(scope: KpiScope, now = new Date(), options: { raw?: boolean } = {}): Promise<KpiSnapshot> {
    const today = cityToday(this.config.TZ_CITY, now);
    const from = scope.from ? new Date(scope.from) : today.from;
    const to = scope.to ? new Date(scope.to) : scope.from ? now : today.to;
    if (from >= to) throw new BadRequestException('from: must be before to');
    const region = await this.catalogue.regionFilter(scope.region);
    const categories = await this.catalogue.expandFilter(scope.categories ?? undefined);
    const f = await this.kpis.figures({ region, categories, from, to, asOf: now }, await this.plan(from, to, options.raw));
    return {
      seq: f.seq,
      asOf: now.toISOString(),
      scope: { region, categories: [...(scope.categories ?? [])].sort(), from: from.toISOString(), to: to.toISOString() },
      counts: {
        reported: f.reported,
        registered: f.registered,
        closed: f.closed,
        closedOnTime: f.closedOnTime,
        voided: f.voided,
        open: f.open,
        overdue: f.overdue,
        due: f.due,
      },
      rates: { closure: rate(f.dueClosed, f.due), onTimeClosure: rate(f.dueClosedOnTime, f.due) },
      durations: {
        reportToRegister: f.reportToRegister,
        registerToDispatch: f.registerToDispatch,
        dispatchToHandled: f.dispatchToHandled,
        reportToClose: f.reportToClose,
      },
    };
  }
}

function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
}
