import { describe, expect, it } from 'vitest';
import { parseCrs } from '@gridlens/geo';
import { propertyOf, regionsFromFeatures } from './region-features';
import { parseRegionImportOptions } from './region-import-options';
import type { SourceFeature } from './region-file';

const poly = (x: number, y: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y]]] });
const feature = (index: number, properties: Record<string, unknown>, geometry: SourceFeature['geometry'] = poly(119.9, 31.7)): SourceFeature => ({ index, properties, geometry });
const options = (extra: Record<string, unknown> = {}) =>
  parseRegionImportOptions({ level: 'street', codeProperty: 'code', nameProperty: 'name', parentByContainment: true, ...extra });

describe('regionsFromFeatures', () => {
  it('takes code, names and parent from the named properties (exact name first, then ignoring case)', () => {
    expect(propertyOf({ CODE: 'a', code: 'b' }, 'code')).toBe('b');
    expect(propertyOf({ XZQDM: '320402' }, 'xzqdm')).toBe('320402');
    const { regions, skipped } = regionsFromFeatures(
      [feature(1, { CODE: 320402001, NAME: ' 红梅街道 ', NAME_EN: 'Hongmei', QX: '320402' })],
      options({ codeProperty: 'code', nameProperty: 'name', nameEnProperty: 'name_en', parentProperty: 'qx', parentByContainment: false }),
      parseCrs('wgs84'),
    );
    expect(skipped).toEqual([]);
    expect(regions).toEqual([{ idx: 1, code: '320402001', nameZh: '红梅街道', nameEn: 'Hongmei', parent: '320402', geometry: poly(119.9, 31.7) }]);
  });

  it('the English name defaults to the name; GCJ-02 coordinates come out in WGS84', () => {
    const { regions } = regionsFromFeatures([feature(1, { code: 'g1', name: '网格一' })], options(), parseCrs('gcj02'));
    expect(regions[0].nameEn).toBe('网格一');
    const [lon, lat] = (regions[0].geometry as { coordinates: number[][][] }).coordinates[0][0];
    // GCJ-02 is offset from WGS84 by a few hundred metres in China.
    expect(Math.abs(lon - 119.9) + Math.abs(lat - 31.7)).toBeGreaterThan(0.001);
  });

  it('skips, with the reason, features without code or name, repeated codes, non-polygons, missing parents and projected-looking WGS84', () => {
    const { regions, skipped } = regionsFromFeatures(
      [
        feature(1, { code: 'a', name: 'A', p: 'd1' }),
        feature(2, { name: 'no code', p: 'd1' }),
        feature(3, { code: 'a', name: 'again', p: 'd1' }),
        feature(4, { code: 'b', name: '', p: 'd1' }),
        feature(5, { code: 'c', name: 'C' }),
        feature(6, { code: 'd', name: 'D', p: 'd1' }, { type: 'LineString', coordinates: [[0, 0], [1, 1]] }),
        feature(7, { code: 'e', name: 'E', p: 'd1' }, null),
        feature(8, { code: 'f', name: 'F', p: 'd1' }, poly(498000, 3520000)),
      ],
      options({ parentProperty: 'p', parentByContainment: false }),
      parseCrs('wgs84'),
    );
    expect(regions.map((r) => r.code)).toEqual(['a']);
    expect(skipped).toEqual([
      { index: 2, code: null, reason: 'no code (the code property)' },
      { index: 3, code: 'a', reason: 'code a already given by feature 1' },
      { index: 4, code: 'b', reason: 'no name (the name property)' },
      { index: 5, code: 'c', reason: 'no p (the parent property)' },
      { index: 6, code: 'd', reason: 'geometry is LineString, not a Polygon or MultiPolygon' },
      { index: 7, code: 'e', reason: 'geometry is missing, not a Polygon or MultiPolygon' },
      { index: 8, code: 'f', reason: '(498000, 3520000) is not longitude/latitude: the file looks projected, give --crs (e.g. EPSG:4549)' },
    ]);
  });

  it('converts a projected file given its CRS, and skips a feature whose points are off the Earth', () => {
    const { regions, skipped } = regionsFromFeatures(
      [feature(1, { code: 'a', name: 'A' }, poly(498000, 3520000)), feature(2, { code: 'b', name: 'B' }, poly(1e12, 1e12))],
      options(),
      parseCrs('EPSG:4549'),
    );
    const [lon, lat] = (regions[0].geometry as { coordinates: number[][][] }).coordinates[0][0];
    expect(lon).toBeCloseTo(119.97887949322705, 6);
    expect(lat).toBeCloseTo(31.802925451789434, 6);
    expect(skipped).toEqual([{ index: 2, code: 'b', reason: expect.stringMatching(/is not a point on Earth/) }]);
  });
});

describe('parseRegionImportOptions', () => {
  it('names the CLI flag or the form field at fault', () => {
    expect(() => parseRegionImportOptions({ level: 'street', codeProperty: 'c', nameProperty: 'n' })).toThrow(
      '--parent-property: a street needs a parent: name its property, or ask for parents by containment',
    );
    expect(() => parseRegionImportOptions({ level: 'city', codeProperty: 'c', nameProperty: 'n', parentByContainment: true }, 'form')).toThrow('level: a city has no parent');
    expect(() => parseRegionImportOptions({ level: 'grid', codeProperty: ' ', nameProperty: 'n', parentProperty: 'p', parentByContainment: true }, 'form')).toThrow(
      /codeProperty: give the name of a property of the features; parentProperty: name a parent property or ask for parents by containment, not both/,
    );
    expect(parseRegionImportOptions({ level: 'district', codeProperty: 'c', nameProperty: 'n' })).toMatchObject({ parentByContainment: false, dryRun: false });
  });
});
