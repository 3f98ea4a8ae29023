import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '../db/database';

/** The region whose cells form a study area. */
export interface StudyRegion {
  code: string;
  /** GeoJSON MultiPolygon, WGS84. */
  geometry: { type: 'MultiPolygon'; coordinates: number[][][][] };
  bbox: { minLon: number; minLat: number; maxLon: number; maxLat: number };
  /** Area on the spheroid, square metres. */
  areaM2: number;
}

/** The range of square cells (floor(x / size), floor(y / size) in `srid`) covering a region's box. */
export interface SquareRange {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

/** Reads behind GET /api/v1/hotspots: the study region and its square cells (the counts come from CellCountService). */
@Injectable()
export class HotspotRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The region with this code, or the city (the first by code) when none is given; null when there is none. */
  async studyRegion(code: string | null): Promise<StudyRegion | null> {
    const [r] = await this.db.query<{
      code: string; geojson: string; min_lon: number; min_lat: number; max_lon: number; max_lat: number; area: number;
    }>(
      `SELECT code, ST_AsGeoJSON(geom) AS geojson, ST_XMin(geom) AS min_lon, ST_YMin(geom) AS min_lat,
              ST_XMax(geom) AS max_lon, ST_YMax(geom) AS max_lat, ST_Area(geom::geography) AS area
       FROM region WHERE ($1::text IS NULL AND level = 'city') OR code = $1
       ORDER BY code LIMIT 1`,
      [code],
    );
    if (!r) return null;
    return {
      code: r.code,
      geometry: JSON.parse(r.geojson),
      bbox: { minLon: r.min_lon, minLat: r.min_lat, maxLon: r.max_lon, maxLat: r.max_lat },
      areaM2: Number(r.area),
    };
  }

  /** The square cells covering the region's box in `srid`. */
  async squareRange(region: string, size: number, srid: number): Promise<SquareRange> {
    const [r] = await this.db.query<SquareRange>(
      `SELECT floor(ST_XMin(g) / $2)::int AS a0, floor(ST_XMax(g) / $2)::int AS a1,
              floor(ST_YMin(g) / $2)::int AS b0, floor(ST_YMax(g) / $2)::int AS b1
       FROM (SELECT ST_Transform(geom, $3::int) AS g FROM region WHERE code = $1) r`,
      [region, size, srid],
    );
    return { a0: Number(r.a0), a1: Number(r.a1), b0: Number(r.b0), b1: Number(r.b1) };
  }

  /**
   * The square cells of `range` whose centre ((a + ½)·size, (b + ½)·size in `srid`, taken to WGS84) lies inside the
   * region: tested against its ST_Subdivide pieces (GiST), not the whole polygon (100 times faster on a city).
   */
  async squaresInside(region: string, size: number, srid: number, range: SquareRange): Promise<{ a: Int32Array; b: Int32Array }> {
    const [r] = await this.db.query<{ a: number[] | null; b: number[] | null }>(
      `WITH c AS (
         SELECT a, b, ST_Transform(ST_SetSRID(ST_MakePoint((a + 0.5) * $2, (b + 0.5) * $2), $3::int), 4326) AS pt
         FROM generate_series($4::int, $5::int) a, generate_series($6::int, $7::int) b
       )
       SELECT json_agg(a ORDER BY a, b) AS a, json_agg(b ORDER BY a, b) AS b
       FROM c WHERE EXISTS (SELECT 1 FROM region_piece rp WHERE rp.code = $1 AND ST_Intersects(rp.geom, c.pt))`,
      [region, size, srid, range.a0, range.a1, range.b0, range.b1],
    );
    return { a: Int32Array.from(r.a ?? []), b: Int32Array.from(r.b ?? []) };
  }
}
