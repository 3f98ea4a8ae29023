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
const OUTLINE: Rgba = [255, 255, 255, 255];

export type RegionFeatureOfPublic = Feature<Polygon | MultiPolygon, PublicRegionProperties>;

export function gradeByCode(rows: readonly PublicRankingRow[]): Map<string, string | null> {
  return new Map(rows.map((r) => [r.code, r.grade]));
}

export function fillOf(feature: RegionFeatureOfPublic, grades: ReadonlyMap<string, string | null>, thresholds: readonly GradeThreshold[]): Rgba {
  const grade = grades.get(feature.properties.code);
  return grade === undefined ? NO_GRADE : gradeColor(grade, thresholds);
}

export function gradeMapLayers(regions: PublicRegions | null, rows: readonly PublicRankingRow[], thresholds: readonly GradeThreshold[]): Layer[] {
  if (!regions) return [];
  const grades = gradeByCode(rows);
  return [
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

/** The WGS84 box around every region (null for none). */
export function regionsBbox(regions: PublicRegions): Bbox | null {
  let box: Bbox | null = null;
  const visit = (p: Position) => {
    box = box ? [Math.min(box[0], p[0]), Math.min(box[1], p[1]), Math.max(box[2], p[0]), Math.max(box[3], p[1])] : [p[0], p[1], p[0], p[1]];
  };
  for (const feature of regions.features) {
    const g = feature.geometry;
    if (!g) continue;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const polygon of polygons) for (const ring of polygon) ring.forEach(visit);
  }
  return box;
}
