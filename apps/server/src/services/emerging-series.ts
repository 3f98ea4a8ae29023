import type { EmergingCell } from '@gridlens/contracts';
import { classifyEmerging, confidenceBinOfZ, fdrBins, mannKendall, twoSidedP, type EmergingPattern, type MannKendallResult } from '@gridlens/hotspot-stats';

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

/**
 * Gi* of each step's counts over the whole study area (zero cells included); plain or Benjamini–Hochberg bins.
 * The same arithmetic as getisOrdGiStar applied step by step, in the same order (so the same floats, tested), but
 * cell-major: each neighbour's whole series is added at once from the flat counts, with the neighbour lists flattened
 * once. Plain bins come from z (confidenceBinOfZ: p only near a level's threshold).
 */
export function giStarSeries(area: StepCounts, fdr: boolean): EmergingSeries {
  const n = area.ids.length;
  const { steps, counts } = area;
  const z = new Float64Array(n * steps);
  const bins = new Int8Array(n * steps);
  if (n < 2) return { z, bins };
  const { offsets, members } = flatNeighbours(area);
  const mean = new Float64Array(steps);
  const sd = new Float64Array(steps);
  for (let j = 0; j < n; j++) for (let s = 0; s < steps; s++) mean[s] += counts[j * steps + s];
  for (let s = 0; s < steps; s++) mean[s] /= n;
  for (let j = 0; j < n; j++) for (let s = 0; s < steps; s++) sd[s] += (counts[j * steps + s] - mean[s]) ** 2;
  for (let s = 0; s < steps; s++) sd[s] = Math.sqrt(sd[s] / n);
  const local = new Float64Array(steps);
  for (let i = 0; i < n; i++) {
    local.fill(0);
    for (let m = offsets[i]; m < offsets[i + 1]; m++) {
      const at = members[m] * steps;
      for (let s = 0; s < steps; s++) local[s] += counts[at + s];
    }
    const weights = offsets[i + 1] - offsets[i];
    const root = Math.sqrt((n * weights - weights * weights) / (n - 1));
    if (!(root > 0)) continue;
    for (let s = 0; s < steps; s++) if (sd[s] !== 0) z[i * steps + s] = (local[s] - mean[s] * weights) / (sd[s] * root);
  }
  if (fdr) {
    const zs = new Float64Array(n);
    const ps = new Float64Array(n);
    for (let s = 0; s < steps; s++) {
      for (let i = 0; i < n; i++) {
        zs[i] = z[i * steps + s];
        // Where z was never computed (S = 0, a whole-area neighbourhood) it is 0, and p(0) = 1 as getisOrdGiStar leaves it.
        ps[i] = twoSidedP(zs[i]);
      }
      const b = fdrBins(zs, ps);
      for (let i = 0; i < n; i++) bins[i * steps + s] = b[i];
    }
  } else {
    for (let k = 0; k < z.length; k++) bins[k] = confidenceBinOfZ(z[k]);
  }
  return { z, bins };
}

/** Every cell's neighbours in one array: cell i's are members[offsets[i]] … members[offsets[i + 1] − 1], in list order. */
function flatNeighbours(area: StepCounts): { offsets: Int32Array; members: Int32Array } {
  const n = area.ids.length;
  const offsets = new Int32Array(n + 1);
  const lists: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    lists[i] = area.neighbours(i);
    offsets[i + 1] = offsets[i] + lists[i].length;
  }
  const members = new Int32Array(offsets[n]);
  for (let i = 0; i < n; i++) members.set(lists[i], offsets[i]);
  return { offsets, members };
}

/** The cells to answer: those with a pattern other than none (every cell with `all`), in the area's order. */
export function emergingCells(area: StepCounts, series: EmergingSeries, all: boolean): EmergingCell[] {
  const out: EmergingCell[] = [];
  for (let i = 0; i < area.ids.length; i++) {
    const cell = answerOf(area, series, i, (pattern) => all || pattern.kind !== 'none');
    if (cell) out.push(cell);
  }
  return out;
}

/** Cell i's answer when `wanted` takes its pattern: the trend of its z series (one Mann–Kendall test, shared with the pattern) and its series. */
function answerOf(area: StepCounts, series: EmergingSeries, i: number, wanted: (p: EmergingPattern) => boolean): EmergingCell | null {
  const { steps } = area;
  const z = series.z.subarray(i * steps, (i + 1) * steps);
  const bins = series.bins.subarray(i * steps, (i + 1) * steps);
  let computed: MannKendallResult | undefined;
  const trendOf = () => (computed ??= mannKendall(z));
  const pattern = classifyEmerging(bins, z, { trend: trendOf });
  if (!wanted(pattern)) return null;
  const trend = trendOf();
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
