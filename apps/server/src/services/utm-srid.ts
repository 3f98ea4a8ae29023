/** UTM zone (WGS84, EPSG 326xx north / 327xx south) for a longitude and latitude: where metric cells are laid out. */
export function utmSrid(lon: number, lat: number): number {
  const zone = Math.min(60, Math.max(1, Math.floor((lon + 180) / 6) + 1));
  return (lat >= 0 ? 32600 : 32700) + zone;
}
