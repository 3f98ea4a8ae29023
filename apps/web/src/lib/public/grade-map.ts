import type { Layer } from '@deck.gl/core';
import { GeoJsonLayer } from '@deck.gl/layers';
import type { GradeThreshold, PublicRankingRow } from '@gridlens/contracts';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { Bbox } from '../map/view-state';
import type { PublicRegionProperties, PublicRegions } from './public-api';
import { gradeColor, NO_GRADE, type Rgba } from './ranking-lists';

/**
 * The choropleth of grades (pure): one GeoJsonLayer over the public region boundaries, each region filled with its
 * unit's grade colour (grey when the unit is unranked or absent), white outlines. No base map: the boundaries are
 * the map. Layers are rebuilt as new descriptors with a stable id when the data change.
 */
export const GRADE_MAP_LAYER_ID = 'public-grade-map';
export const CONTEXT_LAYER_ID = 'public-grade-map-context';
const OUTLINE: Rgba = [255, 255, 255, 255];
const CONTEXT_LINE: Rgba = [71, 85, 105, 255];
const CONTEXT_FILL: Rgba = [226, 232, 240, 255];

export type RegionFeatureOfPublic = Feature<Polygon | MultiPolygon, PublicRegionProperties>;

export function gradeByCode(rows: readonly PublicRankingRow[]): Map<string, string | null> {
  return new Map(rows.map((r) => [r.code, r.grade]));
}

export function fillOf(feature: RegionFeatureOfPublic, grades: ReadonlyMap<string, string | null>, thresholds: readonly GradeThreshold[]): Rgba {
  const grade = grades.get(feature.properties.code);
  return grade === undefined ? NO_GRADE : gradeColor(grade, thresholds);
}

/**
 * The layers: under streets and communities the districts as context (filled light grey, dark outlines: where the
 * small regions lie in the city), then the graded regions.
 */
export function gradeMapLayers(regions: PublicRegions | null, rows: readonly PublicRankingRow[], thresholds: readonly GradeThreshold[], context: PublicRegions | null = null): Layer[] {
  if (!regions) return [];
  const grades = gradeByCode(rows);
  const under = context
    ? [
        new GeoJsonLayer<PublicRegionProperties>({
          id: CONTEXT_LAYER_ID,
          data: context,
          filled: true,
          stroked: true,
          pickable: false,
          lineWidthUnits: 'pixels',
          getLineWidth: 1.5,
          getLineColor: CONTEXT_LINE,
          getFillColor: CONTEXT_FILL,
        }),
      ]
    : [];
  return [
    ...under,
    new GeoJsonLayer<PublicRegionProperties>({
      id: GRADE_MAP_LAYER_ID,
      data: regions,
      filled: true,
      stroked: true,
      pickable: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      getLineColor: OUTLINE,
      getFillColor: (f) => fillOf(f as RegionFeatureOfPublic, grades, thresholds),
      updateTriggers: { getFillColor: [rows, thresholds] },
    }),
  ];
}

/** The WGS84 box around every region of the collections (null for none). */
export function regionsBbox(...collections: (PublicRegions | null)[]): Bbox | null {
  let box: Bbox | null = null;
  const visit = (p: Position) => {
    box = box ? [Math.min(box[0], p[0]), Math.min(box[1], p[1]), Math.max(box[2], p[0]), Math.max(box[3], p[1])] : [p[0], p[1], p[0], p[1]];
  };
  for (const feature of collections.flatMap((c) => c?.features ?? [])) {
    const g = feature.geometry;
    if (!g) continue;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const polygon of polygons) for (const ring of polygon) ring.forEach(visit);
  }
  return box;
}
