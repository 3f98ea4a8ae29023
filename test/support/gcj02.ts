/**
 * The published WGS84 → GCJ-02 forward transform (the "Mars coordinates" offset), written out here so the
 * e2e tests check the server's GCJ-02 → WGS84 conversion against an independent implementation.
 */
const A = 6378245.0;
const EE = 0.00669342162296594323;

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLon(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

/** WGS84 [lon, lat] → GCJ-02 [lon, lat] (inside China). */
export function wgs84ToGcj02(lon: number, lat: number): [number, number] {
  let dLat = transformLat(lon - 105.0, lat - 35.0);
  let dLon = transformLon(lon - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

/** Great-circle distance in metres (haversine). */
export function metresBetween([lon1, lat1]: readonly [number, number], [lon2, lat2]: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

/** GCJ-02 [lon, lat] → BD-09 [lon, lat] (Baidu's further offset; the published forward formula). */
export function gcj02ToBd09(lon: number, lat: number): [number, number] {
  const xPi = (Math.PI * 3000.0) / 180.0;
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * xPi);
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * xPi);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

/**
 * Distance in metres on the WGS84 ellipsoid for nearby points (up to a few kilometres): the local meridional and
 * prime-vertical radii of curvature at the mean latitude. Unlike a sphere, it has no direction-dependent error of
 * ~0.3 %, so it ranks nearby points the way a conformal projection (UTM) does.
 */
export function localMetres([lon1, lat1]: readonly [number, number], [lon2, lat2]: readonly [number, number]): number {
  const a = 6_378_137;
  const e2 = 0.00669437999014;
  const phi = (((lat1 + lat2) / 2) * Math.PI) / 180;
  const w = 1 - e2 * Math.sin(phi) ** 2;
  const meridional = (a * (1 - e2)) / w ** 1.5;
  const primeVertical = a / Math.sqrt(w);
  const dy = (((lat2 - lat1) * Math.PI) / 180) * meridional;
  const dx = (((lon2 - lon1) * Math.PI) / 180) * primeVertical * Math.cos(phi);
  return Math.hypot(dx, dy);
}
