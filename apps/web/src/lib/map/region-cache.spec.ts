import type { RegionLevel } from '@gridlens/contracts';
import { describe, expect, it } from 'vitest';
import type { RegionFeatureCollection } from '../api/client';
import { labelPoint, regionLabels } from './labels';
import { RegionCache, type RegionFeature } from './region-cache';
import type { Bbox } from './view-state';

function feature(code: string, level: RegionLevel, ring: [number, number][], synthetic = false): RegionFeature {
  return {
    type: 'Feature',
    id: code,
    properties: { code, level, parent: null, nameZh: `区${code}`, nameEn: `R${code}`, synthetic },
    geometry: { type: 'Polygon', coordinates: [ring] },
  };
}
const box = (x: number, y: number, w = 0.01): [number, number][] => [[x, y], [x + w, y], [x + w, y + w], [x, y + w], [x, y]];
const collection = (features: RegionFeature[]): RegionFeatureCollection => ({ type: 'FeatureCollection', features });

describe('RegionCache', () => {
  it('loads districts once for all, finer levels per tile of the view, and keeps them', async () => {
    const calls: [RegionLevel, Bbox | null][] = [];
    const cache = new RegionCache(async (level, bbox) => {
      calls.push([level, bbox]);
      return collection(level === 'district' ? [feature('d1', level, box(119.9, 31.7, 0.2))] : [feature(`s${calls.length}`, level, box(119.95, 31.75))]);
    });
    const view: Bbox = [119.95, 31.75, 119.96, 31.76];
    expect(await cache.load('district', view)).toBe(true);
    expect(await cache.load('district', [100, 20, 101, 21])).toBe(false);
    expect(await cache.load('street', view)).toBe(true);
    expect(await cache.load('street', [119.951, 31.751, 119.961, 31.761])).toBe(false); // same tile
    expect(calls.map(([level, bbox]) => [level, bbox === null])).toEqual([
      ['district', true],
      ['street', false],
    ]);
    const [, tile] = calls[1];
    expect(tile![0]).toBeLessThanOrEqual(view[0]);
    expect(tile![2]).toBeGreaterThanOrEqual(view[2]);
    expect(cache.collection('district')!.features.map((f) => f.properties.code)).toEqual(['d1']);
    expect(cache.collection('community')).toBeNull();
  });

  it('deduplicates regions that several tiles return, and keeps the same collection until something new comes', async () => {
    const shared = feature('s-shared', 'street', box(119.99, 31.79));
    const cache = new RegionCache(async () => collection([shared]));
    await cache.load('street', [119.5, 31.5, 120.5, 32.0]); // several z10 tiles
    const first = cache.collection('street')!;
    expect(first.features).toHaveLength(1);
    expect(await cache.load('street', [119.5, 31.5, 120.5, 32.0])).toBe(false);
    expect(cache.collection('street')).toBe(first);
  });

  it('forgets a tile that failed, so the next view asks again', async () => {
    let fail = true;
    const cache = new RegionCache(async (level) => {
      if (fail) throw new Error('offline');
      return collection([feature('s1', level, box(119.95, 31.75))]);
    });
    await expect(cache.load('street', [119.95, 31.75, 119.96, 31.76])).rejects.toThrow('offline');
    fail = false;
    expect(await cache.load('street', [119.95, 31.75, 119.96, 31.76])).toBe(true);
  });
});

describe('labels', () => {
  it('writes a name at the centroid of the largest outer ring', () => {
    const small = box(0, 0, 1);
    const big = box(10, 10, 4);
    const multi: RegionFeature = { ...feature('m', 'district', small), geometry: { type: 'MultiPolygon', coordinates: [[small], [big]] } };
    expect(labelPoint(multi)).toEqual([12, 12]);
    expect(labelPoint(feature('p', 'district', box(2, 4, 2)))).toEqual([3, 5]);
  });

  it('names regions in the current language', () => {
    const f = feature('320402', 'district', box(0, 0, 2));
    expect(regionLabels([f], 'zh')).toEqual([{ code: '320402', position: [1, 1], text: '区320402' }]);
    expect(regionLabels([f], 'en')[0].text).toBe('R320402');
  });
});
