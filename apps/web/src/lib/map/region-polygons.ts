import { geojsonToBinary } from '@loaders.gl/gis';
import type { BinaryFeatureCollection, Feature } from '@loaders.gl/schema';
import type { RegionFeatureCollection } from '../api/client';
import { colorOfCount, type CountClass } from './color-scale';
import type { RegionFeature } from './region-cache';

/**
 * Region polygons as a binary feature collection (loaders.gl's format, which GeoJsonLayer draws without an object per
 * feature): rings in one Float64Array, triangulated once (holes and multipolygons included), and the fill colour as
 * a per-vertex binary attribute (`polygons.attributes.getFillColor`) instead of an accessor. The picked index of
 * the layer is the feature's index in `features`.
 */
export type BinaryRegions = BinaryFeatureCollection & {
  polygons: NonNullable<BinaryFeatureCollection['polygons']> & {
    attributes: { getFillColor: { value: Uint8Array; size: 4; normalized: true } };
  };
};

/** The geometry of a level's features, converted and triangulated once per loaded collection (colours change more often). */
const geometries = new WeakMap<RegionFeatureCollection, Map<string, { features: readonly RegionFeature[]; binary: BinaryFeatureCollection }>>();

function geometryOf(source: RegionFeatureCollection, features: readonly RegionFeature[]): BinaryFeatureCollection {
  const key = features[0]?.properties.level ?? '';
  let byLevel = geometries.get(source);
  if (!byLevel) geometries.set(source, (byLevel = new Map()));
  const cached = byLevel.get(key);
  if (cached && cached.features.length === features.length && cached.features.every((f, i) => f === features[i])) return cached.binary;
  const binary = geojsonToBinary(features as unknown as Feature[], { fixRingWinding: true, triangulate: true, PositionDataType: Float64Array, numericPropKeys: [] });
  byLevel.set(key, { features, binary });
  return binary;
}

/** `features` (all of one level, from `source`) with `counts[i]` coloured under `classes`. */
export function regionPolygons(source: RegionFeatureCollection, features: readonly RegionFeature[], counts: Int32Array, classes: readonly CountClass[]): BinaryRegions {
  const binary = geometryOf(source, features);
  const polygons = binary.polygons ?? geojsonToBinary([], { fixRingWinding: true }).polygons!;
  const ids = polygons.globalFeatureIds.value;
  const colors = new Uint8Array(ids.length * 4);
  const byFeature = Array.from(counts, (c) => colorOfCount(c, classes));
  for (let v = 0; v < ids.length; v++) colors.set(byFeature[ids[v]], v * 4);
  return { ...binary, polygons: { ...polygons, attributes: { getFillColor: { value: colors, size: 4, normalized: true } } } };
}
