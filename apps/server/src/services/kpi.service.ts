import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { KpiSnapshot, Rate } from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { KpiRepository } from '../repositories/kpi.repository';
import { CatalogueService } from './catalogue.service';

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
  ) {}

  async snapshot(scope: KpiScope, now = new Date()): Promise<KpiSnapshot> {
    const today = cityToday(this.config.TZ_CITY, now);
    const from = scope.from ? new Date(scope.from) : today.from;
    const to = scope.to ? new Date(scope.to) : scope.from ? now : today.to;
    if (from >= to) throw new BadRequestException('from: must be before to');
    const region = await this.catalogue.regionFilter(scope.region);
    const categories = await this.catalogue.expandFilter(scope.categories ?? undefined);
    const f = await this.kpis.figures({ region, categories, from, to, asOf: now });
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
