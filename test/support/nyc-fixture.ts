/** The NYC borough fixture (test/fixtures/nyc, coarse: see its SOURCE.md) as the files a city would hand over. */
import { readFileSync } from 'node:fs';
import proj4 from 'proj4';
import { epsgDefinition } from '@gridlens/geo';
import { writeShapefile } from './shapefile-writer';

export const NYC_FIXTURES = 'test/fixtures/nyc';

export interface FixtureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[];
}

/** The boroughs GeoJSON (WGS84), parsed afresh. */
export function nycBoroughs(): FixtureCollection {
  return JSON.parse(readFileSync(`${NYC_FIXTURES}/nyc-boroughs.geojson`, 'utf8')) as FixtureCollection;
}

/** The .prj NYC's Department of City Planning ships with its borough Shapefile (ESRI WKT, no EPSG authority). */
export const NY_LONG_ISLAND_FEET_PRJ =
  'PROJCS["NAD_1983_StatePlane_New_York_Long_Island_FIPS_3104_Feet",GEOGCS["GCS_North_American_1983",DATUM["D_North_American_1983",' +
  'SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],' +
  'PARAMETER["False_Easting",984250.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",-74.0],PARAMETER["Standard_Parallel_1",40.66666666666666],' +
  'PARAMETER["Standard_Parallel_2",41.03333333333333],PARAMETER["Latitude_Of_Origin",40.16666666666666],UNIT["Foot_US",0.3048006096012192]]';

/** The boroughs as a Shapefile in State Plane feet (EPSG:2263) with that .prj: { shp, dbf, prj, cpg } bytes. */
export function nycBoroughShapefile(): ReturnType<typeof writeShapefile> {
  const toFeet = proj4('EPSG:4326', epsgDefinition(2263)!);
  const features = nycBoroughs().features.map((f) => ({
    attributes: { BoroCode: String(f.properties.BoroCode), BoroName: String(f.properties.BoroName), NameZh: String(f.properties.NameZh) },
    polygons: [(f.geometry.coordinates as [number, number][][]).map((ring) => ring.map((p) => toFeet.forward(p) as [number, number]))],
  }));
  return writeShapefile(features, NY_LONG_ISLAND_FEET_PRJ);
}
