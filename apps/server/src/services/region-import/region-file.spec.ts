import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { nycBoroughShapefile } from '../../../../../test/support/nyc-fixture';
import { RegionFileError, readRegionBuffer } from './region-file';

const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const square = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };

describe('readRegionBuffer: GeoJSON', () => {
  it('reads a FeatureCollection (with a BOM) or a single Feature; features numbered from 1; no crs member = none stated', async () => {
    const fc = await readRegionBuffer('a.geojson', bytes(`\uFEFF${JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { a: 1 }, geometry: square }, { type: 'Feature', properties: null, geometry: null }] })}`));
    expect(fc).toMatchObject({ format: 'geojson', crs: null, crsSource: null });
    expect(fc.features).toEqual([
      { index: 1, properties: { a: 1 }, geometry: square },
      { index: 2, properties: {}, geometry: null },
    ]);
    const one = await readRegionBuffer('b.json', bytes({ type: 'Feature', properties: { b: 2 }, geometry: square }));
    expect(one.features).toHaveLength(1);
  });

  it('takes the CRS from an old-style crs member (EPSG URN or CRS84)', async () => {
    const named = (name: string) => bytes({ type: 'FeatureCollection', crs: { type: 'name', properties: { name } }, features: [] });
    expect((await readRegionBuffer('c.geojson', named('urn:ogc:def:crs:EPSG::2263'))).crs?.name).toBe('EPSG:2263');
    expect((await readRegionBuffer('c.geojson', named('EPSG:4549'))).crs?.name).toBe('EPSG:4549');
    expect((await readRegionBuffer('c.geojson', named('urn:ogc:def:crs:OGC:1.3:CRS84'))).crs?.kind).toBe('wgs84');
    await expect(readRegionBuffer('c.geojson', named('urn:ogc:def:crs:EPSG::999999'))).rejects.toThrow(/c\.geojson: EPSG:999999 is not one gridlens knows/);
  });

  it('refuses what is not GeoJSON, naming the file', async () => {
    await expect(readRegionBuffer('d.geojson', bytes('{nope'))).rejects.toThrow(/d\.geojson: not valid JSON/);
    await expect(readRegionBuffer('d.geojson', bytes({ type: 'Polygon', coordinates: [] }))).rejects.toThrow(RegionFileError);
    await expect(readRegionBuffer('d.shp', bytes('x'))).rejects.toThrow(/upload a \.zip/);
  });
});

describe('readRegionBuffer: zipped Shapefile', () => {
  const files = nycBoroughShapefile();

  it('reads the one .shp in a zip with its .dbf attributes (UTF-8 by .cpg) and its CRS from the .prj', async () => {
    const zip = zipSync({ 'nybb/nybb.shp': files.shp, 'nybb/nybb.dbf': files.dbf, 'nybb/nybb.prj': files.prj, 'nybb/nybb.cpg': files.cpg, '__MACOSX/nybb/._nybb.shp': new Uint8Array(4) });
    const source = await readRegionBuffer('nybb.zip', zip);
    expect(source).toMatchObject({ format: 'shapefile', crsSource: '.prj' });
    expect(source.crs?.name).toBe('EPSG:2263');
    expect(source.features.map((f) => [f.index, f.properties.BoroCode, f.properties.NameZh, f.geometry?.type])).toEqual([
      [1, '1', '曼哈顿', 'Polygon'], [2, '2', '布朗克斯', 'Polygon'], [3, '3', '布鲁克林', 'Polygon'], [4, '4', '皇后区', 'Polygon'], [5, '5', '史泰登岛', 'Polygon'],
    ]);
    // State Plane feet: Manhattan's first vertex is about 1 million feet east, 260 thousand north.
    const first = (source.features[0].geometry!.coordinates as number[][][])[0][0];
    expect(first[0]).toBeGreaterThan(900_000);
  });

  it('without a .prj states no CRS; refuses a zip with no .shp, two, or no .dbf', async () => {
    expect((await readRegionBuffer('x.zip', zipSync({ 'x.shp': files.shp, 'x.dbf': files.dbf }))).crs).toBeNull();
    await expect(readRegionBuffer('x.zip', zipSync({ 'x.dbf': files.dbf }))).rejects.toThrow(/x\.zip: expected one \.shp in the zip, found none/);
    await expect(readRegionBuffer('x.zip', zipSync({ 'a.shp': files.shp, 'b.shp': files.shp }))).rejects.toThrow(/found a\.shp, b\.shp/);
    await expect(readRegionBuffer('x.zip', zipSync({ 'a.shp': files.shp }))).rejects.toThrow(/the \.dbf .* is missing/);
    await expect(readRegionBuffer('x.zip', zipSync({ 'a.shp': files.shp, 'a.dbf': files.dbf }), 'no-such-encoding')).rejects.toThrow(/unknown text encoding "no-such-encoding"/);
  });
});
