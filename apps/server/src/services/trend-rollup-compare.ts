import { TREND_STAGES, type MedianChange, type TrendResponse, type TrendStage } from '@gridlens/contracts';
import { binnedMannWhitney, binnedPercentile } from './trend-rollup-histogram';
import type { TrendTally } from './trend-rollup-tally';

/** Per stage and clock, the change of the median from `base` to `other` on binned durations (as medianChange). */
export function rollupChanges(base: TrendTally, other: TrendTally): NonNullable<TrendResponse['compare']>['changes'] {
  const change = (stage: TrendStage, clock: 'clock' | 'working'): MedianChange => {
    const a = base.stageBins(stage, clock);
    const b = other.stageBins(stage, clock);
    const median = binnedPercentile(a, 0.5);
    const compareMedian = binnedPercentile(b, 0.5);
    const { u, z, p } = binnedMannWhitney(a, b);
    return {
      median,
      compareMedian,
      changeSeconds: median === null || compareMedian === null ? null : compareMedian - median,
      u,
      z,
      p,
      significant: p !== null && p < 0.05,
    };
  };
  return Object.fromEntries(TREND_STAGES.map((s) => [s, { clock: change(s, 'clock'), working: change(s, 'working') }])) as NonNullable<TrendResponse['compare']>['changes'];
}
