import { Inject, Injectable } from '@nestjs/common';
import type { Region, RegionCodes, RegionLevel } from '@gridlens/contracts';
import { arrayLiteral } from '../db/array-literal';
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

/** Which regions to list: by level, parent, and those meeting a WGS84 box. */
export interface RegionFilter {
  level?: RegionLevel;
  parent?: string;
  bbox?: { minLon: number; minLat: number; maxLon: number; maxLat: number };
}

/** A unit grid to insert in bulk: its square is its bounding box. */
export interface NewGridSquare {
  code: string;
  parent: string;
  nameZh: string;
  nameEn: string;
  bbox: [number, number, number, number];
}

/** A unit grid with its parents and box (structurally city-sim's SimGrid). */
export interface UnitGridBox {
  code: string;
  parent: string;
  street: string;
  district: string;
  bbox: [number, number, number, number];
}

/** A street or community to insert: its geometry is the union of its children's. */
export interface NewRegionGroup {
  code: string;
  parent: string;
  nameZh: string;
  nameEn: string;
}

/** Rows per INSERT when seeding grids in bulk (array parameters, not a round trip per row). */
const GRID_BATCH = 5000;

const FILTER_SQL = `($1::text IS NULL OR level = $1) AND ($2::text IS NULL OR parent_code = $2)
  AND ($3::float8 IS NULL OR ST_Intersects(geom, ST_MakeEnvelope($3, $4, $5, $6, 4326)))`;

function filterParams(filter: RegionFilter): unknown[] {
  const b = filter.bbox;
  return [filter.level ?? null, filter.parent ?? null, b?.minLon ?? null, b?.minLat ?? null, b?.maxLon ?? null, b?.maxLat ?? null];
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

  /** Regions in code order; at most `limit` of them when given. */
  async list(filter: RegionFilter, limit?: number): Promise<Region[]> {
    const rows = await this.db.query<RegionRow>(
      `SELECT code, level, parent_code, name_zh, name_en, synthetic,
              ST_XMin(geom) AS min_lon, ST_YMin(geom) AS min_lat, ST_XMax(geom) AS max_lon, ST_YMax(geom) AS max_lat
       FROM region
       WHERE ${FILTER_SQL}
       ORDER BY code
       LIMIT $7`,
      [...filterParams(filter), limit ?? null],
    );
    return rows.map(toRegion);
  }

  /** The first `limit` regions in code order, and whether more matched. */
  async listPage(filter: RegionFilter, limit: number): Promise<{ regions: Region[]; truncated: boolean }> {
    const regions = await this.list(filter, limit + 1);
    return { regions: regions.slice(0, limit), truncated: regions.length > limit };
  }

  /**
   * A GeoJSON FeatureCollection built by PostGIS, in code order, at most `limit` features when given;
   * `simplify` is a tolerance in degrees (0 = exact).
   */
  async featureCollection(filter: RegionFilter, simplify = 0, limit?: number): Promise<unknown> {
    const [row] = await this.db.query<{ fc: unknown }>(
      `WITH hit AS (
         SELECT code, level, parent_code, name_zh, name_en, synthetic, geom FROM region
         WHERE ${FILTER_SQL}
         ORDER BY code
         LIMIT $8
       )
       SELECT json_build_object(
                'type', 'FeatureCollection',
                'datum', 'WGS84',
                'features', coalesce(json_agg(json_build_object(
                   'type', 'Feature',
                   'id', code,
                   'properties', json_build_object('code', code, 'level', level, 'parent', parent_code,
                                                   'nameZh', name_zh, 'nameEn', name_en, 'synthetic', synthetic),
                   'geometry', ST_AsGeoJSON(CASE WHEN $7 > 0 THEN ST_SimplifyPreserveTopology(geom, $7) ELSE geom END, 6)::json
                 ) ORDER BY code), '[]'::json)) AS fc
       FROM hit`,
      [...filterParams(filter), simplify, limit ?? null],
    );
    return row.fc;
  }

  /** The first `limit` features in code order, and whether more matched. */
  async featurePage(filter: RegionFilter, limit: number): Promise<{ collection: { type: 'FeatureCollection'; features: unknown[] }; truncated: boolean }> {
    const fc = (await this.featureCollection(filter, 0, limit + 1)) as { type: 'FeatureCollection'; features: unknown[] };
    const truncated = fc.features.length > limit;
    if (truncated) fc.features = fc.features.slice(0, limit);
    return { collection: fc, truncated };
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

  /**
   * Streets or communities (parents before children) with an empty geometry, to be filled by unionChildren once
   * their children exist. Synthetic.
   */
  async insertSyntheticGroups(tx: Queryable, level: 'street' | 'community', groups: NewRegionGroup[]): Promise<void> {
    if (groups.length === 0) return;
    await tx.query(
      `INSERT INTO region (code, level, parent_code, name_zh, name_en, synthetic, geom)
       SELECT code, $1, parent, name_zh, name_en, true, ST_GeomFromText('MULTIPOLYGON EMPTY', 4326)
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(code, parent, name_zh, name_en)`,
      [
        level,
        arrayLiteral(groups.map((g) => g.code)),
        arrayLiteral(groups.map((g) => g.parent)),
        arrayLiteral(groups.map((g) => g.nameZh)),
        arrayLiteral(groups.map((g) => g.nameEn)),
      ],
    );
  }

  /** Synthetic unit grids, their squares from their bounding boxes, a few thousand rows per INSERT. */
  async insertSyntheticGrids(tx: Queryable, grids: NewGridSquare[]): Promise<void> {
    for (let i = 0; i < grids.length; i += GRID_BATCH) {
      const batch = grids.slice(i, i + GRID_BATCH);
      const column = (pick: (g: NewGridSquare) => unknown) => arrayLiteral(batch.map(pick));
      await tx.query(
        `INSERT INTO region (code, level, parent_code, name_zh, name_en, synthetic, geom)
         SELECT code, 'grid', parent, name_zh, name_en, true, ST_Multi(ST_MakeEnvelope(w, s, e, n, 4326))
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::float8[])
              AS u(code, parent, name_zh, name_en, w, s, e, n)`,
        [
          column((g) => g.code),
          column((g) => g.parent),
          column((g) => g.nameZh),
          column((g) => g.nameEn),
          column((g) => g.bbox[0]),
          column((g) => g.bbox[1]),
          column((g) => g.bbox[2]),
          column((g) => g.bbox[3]),
        ],
      );
    }
  }

  /** Set each region's geometry to the dissolved union of its children's. */
  async unionChildren(tx: Queryable, codes: string[]): Promise<void> {
    if (codes.length === 0) return;
    await tx.query(
      `UPDATE region r SET geom = u.geom
       FROM (SELECT parent_code, ST_Multi(ST_CollectionExtract(ST_Union(geom), 3)) AS geom
             FROM region WHERE parent_code = ANY($1::text[]) GROUP BY parent_code) u
       WHERE r.code = u.parent_code`,
      [arrayLiteral(codes)],
    );
  }

  /** Rebuild the point-in-polygon pieces of these regions. */
  async rebuildPieces(tx: Queryable, codes: string[]): Promise<void> {
    if (codes.length === 0) return;
    const list = arrayLiteral(codes);
    await tx.query(`DELETE FROM region_piece WHERE code = ANY($1::text[])`, [list]);
    await tx.query(
      `INSERT INTO region_piece (code, level, geom)
       SELECT code, level, ST_Subdivide(geom, 64) FROM region WHERE code = ANY($1::text[]) AND NOT ST_IsEmpty(geom)`,
      [list],
    );
  }

  /**
   * Every unit grid with its community (`parent`), street and district and its box, in code order: what the
   * simulator's inspectors patrol (the shape of city-sim's SimGrid). Grids are assumed to sit under
   * community → street → district, as seeded.
   */
  async unitGrids(): Promise<UnitGridBox[]> {
    const rows = await this.db.query<{ code: string; parent: string; street: string; district: string; w: number; s: number; e: number; n: number }>(
      `SELECT g.code, g.parent_code AS parent, c.parent_code AS street, st.parent_code AS district,
              ST_XMin(g.geom) AS w, ST_YMin(g.geom) AS s, ST_XMax(g.geom) AS e, ST_YMax(g.geom) AS n
       FROM region g JOIN region c ON c.code = g.parent_code JOIN region st ON st.code = c.parent_code
       WHERE g.level = 'grid'
       ORDER BY g.code COLLATE "C"`,
    );
    return rows.map((r) => ({ code: r.code, parent: r.parent, street: r.street, district: r.district, bbox: [r.w, r.s, r.e, r.n] }));
  }

  /** The level of a region code, or null if unknown. */
  /** A point inside each region (ST_PointOnSurface, WGS84), in the order of `codes`; [NaN, NaN] for an unknown code. */
  async labelPoints(codes: string[]): Promise<[number, number][]> {
    if (codes.length === 0) return [];
    const rows = await this.db.query<{ code: string; lon: number; lat: number }>(
      `SELECT code, ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT code, ST_PointOnSurface(geom) AS p FROM region WHERE code = ANY($1::text[])) r`,
      [codes],
    );
    const byCode = new Map(rows.map((r) => [r.code, [Number(r.lon), Number(r.lat)] as [number, number]]));
    return codes.map((c) => byCode.get(c) ?? [NaN, NaN]);
  }

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

