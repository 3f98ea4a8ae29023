/**
 * UTM (WGS84, EPSG 326zz north / 327zz south) in both directions, as the server's grid is laid out
 * (apps/server/src/repositories/grid.repository.ts projects with ST_Transform to the city's UTM zone).
 * Krüger's series to the third order of n: millimetre accuracy across a zone, no library needed.
 */

const A_AXIS = 6378137;
const FLATTENING = 1 / 298.257223563;
const K0 = 0.9996;
const FALSE_EASTING = 500_000;
const FALSE_NORTHING_SOUTH = 10_000_000;

const n = FLATTENING / (2 - FLATTENING);
const n2 = n * n;
const n3 = n2 * n;
/** Rectifying radius times the scale factor. */
const K0A = (K0 * A_AXIS * (1 + n2 / 4 + (n2 * n2) / 64)) / (1 + n);
const ALPHA = [n / 2 - (2 / 3) * n2 + (5 / 16) * n3, (13 / 48) * n2 - (3 / 5) * n3, (61 / 240) * n3];
const BETA = [n / 2 - (2 / 3) * n2 + (37 / 96) * n3, (1 / 48) * n2 + (1 / 15) * n3, (17 / 480) * n3];
const DELTA = [2 * n - (2 / 3) * n2 - 2 * n3, (7 / 3) * n2 - (8 / 5) * n3, (56 / 15) * n3];
const E2N = (2 * Math.sqrt(n)) / (1 + n);
const RAD = Math.PI / 180;

export interface UtmZone {
  zone: number;
  south: boolean;
}

/** The zone of a UTM EPSG code (32601–32660, 32701–32760). */
export function utmZoneOfSrid(srid: number): UtmZone {
  const south = srid >= 32701 && srid <= 32760;
  const north = srid >= 32601 && srid <= 32660;
  if (!south && !north) throw new RangeError(`not a WGS84 UTM srid: ${srid}`);
  return { zone: srid % 100, south };
}

const centralMeridian = (zone: number) => ((zone - 1) * 6 - 180 + 3) * RAD;

/** WGS84 lon/lat (degrees) → UTM easting/northing (metres). */
export function toUtm(lon: number, lat: number, { zone, south }: UtmZone): [number, number] {
  const phi = lat * RAD;
  const dLambda = lon * RAD - centralMeridian(zone);
  const sinPhi = Math.sin(phi);
  const t = Math.sinh(Math.atanh(sinPhi) - E2N * Math.atanh(E2N * sinPhi));
  const xi1 = Math.atan2(t, Math.cos(dLambda));
  const eta1 = Math.atanh(Math.sin(dLambda) / Math.sqrt(1 + t * t));
  let xi = xi1;
  let eta = eta1;
  for (let j = 1; j <= 3; j++) {
    xi += ALPHA[j - 1] * Math.sin(2 * j * xi1) * Math.cosh(2 * j * eta1);
    eta += ALPHA[j - 1] * Math.cos(2 * j * xi1) * Math.sinh(2 * j * eta1);
  }
  return [FALSE_EASTING + K0A * eta, (south ? FALSE_NORTHING_SOUTH : 0) + K0A * xi];
}

/** UTM easting/northing (metres) → WGS84 lon/lat (degrees). */
export function fromUtm(x: number, y: number, { zone, south }: UtmZone): [number, number] {
  const xi = (y - (south ? FALSE_NORTHING_SOUTH : 0)) / K0A;
  const eta = (x - FALSE_EASTING) / K0A;
  let xi1 = xi;
  let eta1 = eta;
  for (let j = 1; j <= 3; j++) {
    xi1 -= BETA[j - 1] * Math.sin(2 * j * xi) * Math.cosh(2 * j * eta);
    eta1 -= BETA[j - 1] * Math.cos(2 * j * xi) * Math.sinh(2 * j * eta);
  }
  const chi = Math.asin(Math.sin(xi1) / Math.cosh(eta1));
  let phi = chi;
  for (let j = 1; j <= 3; j++) phi += DELTA[j - 1] * Math.sin(2 * j * chi);
  const lambda = centralMeridian(zone) + Math.atan2(Math.sinh(eta1), Math.cos(xi1));
  return [lambda / RAD, phi / RAD];
}
