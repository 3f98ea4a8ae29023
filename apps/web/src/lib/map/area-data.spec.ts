import type { GridResponse } from '@gridlens/contracts';
import { describe, expect, it } from 'vitest';
import type { RegionFeatureCollection } from '../api/client';
import { cellAt, cellRing, choroplethData, hexagonData, regionAt } from './area-data';
import { colorOfCount } from './color-scale';
import { cellPolygon } from './grid-geometry';

const grid = (patch: Partial<GridResponse> = {}): GridResponse => ({
  cell: 'hex',
  size: 1000,
  srid: 32650,
  total: 0,
  cells: [
    { id: 'h:450:2000', lon: 119.9, lat: 31.7, count: 4 },
    { id: 'bad', lon: 0, lat: 0, count: 1 },
    { id: 'h:451:2000', lon: 119.92, lat: 31.71, count: 40 },
  ],
  ...patch,
});

/** Vertex v of a flat lon/lat array. */
const vertex = (positions: Float64Array, v: number) => [positions[v * 2], positions[v * 2 + 1]];

describe('hexagonData', () => {
  it('lays the cells out as columns and binary rings (ids it cannot read left out), classes up to the largest count', () => {
    const data = hexagonData(grid(), 5);
    expect(data.version).toBe(5);
    expect(data.length).toBe(2);
    expect(data.ids).toEqual(['h:450:2000', 'h:451:2000']);
    expect([...data.counts]).toEqual([4, 40]);
    expect([...data.centres]).toEqual([119.9, 31.7, 119.92, 31.71]);
    expect(data.classes.at(-1)!.to).toBe(40);
  });

  it('puts every closed ring in one Float64Array with start indices, for the fill and the outlines alike', () => {
    const data = hexagonData(grid(), 1);
    const { startIndices, attributes } = data.polygons;
    expect(data.polygons.length).toBe(2);
    expect([...startIndices]).toEqual([0, 7, 14]);
    expect(attributes.getPolygon).toMatchObject({ size: 2 });
    const positions = attributes.getPolygon.value;
    expect(positions).toBeInstanceOf(Float64Array);
    const second = cellPolygon('h:451:2000', 1000, 32650)!;
    expect(Array.from({ length: 7 }, (_, v) => vertex(positions, 7 + v))).toEqual(second);
    expect(data.outlines).toEqual({ length: 2, startIndices, attributes: { getPath: { value: positions, size: 2 } } });
    expect(cellRing(data, 'h:451:2000')).toEqual(positions.subarray(14, 28));
    expect(cellRing(data, 'h:0:0')).toBeNull();
  });

  it('colours every vertex of a cell by its count (normalised RGBA bytes)', () => {
    const data = hexagonData(grid(), 1);
    const { value, size, normalized } = data.polygons.attributes.getFillColor;
    expect([size, normalized]).toEqual([4, true]);
    expect(value).toHaveLength(14 * 4);
    const colourOf = (v: number) => [...value.subarray(v * 4, v * 4 + 4)];
    for (let v = 0; v < 7; v++) expect(colourOf(v)).toEqual(colorOfCount(4, data.classes));
    for (let v = 7; v < 14; v++) expect(colourOf(v)).toEqual(data.classes.at(-1)!.color);
    expect(colourOf(0)).not.toEqual(colourOf(7));
  });

  it('answers a picked row with the cell and its count (what a click and the tooltip read)', () => {
    const data = hexagonData(grid(), 1);
    expect(cellAt(data, 1)).toEqual({ id: 'h:451:2000', count: 40, lon: 119.92, lat: 31.71 });
    expect(cellAt(data, 2)).toBeNull();
    expect(cellAt(data, -1)).toBeNull();
    expect(cellAt(null, 0)).toBeNull();
  });

  it('draws nothing for the answer of a server with no city yet (srid 4326, no cells)', () => {
    const data = hexagonData(grid({ srid: 4326, cells: [] }), 1);
    expect(data.length).toBe(0);
    expect(data.polygons.attributes.getPolygon.value).toHaveLength(0);
    expect(data.classes).toEqual([]);
  });
});

describe('choroplethData', () => {
  const square = (x: number): [number, number][][] => [[[x, 31], [x + 1, 31], [x + 1, 32], [x, 32], [x, 31]]];
  const fc: RegionFeatureCollection = {
    type: 'FeatureCollection',
    features: (['district', 'district', 'street'] as const).map((level, i) => ({
      type: 'Feature',
      properties: { code: `r${i}`, level, parent: null, nameZh: '', nameEn: '', synthetic: false },
      geometry: { type: 'Polygon', coordinates: square(119 + i) },
    })),
  };
  const counts = { seq: 3, level: 'district' as const, counts: [{ code: 'r1', count: 12 }, { code: 'elsewhere', count: 99 }], total: 111 };

  it('joins counts to the regions of the answer level; classes span the drawn regions', () => {
    const data = choroplethData(fc, counts, 2);
    expect(data.regions.features.map((f) => f.properties.code)).toEqual(['r0', 'r1']);
    expect(data.counts.get('r1')).toBe(12);
    expect(data.counts.get('r0')).toBeUndefined();
    expect(data.classes.at(-1)!.to).toBe(12);
  });

  it('gives the layer the drawn regions as binary polygons, each vertex filled with its region colour', () => {
    const data = choroplethData(fc, counts, 2);
    const { polygons } = data.binary;
    expect(polygons.positions.value).toBeInstanceOf(Float64Array);
    expect(polygons.triangles!.value.length).toBe(2 * 2 * 3);
    const ids = polygons.globalFeatureIds.value;
    expect(new Set(ids)).toEqual(new Set([0, 1]));
    const { value, size } = polygons.attributes.getFillColor;
    expect(size).toBe(4);
    expect(value).toHaveLength(ids.length * 4);
    ids.forEach((feature, v) => expect([...value.subarray(v * 4, v * 4 + 4)]).toEqual(colorOfCount(feature === 1 ? 12 : 0, data.classes)));
  });

  it('converts the geometry once per loaded collection and names a picked index by its region', () => {
    const first = choroplethData(fc, counts, 2);
    const again = choroplethData(fc, { ...counts, counts: [{ code: 'r0', count: 3 }] }, 3);
    expect(again.binary.polygons.positions).toBe(first.binary.polygons.positions);
    expect(again.binary.polygons.attributes.getFillColor.value).not.toEqual(first.binary.polygons.attributes.getFillColor.value);
    expect(regionAt(again, 1)?.properties.code).toBe('r1');
    expect(regionAt(again, 5)).toBeNull();
    expect(regionAt(null, 0)).toBeNull();
  });
});
