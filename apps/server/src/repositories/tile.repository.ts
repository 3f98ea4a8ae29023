import { Inject, Injectable } from '@nestjs/common';
import { CASE_TILE_LAYER } from '@gridlens/contracts';
import { DATABASE, type Database } from '../db/database';
import type { TilePointColumns } from '../services/tile-encoder';
import { SqlParams, scopePredicates, whereClause, windowPredicates, type MapFilter } from './map-filter';

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

/** MVT extent (units per tile side) and buffer (units around it), the PostGIS defaults. */
export const EXTENT = 4096;
const BUFFER = 64;

/** The tile's statement (exported so the index test can EXPLAIN exactly what runs). */
export function caseTileStatement(t: TileAddress, f: MapFilter): { sql: string; values: unknown[] } {
  const p = new SqlParams();
  const envelope = `ST_TileEnvelope(${p.add(t.z)}::int, ${p.add(t.x)}::int, ${p.add(t.y)}::int)`;
  const where = [`c.geom && ST_Transform(b.env, 4326)`, ...scopePredicates(f, p), ...windowPredicates(f, p)];
  const sql = `
    WITH b AS (SELECT ${envelope} AS env),
    features AS (
      SELECT ST_AsMVTGeom(ST_Transform(c.geom, 3857), b.env, ${EXTENT}, ${BUFFER}, true) AS geom,
             c.case_id AS "caseId", c.status, c.category_code AS category,
             (extract(epoch FROM c.reported_at) * 1000)::float8 AS "reportedAt"
      FROM cases c CROSS JOIN b
      ${whereClause(where)}
    )
    SELECT ST_AsMVT(features, '${CASE_TILE_LAYER}', ${EXTENT}, 'geom') AS tile FROM features WHERE geom IS NOT NULL`;
  return { sql, values: p.values };
}

/**
 * The same cases as columns, in tile coordinates computed as ST_AsMVTGeom does for a point (the affine map of the
 * envelope onto 0..extent, y downwards, snapped to the integer grid), for databases without ST_AsMVT.
 */
export function caseTilePointsStatement(t: TileAddress, f: MapFilter): { sql: string; values: unknown[] } {
  const p = new SqlParams();
  const envelope = `ST_TileEnvelope(${p.add(t.z)}::int, ${p.add(t.x)}::int, ${p.add(t.y)}::int)`;
  const where = [`c.geom && ST_Transform(b.env, 4326)`, ...scopePredicates(f, p), ...windowPredicates(f, p)];
  const sql = `
    WITH b AS (SELECT ${envelope} AS env)
    SELECT json_agg(px) AS px, json_agg(py) AS py, json_agg(case_id) AS case_ids, json_agg(status) AS statuses,
           json_agg(category_code) AS categories, json_agg(reported_ms) AS reported_ms
    FROM (
      SELECT round((ST_X(m.g) - ST_XMin(b.env)) * ${EXTENT} / (ST_XMax(b.env) - ST_XMin(b.env)))::int AS px,
             round((ST_YMax(b.env) - ST_Y(m.g)) * ${EXTENT} / (ST_YMax(b.env) - ST_YMin(b.env)))::int AS py,
             c.case_id, c.status, c.category_code, (extract(epoch FROM c.reported_at) * 1000)::float8 AS reported_ms
      FROM cases c CROSS JOIN b CROSS JOIN LATERAL (SELECT ST_Transform(c.geom, 3857) AS g) m
      ${whereClause(where)}
    ) pts`;
  return { sql, values: p.values };
}

/**
 * Raw cases as a Mapbox Vector Tile. The coarse test is `geom && <tile envelope in 4326>`, which the cases' GiST
 * index answers (a Web-Mercator tile is a lon/lat rectangle, so transforming its envelope's corners gives it
 * exactly); only the cases found are projected to 3857 for ST_AsMVTGeom.
 */
@Injectable()
export class TileRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  private mvt: Promise<boolean> | null = null;

  /** Whether this PostGIS has ST_AsMVT (built with protobuf-c: PostgreSQL's packages are, PGlite's is not). */
  supportsMvt(): Promise<boolean> {
    this.mvt ??= this.db
      .query(`SELECT ST_AsMVTGeom(ST_SetSRID(ST_Point(0, 0), 3857), ST_TileEnvelope(0, 0, 0)) AS g`)
      .then(
        () => true,
        (error: unknown) => {
          if (/protobuf/i.test(String((error as Error).message))) return false;
          this.mvt = null;
          throw error;
        },
      );
    return this.mvt;
  }

  /** The cases of a tile as point columns in tile coordinates (for encoding without ST_AsMVT). */
  async caseTilePoints(t: TileAddress, f: MapFilter): Promise<TilePointColumns> {
    const { sql, values } = caseTilePointsStatement(t, f);
    const [r] = await this.db.query<{
      px: number[] | null;
      py: number[] | null;
      case_ids: string[] | null;
      statuses: string[] | null;
      categories: string[] | null;
      reported_ms: number[] | null;
    }>(sql, values);
    return {
      px: r.px ?? [],
      py: r.py ?? [],
      properties: { caseId: r.case_ids ?? [], status: r.statuses ?? [], category: r.categories ?? [], reportedAt: r.reported_ms ?? [] },
    };
  }

  /** The tile's bytes from ST_AsMVT; empty when no case matches in it. */
  async caseTile(t: TileAddress, f: MapFilter): Promise<Uint8Array> {
    const { sql, values } = caseTileStatement(t, f);
    const [row] = await this.db.query<{ tile: Uint8Array | null }>(sql, values);
    const tile = row?.tile;
    if (!tile) return new Uint8Array(0);
    // pg gives a Buffer, PGlite a Uint8Array: both are Uint8Arrays.
    return new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
  }
}
