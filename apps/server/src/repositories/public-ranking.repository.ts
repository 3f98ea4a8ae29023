import { Inject, Injectable } from '@nestjs/common';
import type { EvaluationResult, EvaluationRow, PublicLevel, SchemeDefinition } from '@gridlens/contracts';
import { arrayLiteral } from '../db/array-literal';
import { DATABASE, type Database } from '../db/database';

/** A publication as the public may know it: no author, no inputs, no revision bookkeeping. */
export interface PublishedSummaryRow {
  id: string;
  period: string;
  level: PublicLevel;
  schemeVersion: string;
  publishedAt: string;
  hash: string;
  supersedesId: string | null;
  correctionReason: string | null;
  supersededBy: string | null;
}

export interface PublishedRankingRow extends PublishedSummaryRow {
  from: string;
  to: string;
  note: string;
  scheme: SchemeDefinition;
  rows: EvaluationRow[];
  topCategories: EvaluationResult['topCategories'];
}

/** One unit's stored line in one current publication, with the number of units publicly ranked there. */
export interface UnitHistoryRow {
  id: string;
  period: string;
  row: EvaluationRow;
  rankedCount: number;
}

export type PublicRegionLevel = 'district' | 'street' | 'community';

const SUMMARY_COLUMNS = `p.id, p.period, p.level, p.scheme_version AS "schemeVersion",
  to_char(p.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "publishedAt", p.hash,
  p.supersedes_id AS "supersedesId", p.correction_reason AS "correctionReason", p.superseded_by AS "supersededBy"`;

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Read-only SQL behind the public site (docs/api.md, "Public rankings"): published snapshots (evaluation_publication
 * with its scheme) and region boundaries. Never reads cases, the event log or the frozen per-case inputs.
 */
@Injectable()
export class PublicRankingRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Publications, current and superseded, newest first; optionally of one period and/or level. */
  async list(filter: { period?: string; level?: PublicLevel }): Promise<PublishedSummaryRow[]> {
    return this.db.query<PublishedSummaryRow>(
      `SELECT ${SUMMARY_COLUMNS}
       FROM evaluation_publication p
       WHERE ($1::text IS NULL OR p.period = $1) AND ($2::text IS NULL OR p.level = $2)
       ORDER BY p.published_at DESC, p.id DESC`,
      [filter.period ?? null, filter.level ?? null],
    );
  }

  /** One publication with its rows and the scheme it was computed with; null when there is none. */
  async get(id: string): Promise<PublishedRankingRow | null> {
    const [row] = await this.db.query<PublishedRankingRow>(
      `SELECT ${SUMMARY_COLUMNS}, ${ISO('p.period_from')} AS "from", ${ISO('p.period_to')} AS "to", p.note,
              s.definition AS scheme, p.rows, p.top_categories AS "topCategories"
       FROM evaluation_publication p JOIN evaluation_scheme s ON s.version = p.scheme_version
       WHERE p.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** The stored rows of a publication (the one a correction supersedes); null when there is none. */
  async rowsOf(id: string): Promise<EvaluationRow[] | null> {
    const [row] = await this.db.query<{ rows: EvaluationRow[] }>(`SELECT rows FROM evaluation_publication WHERE id = $1`, [id]);
    return row ? row.rows : null;
  }

  /**
   * A unit's line in every current publication of a level that lists it, by period; `rankedCount` counts the units
   * ranked for the public there (a rank, and at least `minCount` due cases: the public suppression rule).
   */
  async unitHistory(level: PublicLevel, code: string, minCount: number): Promise<UnitHistoryRow[]> {
    return this.db.query<UnitHistoryRow>(
      `SELECT p.id, p.period, u.row,
              (SELECT count(*)::int FROM jsonb_array_elements(p.rows) e
               WHERE jsonb_typeof(e->'rank') = 'number' AND (e->'counts'->>'due')::int >= $3) AS "rankedCount"
       FROM evaluation_publication p
       CROSS JOIN LATERAL (SELECT e AS row FROM jsonb_array_elements(p.rows) e WHERE e->>'code' = $2 LIMIT 1) u
       WHERE p.level = $1 AND p.superseded_by IS NULL
       ORDER BY p.period_from, p.period_to, p.period`,
      [level, code, minCount],
    );
  }

  /** Due cases per unit in the current publications of a level for some periods (what a change compares with). */
  async dueByUnit(level: PublicLevel, periods: string[]): Promise<{ period: string; code: string; due: number }[]> {
    if (periods.length === 0) return [];
    return this.db.query(
      `SELECT p.period, e->>'code' AS code, (e->'counts'->>'due')::int AS due
       FROM evaluation_publication p CROSS JOIN LATERAL jsonb_array_elements(p.rows) e
       WHERE p.level = $1 AND p.period = ANY($2::text[]) AND p.superseded_by IS NULL`,
      [level, arrayLiteral(periods)],
    );
  }

  /**
   * Region boundaries of a level as a GeoJSON FeatureCollection built by PostGIS: code, names and the synthetic flag,
   * geometry simplified by `tolerance` degrees (ST_SimplifyPreserveTopology) and written with `decimals` places.
   */
  async regionBoundaries(level: PublicRegionLevel, tolerance: number, decimals: number): Promise<unknown> {
    const [row] = await this.db.query<{ fc: unknown }>(
      `SELECT json_build_object(
                'type', 'FeatureCollection',
                'datum', 'WGS84',
                'features', coalesce(json_agg(json_build_object(
                   'type', 'Feature',
                   'id', code,
                   'properties', json_build_object('code', code, 'level', level, 'parent', parent_code,
                                                   'name_zh', name_zh, 'name_en', name_en, 'synthetic', synthetic),
                   'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, $2), $3)::json
                 ) ORDER BY code), '[]'::json)) AS fc
       FROM region
       WHERE level = $1 AND NOT ST_IsEmpty(geom)`,
      [level, tolerance, decimals],
    );
    return row.fc;
  }
}
