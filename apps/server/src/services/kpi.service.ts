import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { KpiSnapshot, Rate } from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { KpiRepository } from '../repositories/kpi.repository';
import type { KpiPlan } from '../repositories/kpi-sql';
import type { OpenCasesPlan } from '../repositories/open-cases-sql';
import { RollupRepository } from '../repositories/rollup.repository';
import { CatalogueService } from './catalogue.service';
import { READ_TAIL_LIMIT } from './cell-count.service';
import { kpiWindowPlan } from './kpi-window-plan';
import { RollupService } from './rollup.service';

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
   * Where the open cases come from (both exact: test/db/kpi-plans.spec.ts compares them). open_case and the event log
   * need the rollups current and their tail short: during a burst the fold yields to ingest, the tail grows and the
   * log's new BRIN ranges are not summarised yet, so reads take the full scan, as before the rollups (measured: reading
   * a 900,000-event tail made KPI frames cost 1.6 s and ingest fall to 0.18x COPY). The overdue-rising alert reads
   * its counts by the same rule.
   */
  async openPlan(): Promise<OpenCasesPlan> {
    const w = await this.rollupState.watermark();
    if (!w.state || w.lastSeq - w.state.seq > READ_TAIL_LIMIT) return 'scan';
    if (!this.rollups.isCurrentLayout(w, await this.rollups.citySrid())) return 'scan';
    return 'rollup';
  }

  /**
   * How to read a window (every plan is exact: test/db/kpi-plans.spec.ts compares them): with open cases from
   * open_case (openPlan), the window by kpiWindowPlan; else the full scan. `raw`: the full scan always (the equality
   * tests and the benchmark compare with it).
   */
  async plan(from: Date, to: Date, raw = false): Promise<KpiPlan> {
    const full: KpiPlan = { window: 'scan', open: 'scan' };
    if (raw || (await this.openPlan()) === 'scan') return full;
    const first = await this.kpis.firstReport();
    const span = first === null ? 0 : to.getTime() - first;
    return { window: kpiWindowPlan(to.getTime() - from.getTime(), span), open: 'rollup' };
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
