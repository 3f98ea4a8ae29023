import { Inject, Injectable } from '@nestjs/common';
import type { CaseStatus, GridCell } from '@gridlens/contracts';
import { DATABASE, type Database } from '../db/database';

export interface GridFilter {
  /** Metres: the hexagon's edge (= circumradius, as PostGIS ST_HexagonGrid). */
  size: number;
  /** The metric projection (a UTM zone) the cells are laid out in. */
  srid: number;
  bbox: { minLon: number; minLat: number; maxLon: number; maxLat: number } | null;
  from: Date | null;
  to: Date | null;
  categories: string[] | null;
  statuses: CaseStatus[] | null;
  region: string | null;
}

/**
 * The grid's case filter (bbox, report window, minor categories, statuses, region at any level) as SQL whose nine
 * parameters are numbered from `$first`, in the order caseFilterParams() gives them.
 */
function caseFilterSql(first: number): string {
  const [minLon, minLat, maxLon, maxLat, from, to, categories, statuses, region] = Array.from({ length: 9 }, (_, k) => `$${first + k}`);
  return `(${minLon}::float8 IS NULL OR geom && ST_MakeEnvelope(${minLon}, ${minLat}, ${maxLon}, ${maxLat}, 4326))
    AND (${from}::timestamptz IS NULL OR reported_at >= ${from})
    AND (${to}::timestamptz IS NULL OR reported_at < ${to})
    AND (${categories}::text[] IS NULL OR category_code = ANY(${categories}::text[]))
    AND (${statuses}::text[] IS NULL OR status = ANY(${statuses}::text[]))
    AND (${region}::text IS NULL OR ${region} IN (city_code, district_code, street_code, community_code, grid_code))`;
}

function caseFilterParams(f: Omit<GridFilter, 'size' | 'srid'>): unknown[] {
  return [
    f.bbox?.minLon ?? null,
    f.bbox?.minLat ?? null,
    f.bbox?.maxLon ?? null,
    f.bbox?.maxLat ?? null,
    f.from?.toISOString() ?? null,
    f.to?.toISOString() ?? null,
    f.categories,
    f.statuses,
    f.region,
  ];
}

/**
 * Cases binned into pointy-top hexagons computed arithmetically from each projected point (no grid is generated):
 * axial coordinates with cube rounding. (Squares nest, so they come from the rollups: CellCountService.)
 */
const GRID_SQL = `
WITH pts AS (
  SELECT ST_Transform(geom, $2::int) AS g
  FROM cases
  WHERE ${caseFilterSql(3)}
), frac AS (
  SELECT (sqrt(3) / 3 * ST_X(g) - ST_Y(g) / 3) / $1 AS fq, (2.0 / 3 * ST_Y(g)) / $1 AS fr FROM pts
), rounded AS (
  SELECT fq, fr, round(fq) AS rq, round(fr) AS rr, round(-fq - fr) AS rs FROM frac
), axial AS (
  SELECT CASE WHEN abs(rq - fq) > abs(rr - fr) AND abs(rq - fq) > abs(rs + fq + fr) THEN -rr - rs ELSE rq END AS q,
         CASE WHEN abs(rq - fq) > abs(rr - fr) AND abs(rq - fq) > abs(rs + fq + fr) THEN rr
              WHEN abs(rr - fr) > abs(rs + fq + fr) THEN -rq - rs ELSE rr END AS r
  FROM rounded
), cells AS (
  SELECT q AS a, r AS b, count(*)::int AS n FROM axial GROUP BY q, r
)
SELECT a::bigint AS a, b::bigint AS b, n,
       ST_X(c) AS lon, ST_Y(c) AS lat
FROM cells,
LATERAL (SELECT ST_Transform(ST_SetSRID(ST_MakePoint($1 * sqrt(3) * (a + b / 2.0), $1 * 1.5 * b), $2::int), 4326) AS c) centre
ORDER BY a, b`;

@Injectable()
export class GridRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async hexagons(f: GridFilter): Promise<GridCell[]> {
    const rows = await this.db.query<{ a: number; b: number; n: number; lon: number; lat: number }>(GRID_SQL, [f.size, f.srid, ...caseFilterParams(f)]);
    return rows.map((r) => ({ id: `h:${r.a}:${r.b}`, lon: r.lon, lat: r.lat, count: r.n }));
  }

  /** WGS84 centres of squares (a, b) = (floor(x / size), floor(y / size)) in `srid`, in the order given. */
  async squareCentres(squares: { a: number; b: number }[], size: number, srid: number): Promise<[number, number][]> {
    if (squares.length === 0) return [];
    const [r] = await this.db.query<{ lons: number[]; lats: number[] }>(
      `SELECT json_agg(ST_X(c) ORDER BY i) AS lons, json_agg(ST_Y(c) ORDER BY i) AS lats
       FROM (SELECT i, ST_Transform(ST_SetSRID(ST_MakePoint((a + 0.5) * $3, (b + 0.5) * $3), $4::int), 4326) AS c
             FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS s(a, b, i)) t`,
      [squares.map((s) => s.a), squares.map((s) => s.b), size, srid],
    );
    return r.lons.map((lon, i) => [lon, r.lats[i]]);
  }
}
