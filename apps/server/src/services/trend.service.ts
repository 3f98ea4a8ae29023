import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { MAX_TREND_STEPS, TREND_STAGES, type RollupSourceParam, type TrendPeriod, type TrendQuery, type TrendResponse } from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TrendRepository } from '../repositories/trend.repository';
import { CatalogueService } from './catalogue.service';
import { ClockService } from './clock.service';
import { medianChange, periodFigures, stepEdges } from './trend-figures';
import { TREND_BIN_GAMMA } from './trend-rollup-histogram';
import { TrendRollupReadService, stepFigures, type TrendRollupAnswer } from './trend-rollup-read.service';
import { rollupChanges } from './trend-rollup-compare';

export const TREND_METHOD =
  'Steps are calendar hours, days, ISO weeks (Monday) or months in the city time zone, clipped to [from, to). ' +
  'A count or a duration belongs to the step in which its later stage happened (as the KPI durations). ' +
  'Working time is the city work clock (working hours, official calendar) ' +
  'between the two stage times; suspended time is not excluded from either clock. On-time rate = closed on time / closed with a deadline, per step of closure. ' +
  'Counts, on-time rates, duration counts and means are exact from every source. ' +
  'p50/p90 interpolate linearly (percentile_cont): exactly on the durations when read raw (source=raw, x-gridlens-source: raw); ' +
  `from the trend rollup (x-gridlens-source: rollup or mixed) on durations binned in log-spaced bins of relative width ${TREND_BIN_GAMMA} ` +
  `(each bin stands for a value within ${(((TREND_BIN_GAMMA - 1) / (TREND_BIN_GAMMA + 1)) * 100).toFixed(2)}% of each of its durations, so the percentile is within that of the exact one, for durations of 1 ms or more). ` +
  'Comparison: for each stage, the durations of the whole compared period against those of the main period, ' +
  'Mann-Whitney U test, two-sided, normal approximation with tie and continuity corrections (from the rollup: on the binned durations, a bin\'s durations tied); significant when p < 0.05.';

/** A trend query; `source` defaults to auto. */
export type TrendRequest = Omit<TrendQuery, 'source'> & { source?: RollupSourceParam };

/** GET /api/v1/trends: response times per step, and a period comparison. */
@Injectable()
export class TrendService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TrendRepository) private readonly trends: TrendRepository,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(TrendRollupReadService) private readonly rollups: TrendRollupReadService,
  ) {}

  async trend(q: TrendRequest): Promise<TrendResponse> {
    const tz = this.config.TZ_CITY;
    const edges = (from: string, to: string, field: string) => {
      const e = stepEdges(Date.parse(from), Date.parse(to), q.step, tz);
      if (!e) throw new BadRequestException(`${field}: more than ${MAX_TREND_STEPS} steps of a ${q.step}; choose a longer step or a shorter period`);
      return e;
    };
    const main = edges(q.from, q.to, 'step');
    const other = q.compare ? edges(q.compare.from, q.compare.to, 'compare') : null;
    const scope = await this.catalogue.regionScope(q.region);
    const region = scope?.code ?? null;
    const categories = await this.catalogue.expandFilter(q.categories);
    const head = { scope: { region, categories: [...(q.categories ?? [])].sort(), step: q.step, timeZone: tz }, method: TREND_METHOD };
    const source = q.source ?? 'auto';
    if (source !== 'raw') {
      const periods = [main, ...(other ? [other] : [])];
      const r = await this.rollups.read({ region: scope, categories, step: q.step, periods, source });
      if (r) return { seq: r.seq, ...head, ...this.fromRollup(r, periods), source: r.source };
    }
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
    return { seq: cases.seq, ...head, period, compare, source: 'raw' };
  }

  /** The periods and the comparison from rollup tallies. */
  private fromRollup(r: TrendRollupAnswer, periods: number[][]): Pick<TrendResponse, 'period' | 'compare'> {
    const asPeriod = (k: number): TrendPeriod => {
      const e = periods[k];
      return { from: new Date(e[0]).toISOString(), to: new Date(e[e.length - 1]).toISOString(), steps: stepFigures(e, r.periods[k].steps), total: r.periods[k].total.figures() };
    };
    const period = asPeriod(0);
    if (r.periods.length < 2) return { period, compare: null };
    return { period, compare: { ...asPeriod(1), changes: rollupChanges(r.periods[0].total, r.periods[1].total) } };
  }
}
