import vtpbf from 'vt-pbf';

/**
 * A Mapbox Vector Tile (spec 2.1) of point features, for where PostGIS was built without protobuf-c (PGlite's
 * PostGIS), so ST_AsMVT is missing. Points are already in tile coordinates (0..extent); the encoding is vt-pbf's
 * (Mapbox's serializer of geojson-vt tiles), fed the tile's features directly.
 */
export interface TilePointColumns {
  /** Tile coordinates, integers, y downwards. */
  px: number[];
  py: number[];
  /** Feature properties, one column per key; strings, numbers or null (left out). */
  properties: Record<string, (string | number | null)[]>;
}

/** geojson-vt's tile shape, as vt-pbf reads it: type 1 = point, geometry in tile coordinates. */
interface VtPointFeature {
  type: 1;
  geometry: [number, number][];
  tags: Record<string, string | number>;
}

/** One layer of point features; an empty Uint8Array when there is none (as ST_AsMVT of no rows). */
export function encodePointTile(layerName: string, extent: number, points: TilePointColumns): Uint8Array {
  const n = points.px.length;
  if (n === 0) return new Uint8Array(0);
  const keys = Object.keys(points.properties);
  const features: VtPointFeature[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const tags: Record<string, string | number> = {};
    for (const key of keys) {
      const v = points.properties[key][i];
      if (v !== null && v !== undefined) tags[key] = v;
    }
    features[i] = { type: 1, geometry: [[points.px[i], points.py[i]]], tags };
  }
  const layers = { [layerName]: { features } } as unknown as Parameters<typeof vtpbf.fromGeojsonVt>[0];
  return vtpbf.fromGeojsonVt(layers, { version: 2, extent });
}
