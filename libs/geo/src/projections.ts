/**
 * proj4 definitions of the projections gridlens knows by EPSG code. Anything else is given by the user as a proj4
 * string (or, for a Shapefile, read from its .prj). Chinese national grids use CGCS2000, whose ellipsoid (GRS80)
 * and frame are within centimetres of WGS84 at city scale, so they are taken as WGS84-based (towgs84 zero).
 */
const FIXED: Record<number, string> = {
  4326: '+proj=longlat +datum=WGS84 +no_defs',
  // CGCS2000 geographic.
  4490: '+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs',
  // NAD83 / New York Long Island (ftUS): New York City's State Plane zone (311 exports' X/Y).
  2263:
    '+proj=lcc +lat_0=40.1666666666667 +lon_0=-74 +lat_1=41.0333333333333 +lat_2=40.6666666666667 ' +
    '+x_0=300000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=us-ft +no_defs',
  // WGS84 / Pseudo-Mercator (web tiles).
  3857: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs',
};

const GRS80_TMERC = '+proj=tmerc +lat_0=0 +k=1 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

/** The proj4 definition of an EPSG code gridlens knows, or null. */
export function epsgDefinition(code: number): string | null {
  if (FIXED[code]) return FIXED[code];
  // WGS84 / UTM zones 1–60 north (326xx) and south (327xx).
  if ((code > 32600 && code <= 32660) || (code > 32700 && code <= 32760)) {
    const zone = code % 100;
    return `+proj=utm +zone=${zone}${code > 32700 ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`;
  }
  // CGCS2000 / 3-degree Gauss-Kruger CM 75E … 135E (EPSG:4534–4554), false easting 500 km.
  if (code >= 4534 && code <= 4554) return `${GRS80_TMERC} +lon_0=${75 + (code - 4534) * 3} +x_0=500000`;
  // CGCS2000 / 3-degree Gauss-Kruger zones 25 … 45 (EPSG:4513–4533): the zone number prefixes the easting.
  if (code >= 4513 && code <= 4533) {
    const zone = 25 + (code - 4513);
    return `${GRS80_TMERC} +lon_0=${zone * 3} +x_0=${zone * 1_000_000 + 500_000}`;
  }
  // CGCS2000 / Gauss-Kruger 6-degree CM 75E … 135E (EPSG:4502–4512).
  if (code >= 4502 && code <= 4512) return `${GRS80_TMERC} +lon_0=${75 + (code - 4502) * 6} +x_0=500000`;
  // CGCS2000 / Gauss-Kruger 6-degree zones 13 … 23 (EPSG:4491–4501).
  if (code >= 4491 && code <= 4501) {
    const zone = 13 + (code - 4491);
    return `${GRS80_TMERC} +lon_0=${zone * 6 - 3} +x_0=${zone * 1_000_000 + 500_000}`;
  }
  return null;
}
