import { describe, expect, it } from 'vitest';
import { CrsError, crsOfPrj, geometryToWgs84, parseCrs, toWgs84 } from './crs';
import { epsgDefinition } from './projections';

/** Distance in metres between two WGS84 points (equirectangular: fine for the few metres compared here). */
function metres(a: [number, number], b: [number, number]): number {
  const k = Math.PI / 180;
  const x = (b[0] - a[0]) * Math.cos(((a[1] + b[1]) / 2) * k);
  const y = b[1] - a[1];
  return Math.hypot(x, y) * k * 6_371_000;
}

describe('toWgs84: GCJ-02 and BD-09', () => {
  // eviltransform's published test pairs (WGS84 lat/lng → GCJ-02 lat/lng), github.com/googollee/eviltransform.
  const evil: [number, number, number, number][] = [
    [31.1774276, 121.5272106, 31.17530398364597, 121.531541859215], // Shanghai
    [22.543847, 113.912316, 22.540796131694766, 113.9171764808363], // Shenzhen
    [39.911954, 116.377817, 39.91334545536069, 116.38404722455657], // Beijing
  ];
  it.each(evil)('GCJ-02 → WGS84 within 0.5 m of the published pair (%s, %s)', (wgsLat, wgsLng, gcjLat, gcjLng) => {
    expect(metres(toWgs84(gcjLng, gcjLat, 'gcj02'), [wgsLng, wgsLat])).toBeLessThan(0.5);
  });

  it("GCJ-02 and BD-09 → WGS84 match gcoord's own test pairs", () => {
    // gcoord test/unit/crs/GCJ02.spec.ts and BD09.spec.ts: [123, 45] in each datum.
    const g = toWgs84(123, 45, 'gcj02');
    expect(g[0]).toBeCloseTo(122.99395597, 5);
    expect(g[1]).toBeCloseTo(44.99804071, 5);
    const b = toWgs84(123, 45, 'bd09');
    expect(b[0]).toBeCloseTo(122.9876221, 5);
    expect(b[1]).toBeCloseTo(44.9917154, 5);
  });

  it('WGS84 and CGCS2000 pass through unchanged; outside China GCJ-02 is WGS84', () => {
    expect(toWgs84(119.95, 31.78, 'wgs84')).toEqual([119.95, 31.78]);
    expect(toWgs84(119.95, 31.78, 'cgcs2000')).toEqual([119.95, 31.78]);
    expect(toWgs84(119.95, 31.78, 'EPSG:4490')).toEqual([119.95, 31.78]);
    expect(toWgs84(-74, 40.7, 'gcj02')).toEqual([-74, 40.7]);
  });
});

describe('toWgs84: EPSG projections', () => {
  // NYC 311 sample rows (test/fixtures/nyc311): State Plane X/Y (EPSG:2263, US feet) and the lat/lon NYC published.
  // X/Y are whole feet, so a pair agrees to about half a foot (0.15 m).
  const nyc: [string, number, number, number, number][] = [
    ['56923577 Manhattan', 982176, 211870, 40.74821053178345, -74.00748519439084],
    ['56921224 Bronx', 1009273, 236846, 40.81672781810395, -73.90959744911358],
    ['56924812 Brooklyn', 998724, 148964, 40.57553594799442, -73.94789748163153],
    ['56917311 Queens', 1033842, 151770, 40.58311096131385, -73.82146173843556],
    ['56917959 Staten Island', 918351, 126704, 40.514203581433655, -74.23700137808845],
  ];
  it.each(nyc)('EPSG:2263 → WGS84 agrees with NYC 311 record %s within 0.3 m', (_, x, y, lat, lon) => {
    expect(metres(toWgs84(x, y, 'EPSG:2263'), [lon, lat])).toBeLessThan(0.3);
  });

  // Reference conversions by PROJ (PostGIS 3 ST_Transform with its spatial_ref_sys), an implementation independent of proj4js.
  const proj: [string, number, number, number, number][] = [
    ['EPSG:4549', 498000, 3520000, 119.97887949322705, 31.802925451789434], // CGCS2000 3° GK CM 120E (Changzhou)
    ['EPSG:4549', 380000, 3440000, 118.74257021461732, 31.07527669680663],
    ['EPSG:4528', 40502000, 3520000, 120.02112050677293, 31.802925451789434], // CGCS2000 3° GK zone 40
    ['EPSG:4547', 560000, 4420000, 114.7017241172647, 39.91205579094355], // CGCS2000 3° GK CM 114E
    ['EPSG:32650', 449000, 4400000, 116.40470955484845, 39.74838110085089], // UTM 50N (Beijing)
    ['EPSG:32651', 353000, 3451000, 121.45730538661007, 31.18382950655554], // UTM 51N (Shanghai)
  ];
  it.each(proj)('%s (%s, %s) → WGS84 within 1 cm of PROJ', (crs, x, y, lon, lat) => {
    expect(metres(toWgs84(x, y, crs), [lon, lat])).toBeLessThan(0.01);
  });

  it('EPSG:3857 → WGS84 inverts web Mercator', () => {
    // gcoord's GCJ02 → EPSG3857 test of [123, 45] goes through WGS84 (122.99395597, 44.99804071, its GCJ02 → WGS84 pair).
    const [lon, lat] = toWgs84(13691624.549486386, 5621213.042452029, 'EPSG:3857');
    expect(lon).toBeCloseTo(122.99395597, 6);
    expect(lat).toBeCloseTo(44.99804071, 6);
  });

  it('a user-supplied proj4 string, for an unknown EPSG code or on its own, converts the same', () => {
    const def = '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
    const known = toWgs84(498000, 3520000, 'EPSG:4549');
    expect(toWgs84(498000, 3520000, 'EPSG:999999', def)).toEqual(known);
    expect(toWgs84(498000, 3520000, def)).toEqual(known);
  });

  it('refuses unknown codes, unknown names and points off the Earth with a message that says why', () => {
    expect(() => parseCrs('EPSG:999999')).toThrow(/EPSG:999999 is not one gridlens knows/);
    expect(() => parseCrs('mars2000')).toThrow(CrsError);
    expect(() => toWgs84(1e12, 1e12, 'EPSG:4549')).toThrow(/not a point on Earth/);
    expect(() => toWgs84(200, 10, 'wgs84')).toThrow(/not a point on Earth/);
  });

  it('knows the CGCS2000 Gauss-Kruger zones by formula (4534 = CM 75E … 4554 = CM 135E)', () => {
    expect(epsgDefinition(4534)).toContain('+lon_0=75 ');
    expect(epsgDefinition(4554)).toContain('+lon_0=135 ');
    expect(epsgDefinition(4513)).toContain('+x_0=25500000');
    expect(epsgDefinition(4555)).toBeNull();
  });
});

describe('geometryToWgs84 and crsOfPrj', () => {
  it('converts every position of a polygon and leaves the input alone', () => {
    const square = { type: 'Polygon', coordinates: [[[982176, 211870], [1009273, 211870], [1009273, 236846], [982176, 211870]]] };
    const out = geometryToWgs84(square, 'EPSG:2263');
    expect(square.coordinates[0][0]).toEqual([982176, 211870]);
    expect(metres(out.coordinates[0][0] as [number, number], [-74.00748519439084, 40.74821053178345])).toBeLessThan(0.3);
    expect(out.coordinates[0]).toHaveLength(4);
  });

  it('converts a GCJ-02 polygon as its points one by one, without touching the input', () => {
    const ring = [[119.95, 31.78], [119.96, 31.78], [119.96, 31.79], [119.95, 31.78]];
    const polygon = { type: 'Polygon', coordinates: [ring.map((p) => [...p])] };
    const out = geometryToWgs84(polygon, 'gcj02');
    expect(polygon.coordinates[0]).toEqual(ring);
    out.coordinates[0].forEach((p, i) => expect(p).toEqual(toWgs84(ring[i][0], ring[i][1], 'gcj02')));
  });

  it('reads the CRS of ESRI .prj files: State Plane by name or authority, WGS84, and WKT it does not know', () => {
    const esri2263 =
      'PROJCS["NAD_1983_StatePlane_New_York_Long_Island_FIPS_3104_Feet",GEOGCS["GCS_North_American_1983",DATUM["D_North_American_1983",' +
      'SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
      'PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",984250.0],PARAMETER["False_Northing",0.0],' +
      'PARAMETER["Central_Meridian",-74.0],PARAMETER["Standard_Parallel_1",40.66666666666666],PARAMETER["Standard_Parallel_2",41.03333333333333],' +
      'PARAMETER["Latitude_Of_Origin",40.16666666666666],UNIT["Foot_US",0.3048006096012192]]';
    expect(crsOfPrj(esri2263).name).toBe('EPSG:2263');
    expect(crsOfPrj('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]').kind).toBe('wgs84');
    const utm = 'PROJCS["WGS 84 / UTM zone 50N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",117],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","32650"]]';
    expect(crsOfPrj(utm).name).toBe('EPSG:32650');
    // The same projection without its authority goes to proj4 as WKT and converts the same.
    const bare = crsOfPrj(utm.replace(/,AUTHORITY\["EPSG","32650"\]/, ''));
    expect(bare.kind).toBe('proj4');
    expect(metres(toWgs84(449000, 4400000, bare), [116.40470955484845, 39.74838110085089])).toBeLessThan(0.01);
  });
});
