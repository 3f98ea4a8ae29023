import { Inject, Injectable } from '@nestjs/common';
import { CASE_TILE_LAYER } from '@gridlens/contracts';
import { DATABASE, type Database } from '../db/database';
import { SqlParams, scopePredicates, whereClause, windowPredicates, type MapFilter } from './map-filter';

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

/** MVT extent (units per tile side) and buffer (units around it), the PostGIS defaults. */
const EXTENT = 4096;
const BUFFER = 64;

/**
 * Raw cases as a Mapbox Vector Tile. The coarse test is `geom && <tile envelope in 4326>`, which the cases' GiST
 * index answers (a Web-Mercator tile is a lon/lat rectangle, so transforming its envelope's corners gives it
 * exactly); only the cases found are projected to 3857 for ST_AsMVTGeom.
 */
@Injectable()
export class TileRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The tile's bytes; empty when no case matches in it. */
  async caseTile(t: TileAddress, f: MapFilter): Promise<Uint8Array> {
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
    const [row] = await this.db.query<{ tile: Uint8Array | null }>(sql, p.values);
    const tile = row?.tile;
    if (!tile) return new Uint8Array(0);
    // pg gives a Buffer, PGlite a Uint8Array: both are Uint8Arrays.
    return new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
  }
}
