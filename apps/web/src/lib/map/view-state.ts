import { WebMercatorViewport, type MapViewState } from '@deck.gl/core';

export type Bbox = [number, number, number, number];

/** The map view that fits a WGS84 bbox into a canvas of `width` × `height` pixels. */
export function fitBbox(bbox: Bbox, width: number, height: number, padding = 24): MapViewState {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  const w = Math.max(width, 1);
  const h = Math.max(height, 1);
  const pad = Math.max(0, Math.min(padding, Math.floor(Math.min(w, h) / 4)));
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
