import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import {
  MAX_EMERGING_STEPS,
  MIN_EMERGING_STEPS,
  type EmergingQuery,
  type EmergingResponse,
} from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { emergingCells, giStarSeries } from './emerging-series';
import { HotspotService } from './hotspot.service';
import { stepEdges } from './trend-figures';

/** Latin-1 only, like the Gi* method (HotspotService.method says why). */
export const EMERGING_METHOD =
  'Steps are calendar days or ISO weeks (Monday) in the city time zone, the first and last clipped to [from, to). ' +
  'Per step, Gi* of that step\'s counts over the same study area (zero cells included), bins as GET /api/v1/hotspots. ' +
  'Per cell, a step is hot when its bin > 0 and cold when < 0; the trend is the Mann-Kendall test on the z series ' +
  '(significant when p <= 0.05). Final step hot: intensifying / diminishing / persistent (hot in >= 90 % of steps, with a ' +
  'significant rising / falling / no trend), new (only the final step hot), consecutive (one run of >= 2 hot steps ending ' +
  'at the final step), oscillating (some earlier step cold), sporadic (otherwise); final step cold: the mirror cold ' +
  'patterns; final step neither: historical when >= 90 % of steps are hot (or cold), else none.';

/** GET /api/v1/hotspots/emerging: each study cell's Gi* series over time steps, its trend and pattern. */
@Injectable()
export class EmergingHotspotService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(HotspotService) private readonly hotspots: HotspotService,
  ) {}

  async analyse(q: EmergingQuery): Promise<EmergingResponse> {
    const timeZone = this.config.TZ_CITY;
    const edges = stepEdges(Date.parse(q.from), Date.parse(q.to), q.step, timeZone, MAX_EMERGING_STEPS);
    if (!edges) throw new BadRequestException(`step: more than ${MAX_EMERGING_STEPS} steps of a ${q.step}; choose a longer step or a shorter period`);
    const steps = edges.length - 1;
    if (steps < MIN_EMERGING_STEPS) throw new BadRequestException(`from: [from, to) holds ${steps} step of a ${q.step}; at least ${MIN_EMERGING_STEPS} are needed`);
    const { area, method, source } = await this.hotspots.studyArea(q, edges);
    const stepStarts = edges.slice(0, -1).map((ms) => DateTime.fromMillis(ms, { zone: timeZone }).toISO()!);
    const emergingMethod = { ...method, step: q.step, timeZone, patterns: EMERGING_METHOD };
    if (!area) return { cells: [], steps: stepStarts, n: 0, method: emergingMethod, source };
    const stepArea = { ids: area.ids, counts: area.counts, steps, neighbours: area.neighbours };
    const series = giStarSeries(stepArea, q.fdr);
    return { cells: emergingCells(stepArea, series, q.all), steps: stepStarts, n: area.ids.length, method: emergingMethod, source };
  }
}
