import { WebMercatorViewport, type MapViewState } from '@deck.gl/core';

export type Bbox = [number, number, number, number];

export interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/**
 * Room the dashboard's panels take over the map (filters on top, legends left, KPIs and feed right), so the city is
 * fitted into what stays visible. Each side is capped at a quarter of the canvas on small screens.
 */
export const PANEL_PADDING: Padding = { top: 200, right: 300, bottom: 24, left: 220 };

/** The map view that fits a WGS84 bbox into a canvas of `width` × `height` pixels, `padding` pixels inside its edges. */
export function fitBbox(bbox: Bbox, width: number, height: number, padding: number | Padding = 24): MapViewState {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  const w = Math.max(width, 1);
  const h = Math.max(height, 1);
  const sides = typeof padding === 'number' ? { top: padding, right: padding, bottom: padding, left: padding } : padding;
  const cap = (n: number, size: number) => Math.max(0, Math.min(n, Math.floor(size / 4)));
  const pad = { top: cap(sides.top, h), bottom: cap(sides.bottom, h), left: cap(sides.left, w), right: cap(sides.right, w) };
  const { longitude, latitude, zoom } = new WebMercatorViewport({ width: w, height: h }).fitBounds(
    [
      [minLon, minLat],
      [maxLon, maxLat],
    ],
    { padding: pad },
  );
  return { longitude, latitude, zoom, pitch: 0, bearing: 0 };
}

/** The union of several bboxes (e.g. every city row), or null for none. */
export function unionBbox(boxes: readonly Bbox[]): Bbox | null {
  if (!boxes.length) return null;
  return boxes.reduce<Bbox>(
    (acc, [a, b, c, d]) => [Math.min(acc[0], a), Math.min(acc[1], b), Math.max(acc[2], c), Math.max(acc[3], d)],
    [Infinity, Infinity, -Infinity, -Infinity],
  );
}

/** The WGS84 box a view shows in a canvas of `width` × `height` pixels (clamped to what Web Mercator can show). */
export function viewBbox(view: Pick<MapViewState, 'longitude' | 'latitude' | 'zoom'>, width: number, height: number): Bbox {
  const viewport = new WebMercatorViewport({ ...view, pitch: 0, bearing: 0, width: Math.max(width, 1), height: Math.max(height, 1) });
  const [minLon, minLat, maxLon, maxLat] = viewport.getBounds();
  return [Math.max(-180, minLon), Math.max(-85, minLat), Math.min(180, maxLon), Math.min(85, maxLat)];
}

/** A bbox as the API's `minLon,minLat,maxLon,maxLat` parameter (6 decimals: ~0.1 m, stable across tiny moves). */
export const bboxParam = (b: Bbox) => b.map((n) => n.toFixed(6)).join(',');
