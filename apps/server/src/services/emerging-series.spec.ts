import { describe, expect, it } from 'vitest';
import { classifyEmerging, confidenceBins, fdrBins, getisOrdGiStar, mannKendall } from '@gridlens/hotspot-stats';
import { emergingCells, giStarSeries, type EmergingSeries, type StepCounts } from './emerging-series';

/** 30 cells on a line (neighbours i − 1, i, i + 1), 6 steps; cell 10's neighbourhood grows from step 2 on. */
function line(): StepCounts {
  const n = 30;
  const steps = 6;
  const counts = new Float64Array(n * steps);
  for (let i = 0; i < n; i++) for (let s = 0; s < steps; s++) counts[i * steps + s] = (i * 7 + s * 3) % 4 === 0 ? 1 : 0;
  for (let s = 2; s < steps; s++) for (const i of [9, 10, 11]) counts[i * steps + s] = 4 * s;
  return {
    ids: Array.from({ length: n }, (_, i) => `c${String(i).padStart(2, '0')}`),
    counts,
    steps,
    neighbours: (i) => [i - 1, i, i + 1].filter((j) => j >= 0 && j < n),
  };
}

/** The series are, float for float and bin for bin, getisOrdGiStar and its bins applied to each step's counts. */
function expectGiStarStepByStep(area: StepCounts, series: EmergingSeries, fdr: boolean): void {
  const { steps, counts } = area;
  for (let s = 0; s < steps; s++) {
    const g = getisOrdGiStar(area.ids.map((_, i) => counts[i * steps + s]), area.neighbours);
    const bins = fdr ? fdrBins(g.z, g.p) : confidenceBins(g.z, g.p);
    for (let i = 0; i < area.ids.length; i++) {
      expect(series.z[i * steps + s]).toBe(g.z[i]);
      expect(series.bins[i * steps + s]).toBe(bins[i]);
    }
  }
}

describe('emerging series', () => {
  it('runs Gi* per step over the whole area, plain or FDR bins, stored cell-major', () => {
    const area = line();
    for (const fdr of [false, true]) {
      const series = giStarSeries(area, fdr);
      for (let s = 0; s < area.steps; s++) {
        const values = area.ids.map((_, i) => area.counts[i * area.steps + s]);
        const g = getisOrdGiStar(values, area.neighbours);
        const bins = fdr ? fdrBins(g.z, g.p) : confidenceBins(g.z, g.p);
        area.ids.forEach((_, i) => {
          expect(series.z[i * area.steps + s]).toBe(g.z[i]);
          expect(series.bins[i * area.steps + s]).toBe(bins[i]);
        });
      }
    }
  });

  it('gives the same floats and bins as Gi* step by step on random areas (zero fields, constant steps, whole-area neighbourhoods)', () => {
    let seed = 99;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const [n, steps] of [[200, 20], [3, 5], [40, 1]]) {
      const counts = new Float64Array(n * steps);
      for (let k = 0; k < counts.length; k++) counts[k] = random() < 0.6 ? 0 : Math.floor(random() * random() * 40);
      for (let i = 0; i < n; i++) counts[i * steps] = 2; // step 0 constant: S = 0
      const lists = Array.from({ length: n }, (_, i) => (i === 1 ? Array.from({ length: n }, (_, j) => j) : [i, ...Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * n)).filter((j, k, a) => j !== i && a.indexOf(j) === k)]));
      const area: StepCounts = { ids: lists.map((_, i) => `c${i}`), counts, steps, neighbours: (i) => lists[i] };
      for (const fdr of [false, true]) {
        expectGiStarStepByStep(area, giStarSeries(area, fdr), fdr);
      }
    }
  });

  it('answers the cells with a pattern (every cell with all), each with its series and the library pattern', () => {
    const area = line();
    const series = giStarSeries(area, false);
    const every = emergingCells(area, series, true);
    expect(every.map((c) => c.id)).toEqual(area.ids);
    const some = emergingCells(area, series, false);
    expect(some.map((c) => c.id)).toEqual(every.filter((c) => c.pattern !== 'none').map((c) => c.id));
    const ten = every[10];
    expect(ten.pattern).toBe('consecutive');
    expect(ten.counts.slice(2)).toEqual([8, 12, 16, 20]);
    expect(classifyEmerging(ten.bins, ten.z).kind).toBe(ten.pattern);
    expect(ten.z).toHaveLength(area.steps);
  });

  it('copies the z series of cells whose neighbourhood counted nothing (twins) as the same floats, and classifies them alike', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const [n, steps] = [300, 12];
    const counts = new Float64Array(n * steps);
    // Cases in 20 cells only, as in a city whose study area is mostly fields.
    for (let i = 0; i < 20; i++) for (let s = 0; s < steps; s++) counts[i * steps + s] = Math.floor(random() * (4 + i + s));
    const lists = Array.from({ length: n }, (_, i) => [i, ...Array.from({ length: Math.floor(random() * 7) }, () => Math.floor(random() * n)).filter((j, k, a) => j !== i && a.indexOf(j) === k)]);
    const area: StepCounts = { ids: lists.map((_, i) => `c${i}`), counts, steps, neighbours: (i) => lists[i] };
    for (const fdr of [false, true]) {
      const series = giStarSeries(area, fdr);
      expectGiStarStepByStep(area, series, fdr);
      const quiet = (i: number) => lists[i].every((j) => counts.subarray(j * steps, (j + 1) * steps).every((c) => c === 0));
      for (let i = 0; i < n; i++) {
        if (!quiet(i)) expect(series.twin[i]).toBe(-1);
        else expect(lists[series.twin[i]].length).toBe(lists[i].length);
      }
      expect(new Set(Array.from(series.twin).filter((t) => t >= 0)).size).toBeGreaterThan(1);
      expect(Array.from(series.twin).filter((t, i) => t >= 0 && t !== i).length).toBeGreaterThan(100);
      for (const cell of emergingCells(area, series, true)) {
        expect(cell.pattern).toBe(classifyEmerging(cell.bins, cell.z).kind);
        expect(cell.trend.s).toBe(mannKendall(cell.z).s);
        expect(cell.counts).toEqual(Array.from(counts.subarray(Number(cell.id.slice(1)) * steps, (Number(cell.id.slice(1)) + 1) * steps)));
      }
    }
  });
});
