import type { RegionLevel } from '@gridlens/contracts';
import type { Bbox } from './view-state';

/**
 * Which boundaries the map draws at a zoom: districts always, then finer levels as the view closes in. Finer levels are
 * loaded for the visible area only, in tiles of a fixed zoom per level (so a moved view reuses what is loaded).
 */
export const BOUNDARY_LEVELS: readonly { level: RegionLevel; minZoom: number; tileZoom: number | null }[] = [
  { level: 'district', minZoom: 0, tileZoom: null },
  { level: 'street', minZoom: 11, tileZoom: 10 },
  { level: 'community', minZoom: 13, tileZoom: 12 },
  { level: 'grid', minZoom: 15, tileZoom: 14 },
];

/** Levels drawn at a zoom, coarsest first. */
export function levelsAtZoom(zoom: number): RegionLevel[] {
  return BOUNDARY_LEVELS.filter((l) => zoom >= l.minZoom).map((l) => l.level);
}

/** The finest level drawn at a zoom (the choropleth's level, and the one clicks select). */
export const finestLevelAtZoom = (zoom: number): RegionLevel => levelsAtZoom(zoom).at(-1) ?? 'district';

export interface Tile {
  key: string;
  bbox: Bbox;
}

const lonToX = (lon: number, z: number) => ((lon + 180) / 360) * 2 ** z;
const latToY = (lat: number, z: number) => {
  const r = (Math.max(-85, Math.min(85, lat)) * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z;
};
const xToLon = (x: number, z: number) => (x / 2 ** z) * 360 - 180;
const yToLat = (y: number, z: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;

/** Web-Mercator tiles of zoom `z` covering a bbox (at most `max`; [] when more would be needed). */
export function tilesCovering([minLon, minLat, maxLon, maxLat]: Bbox, z: number, max = 64): Tile[] {
  const x0 = Math.floor(lonToX(minLon, z));
  const x1 = Math.floor(lonToX(maxLon, z));
  const y0 = Math.floor(latToY(maxLat, z));
  const y1 = Math.floor(latToY(minLat, z));
  if ((x1 - x0 + 1) * (y1 - y0 + 1) > max) return [];
  const tiles: Tile[] = [];
  for (let x = x0; x <= x1; x++) {
    for (let y = y0; y <= y1; y++) {
      tiles.push({ key: `${z}/${x}/${y}`, bbox: [xToLon(x, z), yToLat(y + 1, z), xToLon(x + 1, z), yToLat(y, z)] });
    }
  }
  return tiles;
}
