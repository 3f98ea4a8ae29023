import { Inject, Injectable } from '@nestjs/common';
import type { Region, RegionCodes, RegionLevel } from '@gridlens/contracts';
import { DATABASE, type Database, type Queryable } from '../db/database';

interface RegionRow {
  code: string;
  level: RegionLevel;
  parent_code: string | null;
  name_zh: string;
  name_en: string;
  synthetic: boolean;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
}

export interface NewRegion {
  code: string;
  level: RegionLevel;
  parent: string | null;
  nameZh: string;
  nameEn: string;
  synthetic: boolean;
  /** GeoJSON Polygon or MultiPolygon, WGS84. */
  geometry: unknown;
}

const PLACE_SQL = `
WITH p AS (
  SELECT i::int AS i, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS pt
  FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS u(lon, lat, i)
), below_city AS (
  SELECT p.i, rp.level, min(rp.code) AS code
  FROM p JOIN region_piece rp ON ST_Intersects(rp.geom, p.pt) AND rp.level <> 'city'
  GROUP BY p.i, rp.level
)
SELECT i, level, code FROM below_city
UNION ALL
SELECT b.i, 'city', r.parent_code FROM below_city b JOIN region r ON r.code = b.code
WHERE b.level = 'district' AND r.parent_code IS NOT NULL
UNION ALL
SELECT p.i, 'city', min(rp.code)
FROM p JOIN region_piece rp ON ST_Intersects(rp.geom, p.pt) AND rp.level = 'city'
WHERE NOT EXISTS (SELECT 1 FROM below_city b WHERE b.i = p.i AND b.level = 'district')
GROUP BY p.i`;

@Injectable()
export class RegionRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Place points in the hierarchy: for each point, the region at every level whose polygon covers it
   * (the lowest code where boundaries touch). `null` for a point outside every region.
   * The city is its district's parent (a city polygon is tested only for points in no district), which halves
   * the point-in-polygon work for the usual city of districts.
   */
  async place(points: { lon: number; lat: number }[]): Promise<(RegionCodes | null)[]> {
    const result: (RegionCodes | null)[] = points.map(() => null);
    if (points.length === 0) return result;
    const rows = await this.db.query<{ i: number; level: RegionLevel; code: string }>(PLACE_SQL, [
      points.map((p) => p.lon),
      points.map((p) => p.lat),
    ]);
    for (const row of rows) {
      const codes = (result[row.i - 1] ??= { city: null, district: null, street: null, community: null, grid: null });
      codes[row.level] = row.code;
    }
    return result;
  }

  async list(filter: { level?: RegionLevel; parent?: string }): Promise<Region[]> {
    const rows = await this.db.query<RegionRow>(
      `SELECT code, level, parent_code, name_zh, name_en, synthetic,
              ST_XMin(geom) AS min_lon, ST_YMin(geom) AS min_lat, ST_XMax(geom) AS max_lon, ST_YMax(geom) AS max_lat
       FROM region
       WHERE ($1::text IS NULL OR level = $1) AND ($2::text IS NULL OR parent_code = $2)
       ORDER BY code`,
      [filter.level ?? null, filter.parent ?? null],
    );
    return rows.map(toRegion);
  }

  /** A GeoJSON FeatureCollection built by PostGIS; `simplify` is a tolerance in degrees (0 = exact). */
  async featureCollection(filter: { level?: RegionLevel; parent?: string }, simplify = 0): Promise<unknown> {
    const [row] = await this.db.query<{ fc: unknown }>(
      `SELECT json_build_object(
                'type', 'FeatureCollection',
                'features', coalesce(json_agg(json_build_object(
                   'type', 'Feature',
                   'id', code,
                   'properties', json_build_object('code', code, 'level', level, 'parent', parent_code,
                                                   'nameZh', name_zh, 'nameEn', name_en, 'synthetic', synthetic),
                   'geometry', ST_AsGeoJSON(CASE WHEN $3 > 0 THEN ST_SimplifyPreserveTopology(geom, $3) ELSE geom END, 6)::json
                 ) ORDER BY code), '[]'::json)) AS fc
       FROM region
       WHERE ($1::text IS NULL OR level = $1) AND ($2::text IS NULL OR parent_code = $2)`,
      [filter.level ?? null, filter.parent ?? null, simplify],
    );
    return row.fc;
  }

  /** Insert or replace a region and its point-in-polygon pieces; the polygon is repaired if invalid. */
  async upsert(tx: Queryable, region: NewRegion): Promise<void> {
    await tx.query(
      `INSERT INTO region (code, level, parent_code, name_zh, name_en, synthetic, geom)
       VALUES ($1, $2, $3, $4, $5, $6,
               ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON($7), 4326)), 3)))
       ON CONFLICT (code) DO UPDATE SET level = EXCLUDED.level, parent_code = EXCLUDED.parent_code,
              name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, synthetic = EXCLUDED.synthetic, geom = EXCLUDED.geom`,
      [region.code, region.level, region.parent, region.nameZh, region.nameEn, region.synthetic, JSON.stringify(region.geometry)],
    );
    await tx.query(`DELETE FROM region_piece WHERE code = $1`, [region.code]);
    await tx.query(
      `INSERT INTO region_piece (code, level, geom)
       SELECT code, level, ST_Subdivide(geom, 64) FROM region WHERE code = $1`,
      [region.code],
    );
  }

  /** The level of a region code, or null if unknown. */
  async levelOf(code: string): Promise<RegionLevel | null> {
    const rows = await this.db.query<{ level: RegionLevel }>(`SELECT level FROM region WHERE code = $1`, [code]);
    return rows[0]?.level ?? null;
  }
}

function toRegion(r: RegionRow): Region {
  return {
    code: r.code,
    level: r.level,
    parent: r.parent_code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    synthetic: r.synthetic,
    bbox: [r.min_lon, r.min_lat, r.max_lon, r.max_lat],
  };
}

