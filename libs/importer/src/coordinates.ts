import type { InputCrs } from '@gridlens/contracts';
import type { CoordinateColumns } from './mapping';

/** Projected X/Y → WGS84 lon/lat (the server passes @gridlens/geo's conversion; kept injectable so this lib stays pure). */
export type Projector = (x: number, y: number, crs: string, proj4?: string) => [number, number];

/** A point for the `reported` event: geographic datums are passed on to ingest (which converts them, as for a live feed). */
export interface SourcePoint {
  lon: number;
  lat: number;
  crs: InputCrs;
}

export type PointResult = { ok: true; point: SourcePoint } | { ok: false; code: 'no-coordinates' | 'bad-coordinates'; reason: string };

function number(text: string | undefined): number | null {
  const value = (text ?? '').trim();
  if (!value) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : NaN;
}

/**
 * The row's point: the first alternative whose two cells are present and not both zero (exports write 0,0 for
 * "unknown"). A present but non-numeric or out-of-range value is an error, not a fall-through.
 */
export function pointOf(cell: (column: string) => string | undefined, alternatives: readonly CoordinateColumns[], project: Projector): PointResult {
  const named = alternatives.map((a) => ('point' in a ? a.point : 'lon' in a ? `${a.lon}/${a.lat}` : `${a.x}/${a.y}`)).join(' or ');
  for (const alt of alternatives) {
    if ('point' in alt) {
      const text = cell(alt.point) ?? '';
      const numbers = text.match(/[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g) ?? [];
      if (!numbers.length) continue;
      const [first, second] = numbers.map(Number);
      if (numbers.length !== 2) return { ok: false, code: 'bad-coordinates', reason: `${alt.point}: "${text}" does not hold two numbers` };
      if (first === 0 && second === 0) continue;
      const [lon, lat] = alt.order === 'latlon' ? [second, first] : [first, second];
      if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return { ok: false, code: 'bad-coordinates', reason: `${alt.point}: "${text}" is not a ${alt.order === 'latlon' ? 'latitude, longitude' : 'longitude, latitude'}` };
      return { ok: true, point: { lon, lat, crs: alt.crs } };
    }
    const [a, b] = 'lon' in alt ? [alt.lon, alt.lat] : [alt.x, alt.y];
    const first = number(cell(a));
    const second = number(cell(b));
    if (first === null || second === null || (first === 0 && second === 0)) continue;
    if (Number.isNaN(first) || Number.isNaN(second)) {
      return { ok: false, code: 'bad-coordinates', reason: `${a}, ${b}: not numbers ("${cell(a)}", "${cell(b)}")` };
    }
    if ('lon' in alt) {
      if (Math.abs(first) > 180 || Math.abs(second) > 90) {
        return { ok: false, code: 'bad-coordinates', reason: `${a}, ${b}: (${first}, ${second}) is not a longitude/latitude` };
      }
      return { ok: true, point: { lon: first, lat: second, crs: alt.crs } };
    }
    let lonLat: [number, number];
    try {
      lonLat = project(first, second, alt.crs, alt.proj4);
    } catch (error) {
      return { ok: false, code: 'bad-coordinates', reason: `${a}, ${b}: cannot convert from ${alt.crs}: ${(error as Error).message}` };
    }
    const [lon, lat] = lonLat;
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      return { ok: false, code: 'bad-coordinates', reason: `${a}, ${b}: (${first}, ${second}) in ${alt.crs} is not a point on Earth` };
    }
    return { ok: true, point: { lon, lat, crs: 'wgs84' } };
  }
  return { ok: false, code: 'no-coordinates', reason: `no coordinates (${named} empty)` };
}
