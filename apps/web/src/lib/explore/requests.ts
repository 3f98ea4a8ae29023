import { queryString } from '../api/client';
import { periodInstants, sliderWindow } from './slider';
import type { DayPeriod, ExploreView } from './url-state';

/**
 * The URLs the explorer reads, from its view: one per layer (the loaders' cache keys). Pure. Cells and points follow
 * the slider's window; emerging hotspots always analyse the whole period (they need its steps).
 */

type Params = Record<string, string | string[] | undefined>;

/** The days the map shows now: the slider's window, or the whole period. */
export const shownDays = (view: ExploreView): DayPeriod => sliderWindow(view.period, view.width, view.pos);

function scope(view: ExploreView, days: DayPeriod, timeZone: string, withStatus = true): Params {
  const { from, to } = periodInstants(days, timeZone);
  return { from, to, categories: view.categories, region: view.region || undefined, status: withStatus ? view.status : undefined };
}

const cellParams = (cell: 'h3' | 'square', view: ExploreView): Params =>
  cell === 'h3' ? { cell: 'h3', resolution: String(view.res) } : { cell: 'square', size: String(view.size) };

/** `GET /api/v1/grid` (Arrow) for the H3 or square grid over `days`. */
export function gridUrl(view: ExploreView, cell: 'h3' | 'square', days: DayPeriod, timeZone: string): string {
  return `/api/v1/grid${queryString({ ...cellParams(cell, view), ...scope(view, days, timeZone) })}`;
}

export function regionCountsUrl(view: ExploreView, days: DayPeriod, timeZone: string): string {
  return `/api/v1/regions/counts${queryString({ level: view.level, ...scope(view, days, timeZone) })}`;
}

/** Gi* over the shown days (no status filter: the statistic counts every matching case). */
export function hotspotsUrl(view: ExploreView, timeZone: string): string {
  return `/api/v1/hotspots${queryString({ ...cellParams(view.cell, view), k: String(view.k), fdr: String(view.fdr), ...scope(view, shownDays(view), timeZone, false) })}`;
}

export function emergingUrl(view: ExploreView, timeZone: string): string {
  return `/api/v1/hotspots/emerging${queryString({ ...cellParams(view.cell, view), k: String(view.k), fdr: String(view.fdr), step: view.step, ...scope(view, view.period, timeZone, false) })}`;
}

/** The case points (Arrow) of the shown days. */
export function pointsUrl(view: ExploreView, timeZone: string): string {
  return `/api/v1/cases${queryString({ format: 'arrow', ...scope(view, shownDays(view), timeZone) })}`;
}

/** The cases of a box (JSON), for a cell's drill-down. */
export function boxCasesUrl(view: ExploreView, bbox: readonly number[], days: DayPeriod, timeZone: string, limit = 5000): string {
  return `/api/v1/cases${queryString({ format: 'json', bbox: bbox.map((n) => n.toFixed(6)).join(','), limit: String(limit), ...scope(view, days, timeZone) })}`;
}

/** The cases of a region (JSON), newest first. */
export function regionCasesUrl(view: ExploreView, region: string, days: DayPeriod, timeZone: string, limit = 5000): string {
  return `/api/v1/cases${queryString({ format: 'json', limit: String(limit), ...scope(view, days, timeZone), region })}`;
}

/** Daily trends of a region (or the view's region) over `days`, optionally against a second period. */
export function trendsUrl(view: ExploreView, days: DayPeriod, timeZone: string, region: string | undefined, compare?: DayPeriod): string {
  const { from, to } = periodInstants(days, timeZone);
  const other = compare ? periodInstants(compare, timeZone) : null;
  return `/api/v1/trends${queryString({ from, to, step: 'day', region: region || view.region || undefined, categories: view.categories, compare: other ? `${other.from},${other.to}` : undefined })}`;
}
