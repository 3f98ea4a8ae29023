import type { CasePoint } from '@gridlens/contracts';
import { latLngToCell } from 'h3-js';
import { parseCellId } from '../map/grid-geometry';
import { toUtm, utmZoneOfSrid } from '../map/utm';
import { dayOf } from '../state/time-window';
import type { CellGeometry } from './cell-table';
import { periodDays } from './slider';
import type { DayPeriod } from './url-state';
import { addDays } from '../state/time-window';

/**
 * Drill-down of one cell from the cases in its bounding box (`GET /api/v1/cases?bbox=…&format=json`): which of them
 * lie in the cell (the server's own binning: H3 `latLngToCell`, or `floor` of UTM metres for squares), their
 * category mix and their daily counts over the window. Pure.
 */

/** `minLon,minLat,maxLon,maxLat` of a ring. */
export function ringBbox(ring: readonly (readonly number[])[]): [number, number, number, number] {
  let [a, b, c, d] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    a = Math.min(a, x);
    b = Math.min(b, y);
    c = Math.max(c, x);
    d = Math.max(d, y);
  }
  return [a, b, c, d];
}

/** Whether a point lies in the cell `id`, binned as the server bins it. */
export function inCell(lon: number, lat: number, id: string, geometry: CellGeometry, resolution: number): boolean {
  if (geometry.kind === 'h3') return latLngToCell(lat, lon, resolution) === id;
  const cell = parseCellId(id);
  if (!cell || geometry.size === undefined || geometry.srid === undefined) return false;
  const [x, y] = toUtm(lon, lat, utmZoneOfSrid(geometry.srid));
  if (cell.kind === 'square') return Math.floor(x / geometry.size) === cell.a && Math.floor(y / geometry.size) === cell.b;
  return false;
}

export interface CategoryShare {
  code: string;
  count: number;
}

/** The `top` most frequent categories (ties by code), and the rest summed as `other`. */
export function categoryMix(codes: readonly string[], top = 6): { top: CategoryShare[]; other: number } {
  const counts = new Map<string, number>();
  for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  const sorted = [...counts].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return { top: sorted.slice(0, top), other: sorted.slice(top).reduce((n, c) => n + c.count, 0) };
}

/** Cases per day of the period (days in the city's zone), zeros included. */
export function dailyCounts(reportedAtMs: readonly number[], period: DayPeriod, timeZone: string): { days: string[]; counts: number[] } {
  const n = periodDays(period);
  const days = Array.from({ length: n }, (_, i) => addDays(period.from, i));
  const index = new Map(days.map((d, i) => [d, i]));
  const counts = new Array<number>(n).fill(0);
  for (const ms of reportedAtMs) {
    const i = index.get(dayOf(ms, timeZone));
    if (i !== undefined) counts[i] += 1;
  }
  return { days, counts };
}

/** The cases of the answer inside the cell, newest first (the answer's order). */
export function casesInCell(cases: readonly CasePoint[], id: string, geometry: CellGeometry, resolution: number): CasePoint[] {
  return cases.filter((c) => inCell(c.lon, c.lat, id, geometry, resolution));
}
