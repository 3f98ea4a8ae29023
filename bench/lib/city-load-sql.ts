// The SQL that writes the benchmark's cases straight into `cases` (bench/lib/city-load.ts runs it). One statement per
// population and loader connection; every random draw is made by PostgreSQL, so no row crosses the wire.

/** A population of cases: its per-grid count column in bench_grid and how its report day is drawn. */
export interface Population {
  /** One letter in the case ids (`b<letter><grid idx>-<i>`). */
  letter: string;
  /** The bench_grid column holding this population's number of cases per unit grid. */
  countColumn: 'n_static' | 'n_emerging' | 'n_fading';
  /**
   * SQL for the local day index 0 … days−1 (may use random(), $4 = day bounds, $8 = days, $9 = emerging days).
   */
  dayExpr: string;
}

export const POPULATIONS: readonly Population[] = [
  // The city's everyday cases: day volume by dayWeights() (trend, season, weekday).
  { letter: 's', countColumn: 'n_static', dayExpr: `width_bucket(random(), $4::float8[]) - 1` },
  // The emerging cluster: only in the last $9 days, density rising linearly (day = end − $9 + $9·√u).
  { letter: 'e', countColumn: 'n_emerging', dayExpr: `$8::int - $9::int + floor($9::int * sqrt(random()))::int` },
  // The fading cluster: density falling linearly to zero at the end (day = days·(1 − √u)).
  { letter: 'f', countColumn: 'n_fading', dayExpr: `floor($8::int * (1 - sqrt(random())))::int` },
];

/**
 * INSERT … SELECT of one population's cases in the unit grids with idx % $1 = $2 (one loader connection each).
 * Parameters: $1 loaders, $2 this loader, $3 first local midnight (timestamptz), $4 day bounds, $5 hour bounds,
 * $6 category bounds (bench_minor.k order), $7 "now" (later stages are not reached yet), $8 days, $9 emerging days.
 *
 * A case is a point uniform in its unit grid's rectangle (so the ingest's point-in-polygon placement would give the
 * same grid, community, street, district and city), a category, a report instant (day, then hour of the day by
 * HOUR_WEIGHTS, then a uniform second), a source, and the durations of its stages; stages that would lie after
 * $7 have not happened, which sets the status (so recent cases are open, old ones closed or voided).
 */
export function insertPopulationSql(p: Population): string {
  return `
INSERT INTO cases (case_id, category_code, major_code, family_code, source, geom, city_code, district_code, street_code,
                   community_code, grid_code, status, department_code, reported_at, verified_at, registered_at,
                   first_dispatched_at, last_dispatched_at, handled_at, checked_at, closed_at, voided_at, dispatch_count,
                   deadline, closed_on_time, last_event_at, version)
SELECT f.case_id, m.code, m.major, m.family, f.source, ST_SetSRID(ST_MakePoint(f.lon, f.lat), 4326),
       f.city, f.district, f.street, f.community, f.grid,
       CASE WHEN f.voided_at IS NOT NULL THEN 'voided' WHEN f.closed_at IS NOT NULL THEN 'closed'
            WHEN f.checked_at IS NOT NULL THEN 'checked' WHEN f.handled_at IS NOT NULL THEN 'handled'
            WHEN f.dispatched_at IS NOT NULL THEN 'dispatched' WHEN f.registered_at IS NOT NULL THEN 'registered'
            WHEN f.verified_at IS NOT NULL THEN 'verified' ELSE 'reported' END,
       CASE WHEN f.dispatched_at IS NOT NULL THEN m.department END,
       f.reported_at, f.verified_at, f.registered_at, f.dispatched_at, f.dispatched_at, f.handled_at, f.checked_at,
       f.closed_at, f.voided_at, (f.dispatched_at IS NOT NULL)::int,
       f.registered_at + m.limit_s * interval '1 second',
       CASE WHEN f.closed_at IS NOT NULL THEN f.handled_at <= f.registered_at + m.limit_s * interval '1 second' END,
       greatest(f.reported_at, f.verified_at, f.registered_at, f.dispatched_at, f.handled_at, f.checked_at, f.closed_at, f.voided_at),
       1 + (f.verified_at IS NOT NULL)::int + (f.registered_at IS NOT NULL)::int + (f.dispatched_at IS NOT NULL)::int
         + (f.handled_at IS NOT NULL)::int + (f.checked_at IS NOT NULL)::int + (f.closed_at IS NOT NULL)::int
         + (f.voided_at IS NOT NULL)::int
FROM (
  SELECT a.case_id, a.k, a.source, a.lon, a.lat, a.city, a.district, a.street, a.community, a.grid, a.reported_at,
         CASE WHEN a.verified_at <= $7 THEN a.verified_at END AS verified_at,
         CASE WHEN a.registered_at <= $7 THEN a.registered_at END AS registered_at,
         CASE WHEN a.dispatched_at <= $7 THEN a.dispatched_at END AS dispatched_at,
         CASE WHEN a.handled_at <= $7 THEN a.handled_at END AS handled_at,
         CASE WHEN a.checked_at <= $7 THEN a.checked_at END AS checked_at,
         CASE WHEN a.closed_at <= $7 THEN a.closed_at END AS closed_at,
         CASE WHEN a.voided_at <= $7 THEN a.voided_at END AS voided_at
  FROM (
    SELECT s.*,
           s.reg_at + s.d_disp * interval '1 second' AS dispatched_at,
           s.reg_at + (s.d_disp + s.d_handle) * interval '1 second' AS handled_at,
           s.reg_at + (s.d_disp + s.d_handle + s.d_check) * interval '1 second' AS checked_at,
           s.reg_at + (s.d_disp + s.d_handle + s.d_check + s.d_close) * interval '1 second' AS closed_at,
           s.reg_at AS registered_at
    FROM (
      SELECT r.*,
             CASE WHEN NOT r.void AND r.source IN ('public', 'hotline') THEN r.reported_at + r.d_verify * interval '1 second' END AS verified_at,
             CASE WHEN NOT r.void THEN r.reported_at + (CASE WHEN r.source IN ('public', 'hotline') THEN r.d_verify ELSE 0 END + r.d_reg) * interval '1 second' END AS reg_at,
             CASE WHEN r.void THEN r.reported_at + r.d_void * interval '1 second' END AS voided_at
      FROM (
        SELECT 'b${p.letter}' || g.idx || '-' || i AS case_id, g.city, g.district, g.street, g.community, g.grid,
               g.x0 + random() * g.dx AS lon, g.y0 + random() * g.dy AS lat,
               width_bucket(random(), $6::float8[]) AS k,
               $3::timestamptz + ((${p.dayExpr}) * 86400 + (width_bucket(random(), $5::float8[]) - 1) * 3600
                                  + floor(random() * 3600)) * interval '1 second' AS reported_at,
               (ARRAY['inspector', 'inspector', 'inspector', 'inspector', 'inspector', 'public', 'public', 'hotline', 'video', 'collector'])[1 + floor(random() * 10)::int] AS source,
               random() < 0.04 AS void,
               300 + random() * 1500 AS d_verify,
               120 + random() * 1080 AS d_reg,
               300 + 5100 * random() ^ 2 AS d_disp,
               exp(ln(14400) + 0.9 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))
                 * CASE WHEN random() < 0.06 THEN 30 + random() * 1500 ELSE 1 END AS d_handle,
               900 + random() * 13500 AS d_check,
               300 + random() * 3300 AS d_close,
               600 + random() * 3000 AS d_void
        FROM bench_grid g, generate_series(1, g.${p.countColumn}) i
        WHERE g.idx % $1 = $2 AND g.${p.countColumn} > 0 AND cardinality($4::float8[]) > 0 AND $8::int > 0 AND $9::int > 0
        OFFSET 0
      ) r
      OFFSET 0
    ) s
  ) a
) f
JOIN bench_minor m ON m.k = f.k`;
}

/** The unit grids with their parents and rectangles; `covered`: the grid lies wholly inside its district. */
export const GRIDS_SQL = `
SELECT g.code AS grid, c.code AS community, s.code AS street, d.code AS district, d.parent_code AS city,
       ST_XMin(g.geom) AS x0, ST_YMin(g.geom) AS y0, ST_XMax(g.geom) AS x1, ST_YMax(g.geom) AS y1,
       ST_NPoints(g.geom) = 5 AND ST_Covers(d.geom, g.geom) AS covered
FROM region g
JOIN region c ON c.code = g.parent_code
JOIN region s ON s.code = c.parent_code
JOIN region d ON d.code = s.parent_code
WHERE g.level = 'grid'
ORDER BY g.code`;

/** The minor categories (bench_minor.k = position in code order, 1-based) with their time limit in clock seconds. */
export const MINORS_SQL = `
SELECT m.code, m.parent_code AS major, p.parent_code AS family, m.department_code AS department,
       m.limit_amount::float8 * CASE m.limit_unit WHEN 'hours' THEN 3600 WHEN 'working_hours' THEN 5400 ELSE 129600 END AS limit_s
FROM category m JOIN category p ON p.code = m.parent_code
WHERE m.level = 'minor'
ORDER BY m.code`;

/**
 * The indexes and key of `cases`, to drop before the load and make again after it (as they were: definitions read
 * from the catalogue, so any index a later migration adds is handled too).
 */
export const CASES_INDEXES_SQL = `
SELECT ci.relname AS name, pg_get_indexdef(i.indexrelid) AS index_def, con.conname AS constraint_name,
       pg_get_constraintdef(con.oid) AS constraint_def
FROM pg_index i
JOIN pg_class ci ON ci.oid = i.indexrelid
LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
WHERE i.indrelid = 'cases'::regclass
ORDER BY ci.relname`;

/**
 * Placement check on a sample: the regions whose pieces cover each sampled case's point (the ingest's rule), against
 * the codes the load wrote. Returns how many sampled cases disagree at some level.
 */
export const PLACEMENT_CHECK_SQL = `
WITH sample AS (
  SELECT case_id, geom, city_code, district_code, street_code, community_code, grid_code
  FROM cases TABLESAMPLE SYSTEM ($1) LIMIT $2
), placed AS (
  SELECT s.case_id,
         min(rp.code) FILTER (WHERE rp.level = 'district') AS district,
         min(rp.code) FILTER (WHERE rp.level = 'street') AS street,
         min(rp.code) FILTER (WHERE rp.level = 'community') AS community,
         min(rp.code) FILTER (WHERE rp.level = 'grid') AS grid
  FROM sample s LEFT JOIN region_piece rp ON ST_Covers(rp.geom, s.geom) AND rp.level <> 'city'
  GROUP BY s.case_id
)
SELECT count(*)::int AS sampled,
       count(*) FILTER (WHERE (s.district_code, s.street_code, s.community_code, s.grid_code)
                                IS DISTINCT FROM (p.district, p.street, p.community, p.grid)
                          OR s.city_code IS DISTINCT FROM r.parent_code)::int AS mismatched
FROM sample s JOIN placed p USING (case_id) LEFT JOIN region r ON r.code = p.district`;
