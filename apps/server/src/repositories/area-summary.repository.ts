import { Inject, Injectable } from '@nestjs/common';
import type { AreaOpenCase, CaseStatus } from '@gridlens/contracts';
import { DATABASE, type Database } from '../db/database';
import { SEQ_COLUMN, SqlParams, scopePredicates, whereClause, windowPredicates, type MapFilter } from './map-filter';

/** One cell of the GET /api/v1/grid layout: cell type, size (metres), UTM srid and the two integers of its id. */
export interface GridCellRef {
  cell: 'hex' | 'square';
  size: number;
  srid: number;
  a: number;
  b: number;
}

export interface AreaFigures {
  seq: number;
  count: number;
  topCategories: { code: string; count: number }[];
  openCount: number;
  openCases: AreaOpenCase[];
}

const TOP_CATEGORIES = 5;
const OPEN_CASES = 50;

/**
 * The cell a case falls in, computed exactly as the grid answer bins it, so a cell's summary counts the same cases
 * as that cell there: squares by floor(x / size) of the point projected by PostGIS (as the rollups key them:
 * RollupRepository projects, rollup-layout floors); pointy-top hexagons by axial coordinates with cube rounding,
 * the same expressions and types as GridRepository's GRID_SQL. A bounding-box test on the
 * cell's envelope (with a margin) comes first so the spatial index does the coarse work.
 */
function cellPredicate(ref: GridCellRef, p: SqlParams): { joins: string; where: string[] } {
  const size = `${p.add(ref.size)}::float8`;
  const srid = `${p.add(ref.srid)}::int`;
  const a = `${p.add(ref.a)}::float8`;
  const b = `${p.add(ref.b)}::float8`;
  const centre =
    ref.cell === 'hex'
      ? { x: `${size} * sqrt(3) * (${a} + ${b} / 2.0)`, y: `${size} * 1.5 * ${b}` }
      : { x: `(${a} + 0.5) * ${size}`, y: `(${b} + 0.5) * ${size}` };
  const m = `${size} * 1.25`;
  const envelope = `ST_Transform(ST_MakeEnvelope(${centre.x} - ${m}, ${centre.y} - ${m}, ${centre.x} + ${m}, ${centre.y} + ${m}, ${srid}), 4326)`;
  const projected = `CROSS JOIN LATERAL (SELECT ST_Transform(c.geom, ${srid}) AS g) proj`;
  if (ref.cell === 'square') {
    return { joins: projected, where: [`c.geom && ${envelope}`, `floor(ST_X(g) / ${size}) = ${a}`, `floor(ST_Y(g) / ${size}) = ${b}`] };
  }
  const swapQ = `abs(rq - fq) > abs(rr - fr) AND abs(rq - fq) > abs(rs + fq + fr)`;
  return {
    joins: `${projected}
      CROSS JOIN LATERAL (SELECT (sqrt(3) / 3 * ST_X(g) - ST_Y(g) / 3) / ${size} AS fq, (2.0 / 3 * ST_Y(g)) / ${size} AS fr) frac
      CROSS JOIN LATERAL (SELECT round(fq) AS rq, round(fr) AS rr, round(-fq - fr) AS rs) rounded`,
    where: [
      `c.geom && ${envelope}`,
      `CASE WHEN ${swapQ} THEN -rr - rs ELSE rq END = ${a}`,
      `CASE WHEN ${swapQ} THEN rr WHEN abs(rr - fr) > abs(rs + fq + fr) THEN -rq - rs ELSE rr END = ${b}`,
    ],
  };
}

interface SummaryRow {
  seq: number;
  count: number;
  top: { code: string; count: number }[];
  open_count: number;
  open_cases: OpenRow[];
}

interface OpenRow {
  caseId: string;
  category: string;
  status: CaseStatus;
  reportedMs: number;
  deadlineMs: number | null;
  lon: number;
  lat: number;
}

/** The summary of one area (a region, a grid cell, or both), in one statement with the event counter. */
@Injectable()
export class AreaSummaryRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async summary(f: MapFilter, cell: GridCellRef | null): Promise<AreaFigures> {
    const p = new SqlParams();
    const area = scopePredicates(f, p);
    const inCell = cell ? cellPredicate(cell, p) : { joins: '', where: [] };
    const matching = whereClause(windowPredicates(f, p));
    const sql = `
      WITH area AS (
        SELECT c.case_id, c.category_code, c.status, c.reported_at, c.deadline, c.geom
        FROM cases c ${inCell.joins}
        ${whereClause([...area, ...inCell.where])}
      ), open_now AS (
        SELECT * FROM area c WHERE c.status NOT IN ('closed', 'voided')
      )
      SELECT ${SEQ_COLUMN},
        (SELECT count(*)::int FROM area c ${matching}) AS count,
        (SELECT coalesce(json_agg(json_build_object('code', code, 'count', n) ORDER BY n DESC, code), '[]'::json)
         FROM (SELECT c.category_code AS code, count(*)::int AS n FROM area c ${matching}
               GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${TOP_CATEGORIES}) t) AS top,
        (SELECT count(*)::int FROM open_now) AS open_count,
        (SELECT coalesce(json_agg(json_build_object(
                  'caseId', case_id, 'category', category_code, 'status', status,
                  'reportedMs', (extract(epoch FROM reported_at) * 1000)::float8,
                  'deadlineMs', (extract(epoch FROM deadline) * 1000)::float8,
                  'lon', ST_X(geom), 'lat', ST_Y(geom))
                ORDER BY deadline ASC NULLS LAST, reported_at, case_id), '[]'::json)
         FROM (SELECT * FROM open_now ORDER BY deadline ASC NULLS LAST, reported_at, case_id LIMIT ${OPEN_CASES}) o) AS open_cases`;
    const [r] = await this.db.query<SummaryRow>(sql, p.values);
    return {
      seq: Number(r.seq),
      count: Number(r.count),
      topCategories: r.top,
      openCount: Number(r.open_count),
      openCases: r.open_cases.map((o) => ({
        caseId: o.caseId,
        category: o.category,
        status: o.status,
        reportedAt: new Date(o.reportedMs).toISOString(),
        deadline: o.deadlineMs === null ? null : new Date(o.deadlineMs).toISOString(),
        lon: o.lon,
        lat: o.lat,
      })),
    };
  }
}
