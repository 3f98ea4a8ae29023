import type { GridResponse, RegionCountsResponse, RegionLevel } from '@gridlens/contracts';
import type { RegionFeatureCollection } from '../api/client';
import { gridColumnsFromJson, type GridColumns } from './arrow-grid';
import { cellPolygons, perVertexColors, type BinaryPaths, type BinaryPolygons } from './cell-polygons';
import { countClasses, type CountClass } from './color-scale';
import { regionPolygons, type BinaryRegions } from './region-polygons';
import type { RegionFeature } from './region-cache';

/** A grid cell as a click or hover reports it (looked up by the picked row: the layer's data holds no objects). */
export interface CellShape {
  id: string;
  count: number;
  lon: number;
  lat: number;
}

/**
 * The cells of one GET /api/v1/grid answer as columns (row i = cell i) and as deck.gl binary data: every cell's
 * ring in one Float64Array with start indices, a fill colour per vertex. Built once per answer, not per render.
 */
export interface HexagonData {
  /** Changes with every answer (the layer's updateTriggers). */
  version: number;
  cell: 'hex' | 'square';
  size: number;
  srid: number;
  length: number;
  ids: string[];
  counts: Int32Array;
  /** lon, lat of each cell's centre. */
  centres: Float64Array;
  classes: CountClass[];
  /** For SolidPolygonLayer: `getPolygon` (closed rings) and `getFillColor` per vertex. */
  polygons: BinaryPolygons;
  /** The same rings for PathLayer (`getPath`), for the outlines. */
  outlines: BinaryPaths;
}

/** The grid answer (its Arrow columns, or JSON) as binary cells with the colour classes of its counts. */
export function hexagonData(answer: GridColumns | GridResponse, version: number): HexagonData {
  const grid = 'cells' in answer ? gridColumnsFromJson(answer) : answer;
  // srid 4326 = no city yet (the server answers no cells): nothing to shape
  const ids = grid.srid === 4326 ? [] : grid.id;
  const shaped = cellPolygons(ids, grid.size, grid.srid);
  const rows = shaped.rows;
  const counts = Int32Array.from(rows, (i) => grid.count[i]);
  const centres = new Float64Array(rows.length * 2);
  rows.forEach((i, row) => {
    centres[row * 2] = grid.lon[i];
    centres[row * 2 + 1] = grid.lat[i];
  });
  const classes = countClasses(counts.reduce((m, c) => Math.max(m, c), 0));
  return {
    version,
    cell: grid.cell,
    size: grid.size,
    srid: grid.srid,
    length: rows.length,
    ids: rows.map((i) => ids[i]),
    counts,
    centres,
    classes,
    polygons: {
      length: rows.length,
      startIndices: shaped.startIndices,
      attributes: {
        getPolygon: { value: shaped.positions, size: 2 },
        getFillColor: { value: perVertexColors(counts, shaped.startIndices, classes), size: 4, normalized: true },
      },
    },
    outlines: { length: rows.length, startIndices: shaped.startIndices, attributes: { getPath: { value: shaped.positions, size: 2 } } },
  };
}

/** The cell at a picked row of the hexagon layer, or null. */
export function cellAt(hexagons: HexagonData | null, row: number): CellShape | null {
  if (!hexagons || row < 0 || row >= hexagons.length) return null;
  return { id: hexagons.ids[row], count: hexagons.counts[row], lon: hexagons.centres[row * 2], lat: hexagons.centres[row * 2 + 1] };
}

/** The closed ring of a cell (for the selection outline), or null when the answer has no such cell. */
export function cellRing(hexagons: HexagonData, id: string): Float64Array | null {
  const row = hexagons.ids.indexOf(id);
  if (row < 0) return null;
  const { startIndices, attributes } = hexagons.polygons;
  return attributes.getPolygon.value.subarray(startIndices[row] * 2, startIndices[row + 1] * 2);
}

export interface ChoroplethData {
  version: number;
  level: RegionLevel;
  /** The drawn regions (feature i = the layer's picked index i). */
  regions: RegionFeatureCollection;
  counts: ReadonlyMap<string, number>;
  classes: CountClass[];
  /** The regions as a binary feature collection for GeoJsonLayer, each vertex filled with its region's colour. */
  binary: BinaryRegions;
}

/** Region polygons of one level joined to their case counts; the classes span the counts of the drawn regions. */
export function choroplethData(regions: RegionFeatureCollection, counts: RegionCountsResponse, version: number): ChoroplethData {
  const features = regions.features.filter((f) => f.properties.level === counts.level);
  const byCode = new Map(counts.counts.map((c) => [c.code, c.count]));
  const featureCounts = Int32Array.from(features, (f) => byCode.get(f.properties.code) ?? 0);
  const classes = countClasses(featureCounts.reduce((m, c) => Math.max(m, c), 0));
  return {
    version,
    level: counts.level,
    regions: { type: 'FeatureCollection', features },
    counts: byCode,
    classes,
    binary: regionPolygons(regions, features, featureCounts, classes),
  };
}

/** The region at a picked index of the choropleth layer, or null. */
export function regionAt(choropleth: ChoroplethData | null, index: number): RegionFeature | null {
  return (choropleth?.regions.features[index] as RegionFeature | undefined) ?? null;
}
