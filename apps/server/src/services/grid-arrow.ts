import { DATUM, type GridResponse, type H3GridResponse, type RegionCountsResponse, type RegionGridResponse } from '@gridlens/contracts';
import { arrowStream, float64Column, int32Column, utf8Column } from './columns-arrow';

/** GET /api/v1/grid as Arrow: id Utf8, lon/lat Float64, count Int32; the other fields and the datum (WGS84) as metadata. */
export function gridToArrow(answer: GridResponse | H3GridResponse | RegionGridResponse): Uint8Array {
  const { cells, ...scalars } = answer;
  return arrowStream(
    {
      id: utf8Column(cells.map((c) => c.id)),
      lon: float64Column(cells.map((c) => c.lon)),
      lat: float64Column(cells.map((c) => c.lat)),
      count: int32Column(cells.map((c) => c.count)),
    },
    { ...scalars, datum: DATUM },
  );
}

/** GET /api/v1/regions/counts as Arrow: code Utf8, count Int32; seq, level and total as metadata. */
export function regionCountsToArrow(answer: RegionCountsResponse): Uint8Array {
  const { counts, ...scalars } = answer;
  return arrowStream({ code: utf8Column(counts.map((c) => c.code)), count: int32Column(counts.map((c) => c.count)) }, scalars);
}
