import gcoord from 'gcoord';
import proj4 from 'proj4';
import { epsgDefinition } from './projections';

/**
 * A coordinate reference system gridlens converts from:
 * - `wgs84`, `cgcs2000` (taken as WGS84: within centimetres at city scale), `gcj02`, `bd09` (China's offset datums);
 * - `EPSG:<code>`: a projection gridlens knows (see projections.ts), or any code given with a proj4 definition;
 * - a proj4 string (`+proj=…`) or OGC/ESRI WKT (what a Shapefile's .prj holds).
 */
export type Crs =
  | { kind: 'wgs84'; name: string }
  | { kind: 'gcj02'; name: 'gcj02' }
  | { kind: 'bd09'; name: 'bd09' }
  | { kind: 'proj4'; name: string; definition: string };

export class CrsError extends Error {}

const NAMED: Record<string, Crs> = {
  wgs84: { kind: 'wgs84', name: 'wgs84' },
  cgcs2000: { kind: 'wgs84', name: 'cgcs2000' },
  gcj02: { kind: 'gcj02', name: 'gcj02' },
  bd09: { kind: 'bd09', name: 'bd09' },
};

/** EPSG codes that are WGS84 or CGCS2000 longitude/latitude: passed through unchanged. */
const GEOGRAPHIC_WGS84 = new Set([4326, 4490, 4479, 4480]);

/**
 * Parse a CRS name. `definition` is a proj4 string (or WKT) for an EPSG code gridlens does not know.
 * Throws CrsError naming what it could not understand.
 */
export function parseCrs(text: string, definition?: string): Crs {
  const name = text.trim();
  const named = NAMED[name.toLowerCase()];
  if (named) return named;
  const epsg = /^EPSG:(\d{4,6})$/i.exec(name);
  if (epsg) {
    const code = Number(epsg[1]);
    if (GEOGRAPHIC_WGS84.has(code) && !definition) return { kind: 'wgs84', name: `EPSG:${code}` };
    const def = definition?.trim() || epsgDefinition(code);
    if (!def) throw new CrsError(`EPSG:${code} is not one gridlens knows: give its proj4 definition (e.g. from epsg.io)`);
    return checked({ kind: 'proj4', name: `EPSG:${code}`, definition: def });
  }
  if (/^\+proj=/.test(name) || /^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\[/i.test(name)) {
    return checked({ kind: 'proj4', name: name.startsWith('+') ? name : 'WKT', definition: name });
  }
  throw new CrsError(`unknown CRS "${text}": expected wgs84, cgcs2000, gcj02, bd09, EPSG:<code> or a proj4 string`);
}

const converters = new Map<string, proj4.Converter>();

function converter(definition: string): proj4.Converter {
  let c = converters.get(definition);
  if (!c) {
    try {
      c = proj4(definition, 'EPSG:4326');
    } catch (error) {
      throw new CrsError(`cannot use the projection "${definition.slice(0, 80)}": ${(error as Error).message ?? error}`);
    }
    converters.set(definition, c);
  }
  return c;
}

function checked(crs: Crs & { kind: 'proj4' }): Crs {
  converter(crs.definition);
  return crs;
}

/** Convert one position (x/y or lon/lat in `crs`) to WGS84 [lon, lat]. Throws CrsError if it is not a point on Earth. */
export function positionToWgs84(x: number, y: number, crs: Crs): [number, number] {
  let out: [number, number];
  switch (crs.kind) {
    case 'wgs84':
      out = [x, y];
      break;
    case 'gcj02':
      out = gcoord.transform([x, y], gcoord.GCJ02, gcoord.WGS84) as [number, number];
      break;
    case 'bd09':
      out = gcoord.transform([x, y], gcoord.BD09, gcoord.WGS84) as [number, number];
      break;
    case 'proj4': {
      const [lon, lat] = converter(crs.definition).forward([x, y]);
      out = [lon, lat];
      break;
    }
  }
  if (!Number.isFinite(out[0]) || !Number.isFinite(out[1]) || Math.abs(out[0]) > 180 || Math.abs(out[1]) > 90) {
    throw new CrsError(`(${x}, ${y}) in ${crs.name} is not a point on Earth`);
  }
  return out;
}

/**
 * Convert a point from an input CRS to WGS84 (what gridlens stores): `crs` is any name parseCrs takes
 * (wgs84 | cgcs2000 | gcj02 | bd09 | EPSG:<code> | proj4 string); `definition` a proj4 string for an unknown EPSG code.
 * GCJ-02 and BD-09 are converted with gcoord (its inverse is iterative, accurate to well under a metre).
 */
export function toWgs84(x: number, y: number, crs: string | Crs = 'wgs84', definition?: string): [number, number] {
  // The live ingest's usual case, without parsing a name per event.
  if (crs === 'wgs84' || crs === 'cgcs2000') return positionToWgs84(x, y, NAMED[crs]);
  return positionToWgs84(x, y, typeof crs === 'string' ? parseCrs(crs, definition) : crs);
}

type Positions = number[] | Positions[];

function mapPositions(coords: Positions, f: (p: number[]) => number[]): Positions {
  if (typeof coords[0] === 'number') return f(coords as number[]);
  return (coords as Positions[]).map((c) => mapPositions(c, f));
}

interface AnyGeometry {
  type: string;
  coordinates?: unknown;
  geometries?: AnyGeometry[];
}

/** Convert every position of a GeoJSON geometry to WGS84 (a new geometry; extra dimensions are dropped). */
export function geometryToWgs84<G extends { type: string }>(geometry: G, crs: string | Crs, definition?: string): G {
  const c = typeof crs === 'string' ? parseCrs(crs, definition) : crs;
  if (c.kind === 'wgs84') return geometry;
  if (c.kind === 'gcj02' || c.kind === 'bd09') {
    // gcoord converts a whole geometry in place, several times faster than position by position: convert a copy.
    return gcoord.transform(structuredClone(geometry) as never, c.kind === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09, gcoord.WGS84) as G;
  }
  const convert = (g: AnyGeometry): AnyGeometry =>
    g.type === 'GeometryCollection'
      ? { ...g, geometries: (g.geometries ?? []).map(convert) }
      : { ...g, coordinates: mapPositions(g.coordinates as Positions, (p) => positionToWgs84(p[0], p[1], c)) };
  return convert(geometry as unknown as AnyGeometry) as unknown as G;
}

/**
 * The CRS a Shapefile's .prj (ESRI or OGC WKT) describes: WGS84/CGCS2000 longitude/latitude pass through; a known
 * EPSG authority code is used as such; anything else goes to proj4 as WKT.
 */
export function crsOfPrj(wkt: string): Crs {
  const text = wkt.trim();
  if (!text) throw new CrsError('the .prj file is empty');
  if (/^GEOGCS\[/i.test(text) && /WGS[_ ]?(19)?84|CGCS[_ ]?2000|China Geodetic Coordinate System 2000/i.test(text)) {
    return { kind: 'wgs84', name: /CGCS|China/i.test(text) ? 'cgcs2000' : 'wgs84' };
  }
  const authorities = [...text.matchAll(/AUTHORITY\["EPSG",\s*"?(\d+)"?\]/gi)];
  const top = authorities.at(-1);
  if (top && epsgDefinition(Number(top[1]))) return parseCrs(`EPSG:${top[1]}`);
  if (/StatePlane_New_York_Long_Island_FIPS_3104_Feet/i.test(text)) return parseCrs('EPSG:2263');
  return parseCrs(text);
}
