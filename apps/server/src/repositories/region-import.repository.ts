import { Injectable } from '@nestjs/common';
import type { RegionLevel } from '@gridlens/contracts';
import { arrayLiteral } from '../db/array-literal';
import type { Queryable } from '../db/database';

/** A region read from a boundary file, already in WGS84, before repair. */
export interface StagedRegion {
  idx: number;
  code: string;
  nameZh: string;
  nameEn: string;
  parent: string | null;
  /** GeoJSON Polygon or MultiPolygon. */
  geometry: unknown;
}

export interface Repair {
  idx: number;
  reason: string;
  /** Area in m² before (of the invalid polygon, as PostGIS measures it) and after repair; null when nothing is left. */
  areaBefore: number;
  areaAfter: number | null;
}

export interface Overlap {
  a: string;
  b: string;
  areaM2: number;
}

export interface ParentGap {
  parent: string;
  /** Part of the parent covered by none of its children, m². */
  gapM2: number;
  parentM2: number;
}

export interface OutsideParent {
  code: string;
  parent: string;
  /** Part of the region outside its parent, m². */
  outsideM2: number;
}

/** Overlaps and gaps smaller than this (m²) are rounding on shared edges, not reported. */
export const AREA_EPSILON_M2 = 1;

const STAGE = 'region_import_stage';
/**
 * Overlays (intersection, difference, union) snap to this grid, in degrees (about 0.1 mm): the robust overlay. Without
 * it GEOS's floating overlay can fail on the many shared edges of real boundaries (seen on the NYC borough fixture
 * cut into squares: PGlite then even answered no rows instead of an error).
 */
const GRID = 1e-9;
const m2 = (geom: string) => `ST_Area(ST_Transform(${geom}, $1::int))`;

/**
 * SQL of the region import (RegionImportService): boundary files are staged in a temporary table (dropped at
 * commit), repaired, matched to parents and measured there, then written to region/region_piece, all in the
 * caller's transaction. Areas are measured in the metric projection `srid` (a UTM zone) the caller picks.
 */
@Injectable()
export class RegionImportRepository {
  /**
   * Hold the ingest's point-in-polygon placement (it reads region_piece) until the import commits, so no event is
   * placed in the old boundaries while the cases are re-placed in the new ones.
   */
  async lockPlacement(tx: Queryable): Promise<void> {
    await tx.query(`LOCK TABLE region_piece IN ACCESS EXCLUSIVE MODE`);
  }

  async stage(tx: Queryable, level: RegionLevel, regions: StagedRegion[]): Promise<void> {
    await tx.query(
      `CREATE TEMP TABLE ${STAGE} (idx int PRIMARY KEY, code text NOT NULL, level text NOT NULL, name_zh text NOT NULL,
         name_en text NOT NULL, parent_code text, geom geometry NOT NULL) ON COMMIT DROP`,
    );
    await tx.query(
      `INSERT INTO ${STAGE} (idx, code, level, name_zh, name_en, parent_code, geom)
       SELECT (r->>'idx')::int, r->>'code', $2, r->>'nameZh', r->>'nameEn', r->>'parent',
              ST_SetSRID(ST_GeomFromGeoJSON(r->>'geometry'), 4326)
       FROM json_array_elements($1::json) r`,
      [JSON.stringify(regions.map((r) => ({ ...r, geometry: JSON.stringify(r.geometry) }))), level],
    );
    // Indexed and analysed, so sibling and parent matching use the spatial indexes (thousands of unit grids).
    await tx.query(`CREATE INDEX ON ${STAGE} USING gist (geom)`);
    await tx.query(`ANALYZE ${STAGE}`);
  }

  /** Repair invalid polygons (ST_MakeValid, polygons kept); drops those with nothing left. Returns what was repaired. */
  async repair(tx: Queryable, srid: number): Promise<Repair[]> {
    const rows = await tx.query<{ idx: number; reason: string; before: number; after: number | null }>(
      `WITH bad AS (
         SELECT idx, ST_IsValidReason(geom) AS reason, ${m2('geom')} AS before,
                ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3)) AS fixed
         FROM ${STAGE} WHERE NOT ST_IsValid(geom)
       ), upd AS (
         UPDATE ${STAGE} s SET geom = b.fixed FROM bad b WHERE s.idx = b.idx AND NOT ST_IsEmpty(b.fixed)
       )
       SELECT idx, reason, before, CASE WHEN ST_IsEmpty(fixed) THEN NULL ELSE ${m2('fixed')} END AS after FROM bad ORDER BY idx`,
      [srid],
    );
    await tx.query(`DELETE FROM ${STAGE} WHERE ST_IsEmpty(geom) OR NOT ST_IsValid(geom)`);
    await tx.query(`UPDATE ${STAGE} SET geom = ST_Multi(ST_CollectionExtract(geom, 3)) WHERE GeometryType(geom) <> 'MULTIPOLYGON'`);
    return rows.map((r) => ({ idx: r.idx, reason: r.reason, areaBefore: Number(r.before), areaAfter: r.after === null ? null : Number(r.after) }));
  }

  /** Staged codes that already exist at another level. */
  async levelClashes(tx: Queryable): Promise<{ idx: number; code: string; level: RegionLevel }[]> {
    return tx.query(`SELECT s.idx, s.code, r.level FROM ${STAGE} s JOIN region r ON r.code = s.code AND r.level <> s.level ORDER BY s.idx`);
  }

  /** Staged regions whose named parent is not a region of `parentLevel`. */
  async missingParents(tx: Queryable, parentLevel: RegionLevel): Promise<{ idx: number; parent: string }[]> {
    return tx.query(
      `SELECT s.idx, s.parent_code AS parent FROM ${STAGE} s
       WHERE s.parent_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM region r WHERE r.code = s.parent_code AND r.level = $1)
       ORDER BY s.idx`,
      [parentLevel],
    );
  }

  /**
   * Set each staged region's parent to the region of `parentLevel` that holds the largest part of it. Returns the
   * choice and the share of the region's area inside that parent, or parent null where none meets it.
   */
  async parentsByContainment(tx: Queryable, parentLevel: RegionLevel, srid: number): Promise<{ idx: number; parent: string | null; share: number }[]> {
    const rows = await tx.query<{ idx: number; parent: string | null; share: number | null }>(
      `WITH best AS (
         SELECT DISTINCT ON (s.idx) s.idx, r.code, ${m2(`ST_Intersection(s.geom, r.geom, ${GRID})`)} / nullif(${m2('s.geom')}, 0) AS share
         FROM ${STAGE} s JOIN region r ON r.level = $2 AND ST_Intersects(s.geom, r.geom)
         ORDER BY s.idx, ${m2(`ST_Intersection(s.geom, r.geom, ${GRID})`)} DESC, r.code
       ), upd AS (
         UPDATE ${STAGE} s SET parent_code = b.code FROM best b WHERE s.idx = b.idx
       )
       SELECT s.idx, b.code AS parent, b.share FROM ${STAGE} s LEFT JOIN best b ON b.idx = s.idx ORDER BY s.idx`,
      [srid, parentLevel],
    );
    return rows.map((r) => ({ idx: r.idx, parent: r.parent, share: r.share === null ? 0 : Number(r.share) }));
  }

  async drop(tx: Queryable, idxs: number[]): Promise<void> {
    if (idxs.length) await tx.query(`DELETE FROM ${STAGE} WHERE idx = ANY($1::int[])`, [arrayLiteral(idxs)]);
  }

  /** How many regions are staged. */
  async count(tx: Queryable): Promise<number> {
    const [r] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${STAGE}`);
    return Number(r.n);
  }

  /**
   * The siblings the import will leave: staged regions, and regions of the level already stored under the same
   * parents that the file does not replace.
   */
  private siblingsSql(level: string): string {
    return `SELECT code, parent_code, geom FROM ${STAGE}
            UNION ALL
            SELECT r.code, r.parent_code, r.geom FROM region r
            WHERE r.level = ${level} AND NOT EXISTS (SELECT 1 FROM ${STAGE} s WHERE s.code = r.code)
              AND (r.parent_code IN (SELECT parent_code FROM ${STAGE})
                   OR (r.parent_code IS NULL AND EXISTS (SELECT 1 FROM ${STAGE} WHERE parent_code IS NULL)))`;
  }

  /**
   * Pairs of siblings (same parent) that overlap, with the overlap's area: staged with staged, and staged with stored
   * regions of the level the file does not replace.
   */
  async overlaps(tx: Queryable, level: RegionLevel, srid: number): Promise<Overlap[]> {
    const rows = await tx.query<{ a: string; b: string; area: number }>(
      `WITH pairs AS (
         SELECT a.code AS x, b.code AS y, a.geom AS ga, b.geom AS gb
         FROM ${STAGE} a JOIN ${STAGE} b
           ON a.code < b.code AND a.parent_code IS NOT DISTINCT FROM b.parent_code AND ST_Intersects(a.geom, b.geom)
         UNION ALL
         SELECT a.code, r.code, a.geom, r.geom
         FROM ${STAGE} a JOIN region r
           ON r.level = $2 AND r.parent_code IS NOT DISTINCT FROM a.parent_code AND ST_Intersects(a.geom, r.geom)
         WHERE NOT EXISTS (SELECT 1 FROM ${STAGE} s WHERE s.code = r.code)
       )
       SELECT least(x, y) AS a, greatest(x, y) AS b, ${m2(`ST_Intersection(ga, gb, ${GRID})`)} AS area FROM pairs ORDER BY 1, 2`,
      [srid, level],
    );
    return rows.map((r) => ({ a: r.a, b: r.b, areaM2: Number(r.area) })).filter((o) => o.areaM2 >= AREA_EPSILON_M2);
  }

  /** For each parent of a staged region: the part of the parent that none of its children (after the import) covers. */
  async gaps(tx: Queryable, level: RegionLevel, srid: number): Promise<ParentGap[]> {
    const rows = await tx.query<{ parent: string; gap: number; area: number }>(
      `WITH sib AS (${this.siblingsSql('$2')}),
            kids AS (SELECT parent_code, ST_Union(geom, ${GRID}) AS geom FROM sib WHERE parent_code IS NOT NULL GROUP BY parent_code)
       SELECT p.code AS parent, ${m2(`ST_Difference(p.geom, k.geom, ${GRID})`)} AS gap, ${m2('p.geom')} AS area
       FROM kids k JOIN region p ON p.code = k.parent_code
       ORDER BY p.code`,
      [srid, level],
    );
    return rows.map((r) => ({ parent: r.parent, gapM2: Number(r.gap), parentM2: Number(r.area) })).filter((g) => g.gapM2 >= AREA_EPSILON_M2);
  }

  /** Staged regions that reach outside their parent, with the area outside. */
  async outsideParents(tx: Queryable, srid: number): Promise<OutsideParent[]> {
    const rows = await tx.query<{ code: string; parent: string; area: number }>(
      `SELECT s.code, s.parent_code AS parent, ${m2(`ST_Difference(s.geom, p.geom, ${GRID})`)} AS area
       FROM ${STAGE} s JOIN region p ON p.code = s.parent_code
       ORDER BY s.code`,
      [srid],
    );
    return rows.map((r) => ({ code: r.code, parent: r.parent, outsideM2: Number(r.area) })).filter((o) => o.outsideM2 >= AREA_EPSILON_M2);
  }

  /** The box covering the staged regions and the stored regions they replace (where cases may change region). */
  async affectedBox(tx: Queryable): Promise<[number, number, number, number] | null> {
    const [r] = await tx.query<{ w: number | null; s: number; e: number; n: number }>(
      `WITH g AS (SELECT geom FROM ${STAGE} UNION ALL SELECT r.geom FROM region r JOIN ${STAGE} s ON s.code = r.code),
            x AS (SELECT ST_Extent(geom) AS b FROM g)
       SELECT ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n FROM x`,
    );
    return r.w === null ? null : [Number(r.w), Number(r.s), Number(r.e), Number(r.n)];
  }

  /** Insert or replace the staged regions and their point-in-polygon pieces. Returns [inserted, replaced] codes. */
  async write(tx: Queryable): Promise<{ inserted: string[]; replaced: string[] }> {
    const existing = await tx.query<{ code: string }>(`SELECT s.code FROM ${STAGE} s JOIN region r ON r.code = s.code ORDER BY s.code`);
    const replaced = new Set(existing.map((r) => r.code));
    await tx.query(
      `INSERT INTO region (code, level, parent_code, name_zh, name_en, synthetic, geom)
       SELECT code, level, parent_code, name_zh, name_en, false, geom FROM ${STAGE} ORDER BY idx
       ON CONFLICT (code) DO UPDATE SET level = EXCLUDED.level, parent_code = EXCLUDED.parent_code, name_zh = EXCLUDED.name_zh,
              name_en = EXCLUDED.name_en, synthetic = false, geom = EXCLUDED.geom`,
    );
    await tx.query(`DELETE FROM region_piece WHERE code IN (SELECT code FROM ${STAGE})`);
    await tx.query(`INSERT INTO region_piece (code, level, geom) SELECT code, level, ST_Subdivide(geom, 64) FROM ${STAGE}`);
    const codes = await tx.query<{ code: string }>(`SELECT code FROM ${STAGE} ORDER BY code`);
    return { inserted: codes.map((c) => c.code).filter((c) => !replaced.has(c)), replaced: [...replaced] };
  }

  /**
   * Place again, in the whole hierarchy, the cases inside `box` or coded with one of `codes` at `level` (as
   * RegionRepository.place does for new events: the lowest code where boundaries touch; the city is the district's
   * parent). Changed cases get a new version (so a cached copy of them is not written back). Returns how many changed
   * and how many are now outside every region.
   */
  async replaceCases(tx: Queryable, box: [number, number, number, number], level: RegionLevel, codes: string[]): Promise<{ moved: number; outside: number }> {
    // Levels without any region are not looked up (a city of districts only: one lookup per case, not four).
    const present = new Set((await tx.query<{ level: RegionLevel }>(`SELECT DISTINCT level FROM region_piece`)).map((r) => r.level));
    const pick = (l: RegionLevel, point: string) =>
      present.has(l) ? `(SELECT min(rp.code) FROM region_piece rp WHERE rp.level = '${l}' AND ST_Intersects(rp.geom, ${point}))` : 'NULL::text';
    const [r] = await tx.query<{ moved: number; outside: number }>(
      `WITH affected AS (
         SELECT c.case_id, c.geom FROM cases c
         WHERE c.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) OR c.${level}_code = ANY($5::text[])
       ), placed AS (
         SELECT a.case_id, a.geom, ${pick('district', 'a.geom')} AS district, ${pick('street', 'a.geom')} AS street,
                ${pick('community', 'a.geom')} AS community, ${pick('grid', 'a.geom')} AS grid
         FROM affected a
       ), coded AS (
         SELECT p.*, CASE WHEN p.district IS NULL THEN ${pick('city', 'p.geom')}
                          ELSE (SELECT r.parent_code FROM region r WHERE r.code = p.district) END AS city
         FROM placed p
       ), moved AS (
         UPDATE cases c SET city_code = k.city, district_code = k.district, street_code = k.street,
                community_code = k.community, grid_code = k.grid, version = c.version + 1
         FROM coded k
         WHERE c.case_id = k.case_id
           AND (c.city_code IS DISTINCT FROM k.city OR c.district_code IS DISTINCT FROM k.district OR c.street_code IS DISTINCT FROM k.street
                OR c.community_code IS DISTINCT FROM k.community OR c.grid_code IS DISTINCT FROM k.grid)
         RETURNING k.city, k.district, k.street, k.community, k.grid
       )
       SELECT count(*)::int AS moved,
              count(*) FILTER (WHERE coalesce(city, district, street, community, grid) IS NULL)::int AS outside
       FROM moved`,
      [...box, arrayLiteral(codes)],
    );
    return { moved: Number(r.moved), outside: Number(r.outside) };
  }
}
