import type { Position } from 'geojson';
import type { RegionFeature } from './region-cache';

export interface RegionLabel {
  code: string;
  position: [number, number];
  text: string;
}

/** Twice the signed area and the area-weighted centroid of a ring (shoelace formula). */
function ringCentroid(ring: Position[]): { area: number; x: number; y: number } {
  let area = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[i + 1];
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    x += (x0 + x1) * cross;
    y += (y0 + y1) * cross;
  }
  return { area, x, y };
}

/** Where to write a region's name: the centroid of its largest outer ring (vertex mean for a degenerate one). */
export function labelPoint(feature: RegionFeature): [number, number] {
  const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  let best: { area: number; point: [number, number] } | null = null;
  for (const polygon of polygons) {
    const ring = polygon[0];
    if (!ring?.length) continue;
    const c = ringCentroid(ring);
    const area = Math.abs(c.area);
    const point: [number, number] =
      area > 0 ? [c.x / (3 * c.area), c.y / (3 * c.area)] : [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
    if (!best || area > best.area) best = { area, point };
  }
  return best?.point ?? [0, 0];
}

/** One label per region in the given language (names come from the API in both). */
export function regionLabels(features: readonly RegionFeature[], language: 'zh' | 'en'): RegionLabel[] {
  return features.map((f) => ({
    code: f.properties.code,
    position: labelPoint(f),
    text: language === 'zh' ? f.properties.nameZh : f.properties.nameEn,
  }));
}
