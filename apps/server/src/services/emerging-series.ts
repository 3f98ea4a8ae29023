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
  /**
   * For a cell whose whole neighbourhood counted no case in any step: the first such cell with as many neighbours,
   * whose z and bins series are the same floats (its own index when it is that first one); −1 for every other cell.
   */
  twin: Int32Array;
}

/**
 * Gi* of each step's counts over the whole study area (zero cells included); plain or Benjamini–Hochberg bins.
 * The same arithmetic as getisOrdGiStar applied step by step, in the same order (so the same floats, tested), but
 * cell-major: each neighbour's whole series is added at once from the flat counts, with the neighbour lists flattened
 * once. Plain bins come from z (confidenceBinOfZ: p only near a level's threshold).
 *
 * Most of a city's study area counts nothing (at 10 M cases, 463 of the 7,809 H3 cells of resolution 8 hold a case):
 * a cell whose neighbours all count zero in every step has local sums of exactly 0, so its z series depends only on
 * its number of neighbours. It is computed once per number of neighbours and copied (`twin` says which cells share one).
 */
export function giStarSeries(area: StepCounts, fdr: boolean): EmergingSeries {
  const n = area.ids.length;
  const { steps, counts } = area;
  const z = new Float64Array(n * steps);
  const bins = new Int8Array(n * steps);
  const twin = new Int32Array(n).fill(-1);
  if (n < 2) return { z, bins, twin };
  const { offsets, members } = flatNeighbours(area);
  const mean = new Float64Array(steps);
  const sd = new Float64Array(steps);
  /** Whether cell j counted a case in any step. */
  const counted = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    for (let s = 0; s < steps; s++) {
      if (counts[j * steps + s] !== 0) {
        counted[j] = 1;
        break;
      }
    }
  }
  // A cell that counted nothing adds 0 to the mean (skipped: x + 0 is x) and (0 − mean)² to the sum of squares
  // (added in cell order, as getisOrdGiStar does, so the same floats).
  for (let j = 0; j < n; j++) if (counted[j]) for (let s = 0; s < steps; s++) mean[s] += counts[j * steps + s];
  for (let s = 0; s < steps; s++) mean[s] /= n;
  const zeroSquare = mean.map((m) => (0 - m) ** 2);
  for (let j = 0; j < n; j++) {
    if (counted[j]) for (let s = 0; s < steps; s++) sd[s] += (counts[j * steps + s] - mean[s]) ** 2;
    else for (let s = 0; s < steps; s++) sd[s] += zeroSquare[s];
  }
  for (let s = 0; s < steps; s++) sd[s] = Math.sqrt(sd[s] / n);
  /** By number of neighbours: the first cell whose neighbourhood counted nothing. */
  const firstQuiet = new Map<number, number>();
  const local = new Float64Array(steps);
  for (let i = 0; i < n; i++) {
    let quiet = true;
    for (let m = offsets[i]; m < offsets[i + 1] && quiet; m++) if (counted[members[m]]) quiet = false;
    if (quiet) {
      const first = firstQuiet.get(offsets[i + 1] - offsets[i]);
      if (first !== undefined) {
        // Local sums all 0 as in `first`, and the same weights: the same z, float for float.
        z.copyWithin(i * steps, first * steps, (first + 1) * steps);
        twin[i] = first;
        continue;
      }
      firstQuiet.set(offsets[i + 1] - offsets[i], i);
      twin[i] = i;
    }
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
  return { z, bins, twin };
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
  /** Classified twins (series.twin): a cell with a twin takes its pattern and trend, the same series' verdict. */
  const classified = new Map<number, Classified>();
  for (let i = 0; i < area.ids.length; i++) {
    const twin = series.twin[i];
    let c = twin >= 0 ? classified.get(twin) : undefined;
    if (!c) {
      c = classify(area, series, i);
      if (twin >= 0) classified.set(twin, c);
    }
    if (all || c.pattern.kind !== 'none') out.push(answerOf(area, series, i, c));
  }
  return out;
}

/** A cell's pattern and, when computed, the Mann–Kendall test of its z series (one test, shared with the pattern). */
interface Classified {
  pattern: EmergingPattern;
  trend: () => MannKendallResult;
}

function classify(area: StepCounts, series: EmergingSeries, i: number): Classified {
  const { steps } = area;
  const z = series.z.subarray(i * steps, (i + 1) * steps);
  let computed: MannKendallResult | undefined;
  const trend = () => (computed ??= mannKendall(z));
  return { pattern: classifyEmerging(series.bins.subarray(i * steps, (i + 1) * steps), z, { trend }), trend };
}

/** Cell i's answer: its pattern, the trend of its z series, and its series. */
function answerOf(area: StepCounts, series: EmergingSeries, i: number, c: Classified): EmergingCell {
  const { steps } = area;
  const trend = c.trend();
  return {
    id: area.ids[i],
    pattern: c.pattern.kind,
    hot: c.pattern.hot,
    trend: { s: trend.s, z: trend.z, p: trend.p },
    bins: Array.from(series.bins.subarray(i * steps, (i + 1) * steps)),
    z: Array.from(series.z.subarray(i * steps, (i + 1) * steps)),
    counts: Array.from(area.counts.subarray(i * steps, (i + 1) * steps)),
  };
}
