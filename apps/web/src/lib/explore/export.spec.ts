import { latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { cellTable } from './cell-table';
import { csvField, rowsOfTable, toCsv, toGeoJson, toWkt } from './export';

const A = latLngToCell(31.78, 119.97, 8);
const B = latLngToCell(31.9, 119.9, 8);

function hotspotTable() {
  const stats = { id: [A, B], count: [12, 0], z: [4.5, -1.7], p: [0.0000068, 0.089], bin: [3, -1] };
  return cellTable(stats, { kind: 'h3' }, () => [1, 2, 3, 4], () => true, 1);
}

describe('exports', () => {
  it('GeoJSON: a feature per cell with its polygon, centre and statistics', () => {
    const table = hotspotTable();
    const geo = toGeoJson(rowsOfTable(table), { layer: 'hotspots' });
    expect(geo.features).toHaveLength(2);
    const f = geo.features[0];
    expect(f.properties).toMatchObject({ id: A, count: 12, z: 4.5, p: 0.0000068, bin: 3 });
    expect(f.properties!.lon).toBeCloseTo(table.centres[0], 12);
    expect(f.geometry.type).toBe('Polygon');
    const ring = (f.geometry as { coordinates: number[][][] }).coordinates[0];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(geo.metadata).toEqual({ layer: 'hotspots' });
    // only the statistics the layer has
    expect(Object.keys(f.properties!)).toEqual(['id', 'lon', 'lat', 'count', 'z', 'p', 'bin']);
  });

  it('CSV: header, one row per cell, numbers as written, polygon as WKT', () => {
    const csv = toCsv(rowsOfTable(hotspotTable()));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,lon,lat,count,z,p,bin,wkt');
    expect(lines).toHaveLength(3);
    const cells = lines[1].split(',');
    expect(cells[0]).toBe(A);
    expect(cells.slice(3, 7)).toEqual(['12', '4.5', '0.0000068', '3']);
    expect(lines[2]).toMatch(/,0,-1\.7,0\.089,-1,"POLYGON \(\(/);
  });

  it('quotes fields and writes patterns, change columns, multipolygons', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    expect(toWkt({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] })).toBe('MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))');
    const table = cellTable({ id: [A], count: [3], pattern: ['intensifying'], hot: [1], countA: [1], countB: [3], change: [2] }, { kind: 'h3' }, () => [0, 0, 0, 0], () => true, 1);
    expect(toCsv(rowsOfTable(table)).split('\r\n')[0]).toBe('id,lon,lat,count,pattern,hot,count_a,count_b,change,wkt');
    expect(toCsv(rowsOfTable(table)).split('\r\n')[1]).toContain(',3,intensifying,hot,1,3,2,');
  });
});
