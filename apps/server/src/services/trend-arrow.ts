import { TREND_STAGES, type TrendResponse } from '@gridlens/contracts';
import type { Vector } from 'apache-arrow';
import { arrowStream, int32Column, nullableFloat64Column, utf8Column } from './columns-arrow';

const CLOCKS = ['clock', 'working'] as const;

/**
 * GET /api/v1/trends as Arrow: one row per step of `period` — start/end Utf8, reported/registered/closed Int32,
 * per stage and clock `<stage>_<clock>_count` Int32 and `_mean`/`_p50`/`_p90` Float64 (seconds, nullable),
 * onTime_numerator/onTime_denominator Int32, onTime_value Float64 (nullable). Metadata: seq, scope, method,
 * period (from, to, total) and compare (the whole JSON block, or null).
 */
export function trendsToArrow(answer: TrendResponse): Uint8Array {
  const { period, ...rest } = answer;
  const steps = period.steps;
  const columns: Record<string, Vector> = {
    start: utf8Column(steps.map((s) => s.start)),
    end: utf8Column(steps.map((s) => s.end)),
    reported: int32Column(steps.map((s) => s.counts.reported)),
    registered: int32Column(steps.map((s) => s.counts.registered)),
    closed: int32Column(steps.map((s) => s.counts.closed)),
  };
  for (const stage of TREND_STAGES) {
    for (const clock of CLOCKS) {
      const stats = steps.map((s) => s.stages[stage][clock]);
      const prefix = `${stage}_${clock}`;
      columns[`${prefix}_count`] = int32Column(stats.map((d) => d.count));
      columns[`${prefix}_mean`] = nullableFloat64Column(stats.map((d) => d.meanSeconds));
      columns[`${prefix}_p50`] = nullableFloat64Column(stats.map((d) => d.p50Seconds));
      columns[`${prefix}_p90`] = nullableFloat64Column(stats.map((d) => d.p90Seconds));
    }
  }
  columns.onTime_numerator = int32Column(steps.map((s) => s.onTime.numerator));
  columns.onTime_denominator = int32Column(steps.map((s) => s.onTime.denominator));
  columns.onTime_value = nullableFloat64Column(steps.map((s) => s.onTime.value));
  return arrowStream(columns, { ...rest, period: { from: period.from, to: period.to, total: period.total } });
}
