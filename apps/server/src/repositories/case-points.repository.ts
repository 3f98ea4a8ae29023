import { Inject, Injectable } from '@nestjs/common';
import type { CaseStatus, RegionLevel } from '@gridlens/contracts';
import { DATABASE, type Database } from '../db/database';
import { SEQ_COLUMN, SqlParams, scopePredicates, whereClause, windowPredicates, type MapFilter } from './map-filter';

export interface CasePointFilter extends MapFilter {
  bbox: { minLon: number; minLat: number; maxLon: number; maxLat: number } | null;
  limit: number;
}

/** The map's case points as columns, newest report first (ties by case id). */
export interface CasePointColumns {
  seq: number;
  /** True when more cases matched than `limit`. */
  truncated: boolean;
  caseId: string[];
  lon: Float64Array;
  lat: Float64Array;
  status: CaseStatus[];
  category: string[];
  district: (string | null)[];
  reportedAtMs: Float64Array;
}

export interface RegionCount {
  code: string;
  count: number;
}

const LEVEL_COLUMN: Record<RegionLevel, string> = {
  city: 'c.city_code',
  district: 'c.district_code',
  street: 'c.street_code',
  community: 'c.community_code',
  grid: 'c.grid_code',
};

interface PointsRow {
  seq: number;
  case_ids: string[] | null;
  lons: number[] | null;
  lats: number[] | null;
  statuses: CaseStatus[] | null;
  categories: string[] | null;
  districts: (string | null)[] | null;
  reported_ms: number[] | null;
}

/**
 * Bulk reads behind the map. Each is one statement that also reads the event counter, so the answer is exactly
 * that of the events with seq ≤ the returned seq. Points come back aggregated into one JSON array per column (one
 * row, however many cases): no object per case on the way out of the driver, and JSON.parse is the fastest
 * parser either driver has (about twice as fast as PostgreSQL array literals, three times as fast as one row per
 * case, for 100,000 cases; numbers in docs/architecture.md).
 */
@Injectable()
export class CasePointsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async points(f: CasePointFilter): Promise<CasePointColumns> {
    const p = new SqlParams();
    const where = [...scopePredicates(f, p), ...windowPredicates(f, p)];
    if (f.bbox) {
      const { minLon, minLat, maxLon, maxLat } = f.bbox;
      where.push(`c.geom && ST_MakeEnvelope(${p.add(minLon)}, ${p.add(minLat)}, ${p.add(maxLon)}, ${p.add(maxLat)}, 4326)`);
    }
    // One more than asked, to know whether the limit cut the answer. The aggregate reads the ordered subquery
    // in its order (PostgreSQL documents this for a sorted subquery feeding an aggregate).
    const sql = `
      SELECT ${SEQ_COLUMN},
             json_agg(case_id) AS case_ids, json_agg(lon) AS lons, json_agg(lat) AS lats,
             json_agg(status) AS statuses, json_agg(category_code) AS categories,
             json_agg(district_code) AS districts, json_agg(reported_ms) AS reported_ms
      FROM (
        SELECT c.case_id, ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat, c.status, c.category_code, c.district_code,
               (extract(epoch FROM c.reported_at) * 1000)::float8 AS reported_ms
        FROM cases c
        ${whereClause(where)}
        ORDER BY c.reported_at DESC, c.case_id
        LIMIT ${p.add(f.limit + 1)}
      ) pts`;
    // Both drivers parse json columns (JSON.parse).
    const [r] = await this.db.query<PointsRow>(sql, p.values);
    const n = Math.min(r.case_ids?.length ?? 0, f.limit);
    const cut = <T>(a: T[] | null): T[] => (a ? (a.length > n ? a.slice(0, n) : a) : []);
    return {
      seq: Number(r.seq),
      truncated: (r.case_ids?.length ?? 0) > f.limit,
      caseId: cut(r.case_ids),
      lon: Float64Array.from(cut(r.lons)),
      lat: Float64Array.from(cut(r.lats)),
      status: cut(r.statuses),
      category: cut(r.categories),
      district: cut(r.districts),
      reportedAtMs: Float64Array.from(cut(r.reported_ms)),
    };
  }

  /** Matching cases per region of `level` (regions with none left out), by code. */
  async countsByRegion(level: RegionLevel, f: MapFilter): Promise<{ seq: number; counts: RegionCount[] }> {
    const p = new SqlParams();
    const column = LEVEL_COLUMN[level];
    const where = [...scopePredicates(f, p), ...windowPredicates(f, p), `${column} IS NOT NULL`];
    const sql = `
      SELECT ${SEQ_COLUMN},
             (SELECT coalesce(json_agg(json_build_object('code', code, 'count', n) ORDER BY code), '[]'::json)
              FROM (SELECT ${column} AS code, count(*)::int AS n FROM cases c ${whereClause(where)} GROUP BY 1) g) AS counts`;
    const [r] = await this.db.query<{ seq: number; counts: RegionCount[] }>(sql, p.values);
    return { seq: Number(r.seq), counts: r.counts };
  }
}
