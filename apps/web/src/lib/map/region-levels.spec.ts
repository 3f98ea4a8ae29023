import { describe, expect, it } from 'vitest';
import { finestLevelAtZoom, levelsAtZoom, tilesCovering } from './region-levels';

describe('boundary levels by zoom', () => {
  it('draws districts always, streets from 11, communities from 13, unit grids from 15', () => {
    expect(levelsAtZoom(8)).toEqual(['district']);
    expect(levelsAtZoom(11)).toEqual(['district', 'street']);
    expect(levelsAtZoom(14.2)).toEqual(['district', 'street', 'community']);
    expect(levelsAtZoom(16)).toEqual(['district', 'street', 'community', 'grid']);
    expect(finestLevelAtZoom(12.5)).toBe('street');
    expect(finestLevelAtZoom(3)).toBe('district');
  });
});

describe('tilesCovering', () => {
  it('covers the bbox with whole tiles whose bboxes contain it', () => {
    const bbox: [number, number, number, number] = [119.9, 31.7, 120.05, 31.85];
    const tiles = tilesCovering(bbox, 12);
    expect(tiles.length).toBeGreaterThan(0);
    const minLon = Math.min(...tiles.map((t) => t.bbox[0]));
    const minLat = Math.min(...tiles.map((t) => t.bbox[1]));
    const maxLon = Math.max(...tiles.map((t) => t.bbox[2]));
    const maxLat = Math.max(...tiles.map((t) => t.bbox[3]));
    expect(minLon).toBeLessThanOrEqual(bbox[0]);
    expect(minLat).toBeLessThanOrEqual(bbox[1]);
    expect(maxLon).toBeGreaterThanOrEqual(bbox[2]);
    expect(maxLat).toBeGreaterThanOrEqual(bbox[3]);
    expect(new Set(tiles.map((t) => t.key)).size).toBe(tiles.length);
    for (const t of tiles) expect(t.key).toMatch(/^12\/\d+\/\d+$/);
  });

  it('gives the same tile keys for a slightly moved view (what the cache reuses)', () => {
    const a = tilesCovering([119.95, 31.75, 119.96, 31.76], 10).map((t) => t.key);
    const b = tilesCovering([119.951, 31.751, 119.961, 31.761], 10).map((t) => t.key);
    expect(b).toEqual(a);
  });

  it('gives up (no tiles) when the view would need too many', () => {
    expect(tilesCovering([100, 20, 130, 45], 14, 64)).toEqual([]);
  });
});
