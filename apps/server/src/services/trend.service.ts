import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { MAX_TREND_STEPS, TREND_STAGES, type TrendPeriod, type TrendQuery, type TrendResponse } from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TrendRepository } from '../repositories/trend.repository';
import { CatalogueService } from './catalogue.service';
import { ClockService } from './clock.service';
import { medianChange, periodFigures, stepEdges } from './trend-figures';

export const TREND_METHOD =
  'Steps are calendar hours, days, ISO weeks (Monday) or months in the city time zone, clipped to [from, to). ' +
  'A count or a duration belongs to the step in which its later stage happened (as the KPI durations); ' +
  'p50/p90 interpolate linearly (percentile_cont). Working time is the city work clock (working hours, official calendar) ' +
  'between the two stage times; suspended time is not excluded from either clock. On-time rate = closed on time / closed with a deadline, per step of closure. ' +
  'Comparison: for each stage, the durations of the whole compared period against those of the main period, ' +
  'Mann-Whitney U test, two-sided, normal approximation with tie and continuity corrections; significant when p < 0.05.';

/** GET /api/v1/trends: response times per step, and a period comparison. */
@Injectable()
export class TrendService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TrendRepository) private readonly trends: TrendRepository,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(ClockService) private readonly clock: ClockService,
  ) {}

  async trend(q: TrendQuery): Promise<TrendResponse> {
    const tz = this.config.TZ_CITY;
    const edges = (from: string, to: string, field: string) => {
      const e = stepEdges(Date.parse(from), Date.parse(to), q.step, tz);
      if (!e) throw new BadRequestException(`${field}: more than ${MAX_TREND_STEPS} steps of a ${q.step}; choose a longer step or a shorter period`);
      return e;
    };
    const main = edges(q.from, q.to, 'step');
    const other = q.compare ? edges(q.compare.from, q.compare.to, 'compare') : null;
    const region = await this.catalogue.regionFilter(q.region);
    const categories = await this.catalogue.expandFilter(q.categories);
    const windows = [main, ...(other ? [other] : [])].map((e) => ({ from: new Date(e[0]), to: new Date(e[e.length - 1]) }));
    const cases = await this.trends.caseTimes({ region, categories, windows });
    const working = (a: number, b: number) => this.clock.clock.workingMinutesBetween(a, b);
    const { samples, ...period } = periodFigures(cases, main, working);
    let compare: TrendResponse['compare'] = null;
    if (other) {
      const { samples: otherSamples, ...second } = periodFigures(cases, other, working);
      const changes = Object.fromEntries(
        TREND_STAGES.map((s) => [
          s,
          { clock: medianChange(samples[s].clock, otherSamples[s].clock), working: medianChange(samples[s].working, otherSamples[s].working) },
        ]),
      ) as NonNullable<TrendResponse['compare']>['changes'];
      compare = { ...(second as TrendPeriod), changes };
    }
    return {
      seq: cases.seq,
      scope: { region, categories: [...(q.categories ?? [])].sort(), step: q.step, timeZone: tz },
      period,
      compare,
      method: TREND_METHOD,
    };
  }
}
