import type { CaseStatus, RegionLevel } from '@gridlens/contracts';
import { STATUSES } from '../state/filters-record';
import { addDays } from '../state/time-window';

/**
 * The explorer's whole view as plain data, and its (de)serialisation to the query string of `/explore?…`, so a
 * link restores exactly what its sender saw. Pure: no state, no DOM. Only values that differ from the defaults
 * are written, except the period (always written: "the last 30 days" would move with the calendar).
 */

/** The one area layer drawn at a time (besides points and heatmap, which overlay it). */
export const GRID_LAYERS = ['none', 'h3', 'square', 'region', 'hotspots', 'emerging'] as const;
export type GridLayer = (typeof GRID_LAYERS)[number];
export const REGION_GRID_LEVELS = ['district', 'street', 'community', 'grid'] as const satisfies readonly RegionLevel[];
export type RegionGridLevel = (typeof REGION_GRID_LEVELS)[number];
export const SLIDER_WIDTHS = ['day', 'week'] as const;
export type SliderWidth = (typeof SLIDER_WIDTHS)[number];

/** A period of whole days in the city, both included (`YYYY-MM-DD`). */
export interface DayPeriod {
  from: string;
  to: string;
}

export interface MapCentre {
  lon: number;
  lat: number;
  zoom: number;
}

export interface ExploreView {
  grid: GridLayer;
  points: boolean;
  heatmap: boolean;
  /** Cells of the hotspot / emerging layers: H3 or squares. */
  cell: 'h3' | 'square';
  /** H3 resolution 6–10 (h3 grid, and hotspots with cell=h3). */
  res: number;
  /** Square side in metres (square grid, and hotspots with cell=square). */
  size: number;
  level: RegionGridLevel;
  /** Gi* neighbourhood rings 1–3, Benjamini–Hochberg on/off, emerging step. */
  k: number;
  fdr: boolean;
  step: 'day' | 'week';
  period: DayPeriod;
  /** The slider's window width, and its position (days after period.from); null = the whole period. */
  width: SliderWidth;
  pos: number | null;
  categories: string[];
  /** A region code, '' for the whole city. */
  region: string;
  status: CaseStatus[];
  /** Before/after: period A and period B (the map shows B − A). */
  compare: { a: DayPeriod; b: DayPeriod } | null;
  centre: MapCentre | null;
  /** The selected cell id or region code. */
  selected: string | null;
}

/** The default view for a given "today" (the city's calendar day): Gi* hotspots on H3 8 over the last 30 days. */
export function defaultView(today: string): ExploreView {
  return {
    grid: 'hotspots',
    points: false,
    heatmap: false,
    cell: 'h3',
    res: 8,
    size: 500,
    level: 'street',
    k: 1,
    fdr: false,
    step: 'day',
    period: { from: addDays(today, -29), to: today },
    width: 'day',
    pos: null,
    categories: [],
    region: '',
    status: [],
    compare: null,
    centre: null,
    selected: null,
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const oneOf = <T extends string>(list: readonly T[], v: string | null): T | undefined => (list as readonly string[]).includes(v ?? '\u0000') ? (v as T) : undefined;
const intIn = (v: string | null, min: number, max: number): number | undefined => {
  if (v === null || !/^-?\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n >= min && n <= max ? n : undefined;
};
const period = (v: string | null): DayPeriod | undefined => {
  const [from, to] = (v ?? '').split('~');
  return DAY.test(from ?? '') && DAY.test(to ?? '') && from <= to ? { from, to } : undefined;
};
const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : []);
const flag = (v: string | null) => (v === null ? undefined : v === '1');
const round = (n: number, digits: number) => Number(n.toFixed(digits));

/** Reads a query string (`?a=b…` or `a=b…`); anything missing or invalid takes its default. */
export function parseView(search: string, today: string): ExploreView {
  const q = new URLSearchParams(search);
  const d = defaultView(today);
  const a = period(q.get('a'));
  const b = period(q.get('b'));
  const centre = (q.get('at') ?? '').split(',').map(Number);
  const selected = q.get('sel');
  return {
    grid: oneOf(GRID_LAYERS, q.get('layer')) ?? d.grid,
    points: flag(q.get('pts')) ?? d.points,
    heatmap: flag(q.get('heat')) ?? d.heatmap,
    cell: oneOf(['h3', 'square'] as const, q.get('cell')) ?? d.cell,
    res: intIn(q.get('res'), 6, 10) ?? d.res,
    size: intIn(q.get('size'), 50, 50_000) ?? d.size,
    level: oneOf(REGION_GRID_LEVELS, q.get('level')) ?? d.level,
    k: intIn(q.get('k'), 1, 3) ?? d.k,
    fdr: flag(q.get('fdr')) ?? d.fdr,
    step: oneOf(['day', 'week'] as const, q.get('step')) ?? d.step,
    period: period(q.get('period')) ?? d.period,
    width: oneOf(SLIDER_WIDTHS, q.get('w')) ?? d.width,
    pos: intIn(q.get('pos'), 0, 100_000) ?? null,
    categories: list(q.get('cat')),
    region: q.get('region') ?? '',
    status: list(q.get('status')).filter((s): s is CaseStatus => (STATUSES as readonly string[]).includes(s)),
    compare: a && b ? { a, b } : null,
    centre: centre.length === 3 && centre.every(Number.isFinite) ? { lon: centre[0], lat: centre[1], zoom: centre[2] } : null,
    selected: selected || null,
  };
}

/** The query string (without `?`) of a view: the period always, every other field only when not its default. */
export function serialiseView(view: ExploreView, today: string): string {
  const d = defaultView(today);
  const q = new URLSearchParams();
  const put = (key: string, value: string, fallback: string) => value !== fallback && q.set(key, value);
  put('layer', view.grid, d.grid);
  put('pts', view.points ? '1' : '0', d.points ? '1' : '0');
  put('heat', view.heatmap ? '1' : '0', d.heatmap ? '1' : '0');
  put('cell', view.cell, d.cell);
  put('res', String(view.res), String(d.res));
  put('size', String(view.size), String(d.size));
  put('level', view.level, d.level);
  put('k', String(view.k), String(d.k));
  put('fdr', view.fdr ? '1' : '0', d.fdr ? '1' : '0');
  put('step', view.step, d.step);
  q.set('period', `${view.period.from}~${view.period.to}`);
  put('w', view.width, d.width);
  if (view.pos !== null) q.set('pos', String(view.pos));
  put('cat', view.categories.join(','), '');
  put('region', view.region, '');
  put('status', view.status.join(','), '');
  if (view.compare) {
    q.set('a', `${view.compare.a.from}~${view.compare.a.to}`);
    q.set('b', `${view.compare.b.from}~${view.compare.b.to}`);
  }
  // 6 decimals (~0.1 m) and 2 for zoom: the same view, a short link.
  if (view.centre) q.set('at', [round(view.centre.lon, 6), round(view.centre.lat, 6), round(view.centre.zoom, 2)].join(','));
  if (view.selected) q.set('sel', view.selected);
  // URLSearchParams encodes ',' and '~' – keep them readable (both are safe in a query).
  return q.toString().replace(/%2C/g, ',').replace(/%7E/g, '~');
}
