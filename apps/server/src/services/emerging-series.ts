import type { EmergingCell } from '@gridlens/contracts';
import { classifyEmerging, confidenceBins, fdrBins, getisOrdGiStar, mannKendall } from '@gridlens/hotspot-stats';

/**
 * The pure arithmetic of GET /api/v1/hotspots/emerging: Gi* per time step over one study area, then per cell the
 * Mann–Kendall trend of its z series and the emerging pattern (libs/hotspot-stats, rules in docs/api.md).
 */
export interface StepCounts {
  ids: readonly string[];
  /** Cell i, step s at `i * steps + s`. */
  counts: Float64Array;
  steps: number;
  neighbours: (i: number) => number[];
}

export interface EmergingSeries {
  /** Cell i, step s at `i * steps + s`. */
  z: Float64Array;
  bins: Int8Array;
}

/** Gi* of each step's counts over the whole study area (zero cells included); plain or Benjamini–Hochberg bins. */
export function giStarSeries(area: StepCounts, fdr: boolean): EmergingSeries {
  const n = area.ids.length;
  const { steps } = area;
  const lists = Array.from({ length: n }, (_, i) => area.neighbours(i));
  const z = new Float64Array(n * steps);
  const bins = new Int8Array(n * steps);
  const values = new Float64Array(n);
  for (let s = 0; s < steps; s++) {
    for (let i = 0; i < n; i++) values[i] = area.counts[i * steps + s];
    const g = getisOrdGiStar(values, (i) => lists[i]);
    const b = fdr ? fdrBins(g.z, g.p) : confidenceBins(g.z, g.p);
    for (let i = 0; i < n; i++) {
      z[i * steps + s] = g.z[i];
      bins[i * steps + s] = b[i];
    }
  }
  return { z, bins };
}

/** Cell i's answer: its pattern, the trend of its z series and its series. */
export function emergingCell(area: StepCounts, series: EmergingSeries, i: number): EmergingCell {
  const { steps } = area;
  const z = series.z.subarray(i * steps, (i + 1) * steps);
  const bins = series.bins.subarray(i * steps, (i + 1) * steps);
  const pattern = classifyEmerging(bins, z);
  const trend = mannKendall(z);
  return {
    id: area.ids[i],
    pattern: pattern.kind,
    hot: pattern.hot,
    trend: { s: trend.s, z: trend.z, p: trend.p },
    bins: Array.from(bins),
    z: Array.from(z),
    counts: Array.from(area.counts.subarray(i * steps, (i + 1) * steps)),
  };
}

/** The cells to answer: those with a pattern other than none (every cell with `all`), in the area's order. */
export function emergingCells(area: StepCounts, series: EmergingSeries, all: boolean): EmergingCell[] {
  const out: EmergingCell[] = [];
  const { steps } = area;
  for (let i = 0; i < area.ids.length; i++) {
    if (!all && classifyEmerging(series.bins.subarray(i * steps, (i + 1) * steps), series.z.subarray(i * steps, (i + 1) * steps)).kind === 'none') continue;
    out.push(emergingCell(area, series, i));
  }
  return out;
}
