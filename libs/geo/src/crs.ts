import gcoord from 'gcoord';
import type { InputCrs } from '@gridlens/contracts';

/**
 * Convert a point from an input datum to WGS84 (what gridlens stores).
 * CGCS2000 is within centimetres of WGS84 at city scale, so it passes through unchanged.
 * GCJ-02 and BD-09 are converted with gcoord (its inverse is iterative, accurate to well under a metre).
 */
export function toWgs84(lon: number, lat: number, crs: InputCrs = 'wgs84'): [number, number] {
  switch (crs) {
    case 'wgs84':
    case 'cgcs2000':
      return [lon, lat];
    case 'gcj02':
      return gcoord.transform([lon, lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
    case 'bd09':
      return gcoord.transform([lon, lat], gcoord.BD09, gcoord.WGS84) as [number, number];
  }
}

/** Convert every position of a GeoJSON geometry to WGS84. */
export function geometryToWgs84<G extends { type: string }>(geometry: G, crs: InputCrs): G {
  if (crs === 'wgs84' || crs === 'cgcs2000') return geometry;
  return gcoord.transform(geometry as never, crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09, gcoord.WGS84) as G;
}
