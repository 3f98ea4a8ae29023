import { TREND_STAGES, type MedianChange, type TrendResponse, type TrendStage } from '@gridlens/contracts';
import { binnedMannWhitney, binnedPercentile } from './trend-rollup-histogram';
import type { TrendTally } from './trend-rollup-tally';
import { changeOf } from './trend-figures';

/** Per stage and clock, the change of the median from `base` to `other` on binned durations (as medianChange). */
export function rollupChanges(base: TrendTally, other: TrendTally): NonNullable<TrendResponse['compare']>['changes'] {
  const change = (stage: TrendStage, clock: 'clock' | 'working'): MedianChange => {
    const a = base.stageBins(stage, clock);
    const b = other.stageBins(stage, clock);
    return changeOf(binnedPercentile(a, 0.5), binnedPercentile(b, 0.5), binnedMannWhitney(a, b));
  };
  return Object.fromEntries(TREND_STAGES.map((s) => [s, { clock: change(s, 'clock'), working: change(s, 'working') }])) as NonNullable<TrendResponse['compare']>['changes'];
}
