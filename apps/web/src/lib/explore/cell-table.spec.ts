import { cellToLatLng, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { cellRing, cellTable, polygonData, ringAt } from './cell-table';

const CENTRE = latLngToCell(31.78, 119.97, 8);
const NEXT = latLngToCell(31.8, 119.99, 8);

describe('cell table', () => {
  it('keeps the cells asked for, with closed rings, centres and a colour per cell', () => {
    const stats = { id: [CENTRE, 'not-a-cell', NEXT], count: [5, 1, 0], bin: [3, 0, 0] };
    const table = cellTable(stats, { kind: 'h3' }, (i) => [i, 0, 0, 255], (i) => stats.count[i] > 0 || stats.bin[i] !== 0, 7);
    expect(table.length).toBe(1); // the bad id is dropped, the empty cell is not kept
    expect(table.stats).toEqual({ id: [CENTRE], count: [5], bin: [3] });
    const ring = ringAt(table, 0);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(ring.length).toBe(7); // hexagon + closing corner
    const [lat, lon] = cellToLatLng(CENTRE);
    expect(table.centres[0]).toBeCloseTo(lon, 3);
    expect(table.centres[1]).toBeCloseTo(lat, 3);
    expect([...table.colors]).toEqual([0, 0, 0, 255]);
    expect(table.rowOf.get(CENTRE)).toBe(0);
    expect(polygonData(table)).toMatchObject({ length: 1, startIndices: new Uint32Array([0, 7]) });
  });

  it('draws the grid endpoint square ids in their UTM zone, counter-clockwise', () => {
    const ring = cellRing('s:500:7000', { kind: 'square', size: 500, srid: 32650 })!;
    expect(ring).toHaveLength(5);
    let area = 0;
    for (let i = 0; i < ring.length - 1; i++) area += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    expect(area).toBeGreaterThan(0);
    expect(cellRing('s:1:1', { kind: 'square' })).toBeNull();
  });

  it('repeats each cell colour on every vertex of its ring (the binary fill attribute)', () => {
    const table = cellTable({ id: [CENTRE, NEXT], count: [1, 2] }, { kind: 'h3' }, (i) => (i ? [9, 8, 7, 6] : [1, 2, 3, 4]), () => true, 1);
    expect(table.startIndices[2]).toBe(14);
    const data = polygonData(table);
    expect(data.attributes.getFillColor.value).toBe(table.vertexColors);
    expect(table.vertexColors.length).toBe(14 * 4);
    expect([...table.vertexColors.subarray(0, 4)]).toEqual([1, 2, 3, 4]);
    expect([...table.vertexColors.subarray(6 * 4, 7 * 4)]).toEqual([1, 2, 3, 4]);
    expect([...table.vertexColors.subarray(7 * 4, 8 * 4)]).toEqual([9, 8, 7, 6]);
    expect([...table.vertexColors.subarray(13 * 4)]).toEqual([9, 8, 7, 6]);
  });
});
