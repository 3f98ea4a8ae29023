import type { GridResponse } from '@gridlens/contracts';
import { describe, expect, it } from 'vitest';
import type { RegionFeatureCollection } from '../api/client';
import { choroplethData, hexagonData } from './area-data';
import { cellPolygon } from './grid-geometry';

const grid = (patch: Partial<GridResponse> = {}): GridResponse => ({
  cell: 'hex',
  size: 1000,
  srid: 32650,
  total: 0,
  cells: [
    { id: 'h:450:2000', lon: 119.9, lat: 31.7, count: 4 },
    { id: 'h:451:2000', lon: 119.92, lat: 31.7, count: 40 },
    { id: 'bad', lon: 0, lat: 0, count: 1 },
  ],
  ...patch,
});

describe('hexagonData', () => {
  it('shapes each cell from its id, size and srid, with classes up to the largest count', () => {
    const data = hexagonData(grid(), 5);
    expect(data.version).toBe(5);
    expect(data.cells.map((c) => [c.id, c.count])).toEqual([
      ['h:450:2000', 4],
      ['h:451:2000', 40],
    ]);
    expect(data.cells[0].polygon).toEqual(cellPolygon('h:450:2000', 1000, 32650));
    expect(data.classes.at(-1)!.to).toBe(40);
  });

  it('draws nothing for the answer of a server with no city yet (srid 4326, no cells)', () => {
    expect(hexagonData(grid({ srid: 4326, cells: [] }), 1).cells).toEqual([]);
  });
});

describe('choroplethData', () => {
  const fc: RegionFeatureCollection = {
    type: 'FeatureCollection',
    features: (['district', 'district', 'street'] as const).map((level, i) => ({
      type: 'Feature',
      properties: { code: `r${i}`, level, parent: null, nameZh: '', nameEn: '', synthetic: false },
      geometry: { type: 'Polygon', coordinates: [] },
    })),
  };

  it('joins counts to the regions of the answer level; classes span the drawn regions', () => {
    const data = choroplethData(fc, { seq: 3, level: 'district', counts: [{ code: 'r1', count: 12 }, { code: 'elsewhere', count: 99 }], total: 111 }, 2);
    expect(data.regions.features.map((f) => f.properties.code)).toEqual(['r0', 'r1']);
    expect(data.counts.get('r1')).toBe(12);
    expect(data.counts.get('r0')).toBeUndefined();
    expect(data.classes.at(-1)!.to).toBe(12);
  });
});
