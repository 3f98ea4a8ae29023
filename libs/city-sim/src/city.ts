import {
  type AreaGeometry,
  type BBox,
  type Position,
  bboxOf,
  distanceMetres,
  offsetMetres,
  pointInGeometry,
  randomPointIn,
  roundPosition,
  scatterAround,
} from './geometry';
import { type SimGrid, inBox, patrolAreas, serpentineRoute } from './grid-patrols';
import type { Rng } from './rng';

/** A district the simulator places cases in (WGS84). */
export interface SimDistrict {
  code: string;
  name?: string;
  geometry: AreaGeometry;
  /** Relative share of the city's cases (default 1): the urban core gets more than a rural county. */
  weight?: number;
  /** The district's centre (e.g. the seat of government); used as its first town centre when inside. */
  centre?: Position;
}

/** A built-up area inside a district, around which background reports cluster. */
export interface TownCentre {
  position: Position;
  /** Spread of reports around it, metres. */
  sigma: number;
}

/** An inspector (监督员) walking a patrol route in working hours. */
export interface Inspector {
  id: string;
  district: number;
  route: Position[];
  /** Cumulative length of the route at each waypoint, metres. */
  cumulative: number[];
  /** When patrolling unit grids: the box of each waypoint's grid (route[i] is its centre); reports stay inside them. */
  cells?: (readonly [number, number, number, number])[];
}

export interface PreparedDistrict extends SimDistrict {
  weight: number;
  box: BBox;
  centres: TownCentre[];
}

/** Share of background reports scattered uniformly over the district (the rest cluster round town centres). */
const UNIFORM_SHARE = 0.15;
/** Patrol speed (walking and cycling, with stops), metres per minute. */
const PATROL_SPEED = 40;

export function prepareDistricts(districts: readonly SimDistrict[], rng: Rng): PreparedDistrict[] {
  if (districts.length === 0) throw new Error('simulator: at least one district is needed');
  return districts.map((d) => {
    const box = bboxOf(d.geometry);
    const weight = d.weight ?? 1;
    const centres: TownCentre[] = [];
    const first = d.centre ? roundPosition(d.centre) : null;
    if (first && pointInGeometry(first[0], first[1], d.geometry)) centres.push({ position: first, sigma: 1800 });
    const n = 3 + Math.round(weight * 2);
    while (centres.length < n) {
      centres.push({ position: randomPointIn(d.geometry, rng, box), sigma: rng.range(500, 1300) });
    }
    return { ...d, weight, box, centres };
  });
}

/** A background report location in district `d`: mostly around its town centres, some anywhere. */
export function backgroundPoint(d: PreparedDistrict, rng: Rng): Position {
  if (rng.chance(UNIFORM_SHARE)) return randomPointIn(d.geometry, rng, d.box);
  const weights = d.centres.map((c, i) => (i === 0 ? 3 : 1));
  const c = d.centres[rng.weightedIndex(weights)];
  return scatterAround(c.position, c.sigma, d.geometry, rng);
}

/**
 * Inspectors per district. Given unit grids, one per patrol area of a district's grids (whole communities, about
 * 30–60 grids) with a route through their centres; otherwise (and in districts with no grids) in proportion to
 * the district's weight, each with a random route of waypoints inside the district.
 */
export function createInspectors(districts: readonly PreparedDistrict[], perWeight: number, rng: Rng, grids?: readonly SimGrid[]): Inspector[] {
  const inspectors: Inspector[] = [];
  const areas = grids && grids.length > 0 ? patrolAreas(grids) : null;
  districts.forEach((d, di) => {
    const own = areas?.get(d.code);
    if (own && own.length > 0) {
      own.forEach((area, k) => {
        const { route, cells } = serpentineRoute(area);
        inspectors.push({ id: `INS-${d.code}-${String(k + 1).padStart(3, '0')}`, district: di, route, cumulative: cumulate(route), cells });
      });
      return;
    }
    const count = Math.max(1, Math.round(d.weight * perWeight));
    for (let k = 0; k < count; k++) {
      const start = backgroundPoint(d, rng);
      const route: Position[] = [start];
      let heading = rng.range(0, 2 * Math.PI);
      for (let step = 0; step < 14; step++) {
        const prev = route[route.length - 1];
        let next: Position | null = null;
        for (let tries = 0; tries < 8 && !next; tries++) {
          heading += rng.range(-1.2, 1.2);
          const len = rng.range(150, 450);
          const p = roundPosition(offsetMetres(prev[0], prev[1], Math.cos(heading) * len, Math.sin(heading) * len));
          if (pointInGeometry(p[0], p[1], d.geometry)) next = p;
        }
        if (!next) break;
        route.push(next);
      }
      inspectors.push({ id: `INS-${d.code}-${String(k + 1).padStart(2, '0')}`, district: di, route, cumulative: cumulate(route) });
    }
  });
  return inspectors;
}

function cumulate(route: readonly Position[]): number[] {
  const cumulative = [0];
  for (let i = 1; i < route.length; i++) cumulative.push(cumulative[i - 1] + distanceMetres(route[i - 1], route[i]));
  return cumulative;
}

/**
 * Where an inspector is after walking `minutes` of working time: back and forth along the route, with a little
 * GPS jitter; always inside the district and, for a grid patrol, inside the grids of the two waypoints around it
 * (else the nearer waypoint, a grid centre).
 */
export function positionOnRoute(inspector: Inspector, minutes: number, district: PreparedDistrict, rng: Rng): Position {
  const { route, cumulative } = inspector;
  const total = cumulative[cumulative.length - 1];
  if (route.length < 2 || total === 0) return route[0];
  let s = (minutes * PATROL_SPEED) % (2 * total);
  if (s > total) s = 2 * total - s;
  // The first waypoint at or past s (binary search: grid patrol routes have dozens of waypoints).
  let i = 1;
  let hi = cumulative.length - 1;
  while (i < hi) {
    const m = (i + hi) >> 1;
    if (cumulative[m] < s) i = m + 1;
    else hi = m;
  }
  const f = (s - cumulative[i - 1]) / (cumulative[i] - cumulative[i - 1] || 1);
  const a = route[i - 1];
  const b = route[i];
  const p = offsetMetres(a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, rng.normal() * 15, rng.normal() * 15);
  const rounded = roundPosition(p);
  const cells = inspector.cells;
  const inOwnGrid = !cells || inBox(rounded, cells[i - 1]) || inBox(rounded, cells[i]);
  if (inOwnGrid && pointInGeometry(rounded[0], rounded[1], district.geometry)) return rounded;
  return f < 0.5 ? a : b;
}
