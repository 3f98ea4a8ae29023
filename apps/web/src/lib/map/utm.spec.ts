import { describe, expect, it } from 'vitest';
import { fromUtm, toUtm, utmZoneOfSrid } from './utm';

/** Reference values from PostGIS 3.6 (ST_Transform to the srid), an independent implementation (PROJ). */
const REFERENCE = [
  { lon: 119.95, lat: 31.78, srid: 32650, x: 779361.9061072362, y: 3519840.4619652447 },
  { lon: 116.39, lat: 39.91, srid: 32650, x: 447862.1115571811, y: 4417946.247690466 },
  { lon: -43.2, lat: -22.9, srid: 32723, x: 684623.6732645986, y: 7466421.400670482 },
  { lon: 121.4, lat: 31.2, srid: 32651, x: 347564.7742610527, y: 3452870.0467178957 },
];

describe('UTM', () => {
  it('reads the zone and hemisphere from the srid and rejects others', () => {
    expect(utmZoneOfSrid(32650)).toEqual({ zone: 50, south: false });
    expect(utmZoneOfSrid(32723)).toEqual({ zone: 23, south: true });
    expect(() => utmZoneOfSrid(4326)).toThrow(/UTM/);
  });

  it.each(REFERENCE)('projects $lon,$lat to within a centimetre of PostGIS ($srid)', ({ lon, lat, srid, x, y }) => {
    const [px, py] = toUtm(lon, lat, utmZoneOfSrid(srid));
    expect(Math.abs(px - x)).toBeLessThan(0.01);
    expect(Math.abs(py - y)).toBeLessThan(0.01);
  });

  it.each(REFERENCE)('inverts $srid metres back to $lon,$lat', ({ lon, lat, srid, x, y }) => {
    const [plon, plat] = fromUtm(x, y, utmZoneOfSrid(srid));
    expect(Math.abs(plon - lon)).toBeLessThan(1e-7);
    expect(Math.abs(plat - lat)).toBeLessThan(1e-7);
  });

  it('matches PostGIS for an arbitrary inverse (800000, 3500000 in 32650)', () => {
    const [lon, lat] = fromUtm(800000, 3500000, utmZoneOfSrid(32650));
    expect(lon).toBeCloseTo(120.16158887547839, 7);
    expect(lat).toBeCloseTo(31.59603567113786, 7);
  });
});
