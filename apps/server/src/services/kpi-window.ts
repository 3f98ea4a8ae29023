import type { TrendFigures } from '@gridlens/contracts';
import { KPI_DURATIONS, type KpiWindowFigures } from '../repositories/kpi.repository';

/**
 * A KPI window's figures from the trend rollup's tally of the window as one step: the trend counts and durations
 * are the KPI's (a count or duration belongs to the window its later stage falls in), clock time. Counts and
 * means exact; p50/p90 from the log-spaced bins (within the bins' stated bound).
 */
export function windowFromTrend(f: TrendFigures): KpiWindowFigures {
  return {
    reported: f.counts.reported,
    registered: f.counts.registered,
    closed: f.counts.closed,
    closedOnTime: f.onTime.numerator,
    durations: Object.fromEntries(KPI_DURATIONS.map((d) => [d, f.stages[d].clock])) as KpiWindowFigures['durations'],
  };
}
