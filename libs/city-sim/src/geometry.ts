import type { Rng } from './rng';

/** GeoJSON geometries the simulator accepts for regions (WGS84 lon/lat). */
export type Position = [number, number];
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: number[][][];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: number[][][][];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

export interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

const METRES_PER_DEGREE_LAT = 111_320;

/** Even-odd ray casting on one ring (first = last or not, both work). */
function inRing(lon: number, lat: number, ring: readonly number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(lon: number, lat: number, rings: readonly number[][][]): boolean {
  if (rings.length === 0 || !inRing(lon, lat, rings[0])) return false;
  for (let h = 1; h < rings.length; h++) if (inRing(lon, lat, rings[h])) return false; // holes
  return true;
}

/** Whether the point lies inside the polygon (holes excluded). Points exactly on an edge may go either way. */
export function pointInGeometry(lon: number, lat: number, geometry: AreaGeometry): boolean {
  if (geometry.type === 'Polygon') return inPolygon(lon, lat, geometry.coordinates);
  return geometry.coordinates.some((polygon) => inPolygon(lon, lat, polygon));
}

export function bboxOf(geometry: AreaGeometry): BBox {
  const box: BBox = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons)
    for (const [lon, lat] of polygon[0] ?? []) {
      box.minLon = Math.min(box.minLon, lon);
      box.minLat = Math.min(box.minLat, lat);
      box.maxLon = Math.max(box.maxLon, lon);
      box.maxLat = Math.max(box.maxLat, lat);
    }
  return box;
}

/** The point `east` and `north` metres from (lon, lat) (local flat approximation, fine at city scale). */
export function offsetMetres(lon: number, lat: number, east: number, north: number): Position {
  const dLat = north / METRES_PER_DEGREE_LAT;
  const dLon = east / (METRES_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180));
  return [lon + dLon, lat + dLat];
}

/** Approximate distance in metres (equirectangular). */
export function distanceMetres(a: Position, b: Position): number {
  const x = (b[0] - a[0]) * Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  const y = b[1] - a[1];
  return Math.sqrt(x * x + y * y) * METRES_PER_DEGREE_LAT;
}

/** Rounded to 6 decimals (about 0.1 m), as the events carry them. */
export function roundPosition([lon, lat]: Position): Position {
  return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
}

/** A uniformly random point inside the geometry (rejection sampling in its bounding box). */
export function randomPointIn(geometry: AreaGeometry, rng: Rng, box: BBox = bboxOf(geometry)): Position {
  for (let tries = 0; tries < 10_000; tries++) {
    const p = roundPosition([rng.range(box.minLon, box.maxLon), rng.range(box.minLat, box.maxLat)]);
    if (pointInGeometry(p[0], p[1], geometry)) return p;
  }
  throw new Error('randomPointIn: no point found inside the geometry (is it empty or degenerate?)');
}

/**
 * A point scattered around `centre` (2-D normal, `sigma` metres), inside the geometry; after a few misses the
 * centre itself (which must be inside) is returned.
 */
export function scatterAround(centre: Position, sigma: number, geometry: AreaGeometry, rng: Rng): Position {
  for (let tries = 0; tries < 20; tries++) {
    const p = roundPosition(offsetMetres(centre[0], centre[1], rng.normal() * sigma, rng.normal() * sigma));
    if (pointInGeometry(p[0], p[1], geometry)) return p;
  }
  return roundPosition(centre);
}
