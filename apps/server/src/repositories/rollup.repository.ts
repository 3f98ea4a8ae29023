import { Inject, Injectable } from '@nestjs/common';
import { CASE_STATUSES, type CaseStatus } from '@gridlens/contracts';
import { DATABASE, type Database, type Queryable } from '../db/database';
import { ALL_CATEGORIES, REBUILD_SUMMED_ROWS, type RollupGrain, type RollupKeyText, type RollupScheme } from '../services/rollup-layout';
import { SqlParams, whereClause } from './map-filter';

/** What the rollups hold, and the event log's last seq, read together. */
export interface RollupWatermark {
  /** The event log's last seq. */
  lastSeq: number;
  /** Null before the rollups were first built. */
  state: { seq: number; timeZone: string; srid: number; layout: string } | null;
}

/** Cases as columns, with the fields the rollups key on (a tail adds each case's status before and after). */
export interface RollupCaseColumns {
  category: string[];
  lon: number[];
  lat: number[];
  x: number[];
  y: number[];
  city: (string | null)[];
  district: (string | null)[];
  street: (string | null)[];
  community: (string | null)[];
  grid: (string | null)[];
  reported: number[];
  /** Current status (rebuild) or status after the tail (catch-up). */
  status: CaseStatus[];
  /** Status as of the watermark (catch-up only; null for a case reported after it). */
  before?: (CaseStatus | null)[];
}

/** The raw-case filter every rollup-backed read shares (the endpoints' semantics, see docs/api.md). */
export interface RawCaseFilter {
  /** Report window [from, to), epoch ms; null: unbounded. */
  from: number | null;
  to: number | null;
  /** Minor category codes, or null for all. */
  categories: string[] | null;
  statuses: CaseStatus[] | null;
  /** A region code of any level the case must lie in. */
  region: string | null;
  bbox: { minLon: number; minLat: number; maxLon: number; maxLat: number } | null;
}

/** Counts read from the rollups: per cell (and per bucket when asked). */
export interface RollupRows {
  cells: string[];
  /** Per row with `byBucket`: its bucket's date as days since 1970-01-01 (an integer crosses the wire cheaper than a date's text). */
  buckets: number[] | null;
  counts: number[];
}

const TABLE = 'case_rollup';
const KEY_COLUMNS = ['scheme', 'grain', 'bucket', 'category', 'city', 'district', 'cell'] as const;
/** case_rollup's primary key, in its order (reads range over its leading columns). */
const PRIMARY_KEY = ['scheme', 'grain', 'category', 'bucket', 'city', 'district', 'cell'] as const;
const CASE_COLUMNS = `json_agg(c.category_code) AS category, json_agg(ST_X(c.geom)) AS lon, json_agg(ST_Y(c.geom)) AS lat,
  json_agg(ST_X(m.g)) AS x, json_agg(ST_Y(m.g)) AS y,
  json_agg(c.city_code) AS city, json_agg(c.district_code) AS district, json_agg(c.street_code) AS street,
  json_agg(c.community_code) AS community, json_agg(c.grid_code) AS grid,
  json_agg((extract(epoch FROM c.reported_at) * 1000)::float8) AS reported`;

function emptyColumns(): RollupCaseColumns {
  return { category: [], lon: [], lat: [], x: [], y: [], city: [], district: [], street: [], community: [], grid: [], reported: [], status: [] };
}

/** The count column(s) for a status filter: `cases` without one, else the statuses' columns (whitelisted names). */
function countSql(statuses: readonly CaseStatus[] | null): string {
  return statuses ? statuses.map((s) => (CASE_STATUSES.includes(s) ? s : 'NULL')).join(' + ') || '0' : 'cases';
}

/** case_rollup's count columns, in the order RollupDeltas keeps them. */
const COUNT_COLUMNS = ['cases', ...CASE_STATUSES] as const;

/** Predicates of the raw filter on `cases` aliased `c`. */
function rawPredicates(f: RawCaseFilter, p: SqlParams): string[] {
  const where: string[] = [];
  if (f.bbox) where.push(`c.geom && ST_MakeEnvelope(${p.add(f.bbox.minLon)}, ${p.add(f.bbox.minLat)}, ${p.add(f.bbox.maxLon)}, ${p.add(f.bbox.maxLat)}, 4326)`);
  if (f.from !== null) where.push(`c.reported_at >= ${p.add(new Date(f.from).toISOString())}::timestamptz`);
  if (f.to !== null) where.push(`c.reported_at < ${p.add(new Date(f.to).toISOString())}::timestamptz`);
  if (f.categories) where.push(`c.category_code = ANY(${p.add(f.categories)}::text[])`);
  if (f.statuses) where.push(`c.status = ANY(${p.add(f.statuses)}::text[])`);
  if (f.region) {
    const code = p.add(f.region);
    where.push(`${code} IN (c.city_code, c.district_code, c.street_code, c.community_code, c.grid_code)`);
  }
  return where;
}

/** A raw key: a region level's code, or a square's `col:row` of `size` metres in `srid`. */
export type RawKey = { level: 'district' | 'street' | 'community' | 'grid' } | { size: number; srid: number };

function rawKeySql(key: RawKey, p: SqlParams): string {
  if ('level' in key) return `c.${key.level}_code`;
  const size = `${p.add(key.size)}::float8`;
  const g = `ST_Transform(c.geom, ${p.add(key.srid)}::int)`;
  return `floor(ST_X(${g}) / ${size})::bigint || ':' || floor(ST_Y(${g}) / ${size})::bigint`;
}

/**
 * SQL of the rollups: the watermark, the cases to fold in (a tail of the event log, or everything for a rebuild),
 * writing count changes, reading counts; and the raw reads a window's edges (or a query rollups cannot serve) need.
 */
@Injectable()
export class RollupRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async watermark(q: Queryable = this.db): Promise<RollupWatermark> {
    const [r] = await q.query<{ last_seq: string; seq: string | null; time_zone: string | null; srid: number | null; layout: string | null }>(
      `SELECT (SELECT last_seq FROM event_counter WHERE id = 1) AS last_seq, s.seq, s.time_zone, s.srid, s.layout
       FROM (SELECT 1) one LEFT JOIN rollup_state s ON s.id = 1`,
    );
    return {
      lastSeq: Number(r.last_seq),
      state: r.seq === null ? null : { seq: Number(r.seq), timeZone: r.time_zone!, srid: Number(r.srid), layout: r.layout! },
    };
  }

  /** Serialise rollup writers (catch-up, rebuild swap) across connections and instances, until the transaction ends. */
  async lockWriters(tx: Queryable): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('gridlens:rollups'))`);
  }

  /** The cases with events in (after, upTo], with their status as of `after` and as of `upTo`. */
  async tail(q: Queryable, after: number, upTo: number, srid: number): Promise<RollupCaseColumns> {
    const [r] = await q.query<Record<string, unknown[] | null>>(
      `WITH touched AS (
         SELECT case_id, max(seq) AS last FROM case_event WHERE seq > $1 AND seq <= $2 GROUP BY case_id
       )
       SELECT ${CASE_COLUMNS}, json_agg(a.status) AS status, json_agg(b.status) AS before
       FROM touched t
       JOIN cases c ON c.case_id = t.case_id
       CROSS JOIN LATERAL (SELECT ST_Transform(c.geom, $3::int) AS g) m
       JOIN case_event a ON a.seq = t.last
       LEFT JOIN LATERAL (
         SELECT e.status FROM case_event e WHERE e.case_id = t.case_id AND e.seq <= $1 ORDER BY e.seq DESC LIMIT 1
       ) b ON true`,
      [after, upTo, srid],
    );
    return r.category ? (r as unknown as RollupCaseColumns) : { ...emptyColumns(), before: [] };
  }

  /** The first and last report instants (epoch ms) of all cases, or null when there are none. */
  async reportRange(q: Queryable): Promise<{ min: number; max: number } | null> {
    const [r] = await q.query<{ min: number | null; max: number | null }>(
      `SELECT (extract(epoch FROM min(reported_at)) * 1000)::float8 AS min, (extract(epoch FROM max(reported_at)) * 1000)::float8 AS max FROM cases`,
    );
    return r.min === null ? null : { min: Number(r.min), max: Number(r.max) };
  }

  /** Every case reported in [from, to), with its current status (a rebuild reads the table in such slices). */
  async casesReported(q: Queryable, from: number, to: number, srid: number): Promise<RollupCaseColumns> {
    const [r] = await q.query<Record<string, unknown[] | null>>(
      `SELECT ${CASE_COLUMNS}, json_agg(c.status) AS status
       FROM cases c CROSS JOIN LATERAL (SELECT ST_Transform(c.geom, $3::int) AS g) m
       WHERE c.reported_at >= $1::timestamptz AND c.reported_at < $2::timestamptz`,
      [new Date(from).toISOString(), new Date(to).toISOString(), srid],
    );
    return r.category ? (r as unknown as RollupCaseColumns) : emptyColumns();
  }

  /**
   * Add count changes to the rollup rows (`append`: append them to a rebuild's staging table): `counts` holds COUNT_COLUMNS.length
   * numbers per key. Keys and counts cross the wire as delimited text (split by string_to_array in SQL), which both
   * drivers pass through as one string instead of escaping every array element.
   */
  async addCounts(q: Queryable, rows: { keys: RollupKeyText[]; counts: Int32Array }, table = TABLE, append = false): Promise<void> {
    const width = COUNT_COLUMNS.length;
    for (let start = 0; start < rows.keys.length; start += 50_000) {
      const end = Math.min(rows.keys.length, start + 50_000);
      const columns = COUNT_COLUMNS.map((_, j) => {
        const values = new Array<number>(end - start);
        for (let i = start; i < end; i++) values[i - start] = rows.counts[i * width + j];
        return values.join(',');
      });
      await q.query(
        `INSERT INTO ${table} (${KEY_COLUMNS.join(', ')}, ${COUNT_COLUMNS.join(', ')})
         SELECT k[1], k[2], k[3]::date, k[4], k[5], k[6], k[7], ${COUNT_COLUMNS.join(', ')}
         FROM (SELECT string_to_array(unnest(string_to_array($1, E'\\x1e')), E'\\x1f') AS k,
                      ${COUNT_COLUMNS.map((c, j) => `unnest(string_to_array($${j + 2}, ',')::int[]) AS ${c}`).join(', ')}) r
         ${append ? '' : `ON CONFLICT (scheme, grain, category, bucket, city, district, cell) DO UPDATE SET
           ${COUNT_COLUMNS.map((s) => `${s} = ${table}.${s} + EXCLUDED.${s}`).join(', ')}`}`,
        [rows.keys.slice(start, end).join('\x1e'), ...columns],
      );
    }
  }

  async setWatermark(q: Queryable, seq: number, timeZone: string, srid: number, layout: string): Promise<void> {
    await q.query(
      `INSERT INTO rollup_state (id, seq, time_zone, srid, layout, built_at) VALUES (1, $1, $2, $3, $4, now())
       ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, time_zone = EXCLUDED.time_zone, srid = EXCLUDED.srid,
         layout = EXCLUDED.layout, built_at = CASE WHEN rollup_state.seq > EXCLUDED.seq THEN now() ELSE rollup_state.built_at END`,
      [seq, timeZone, srid, layout],
    );
  }

  /** A fresh, unindexed staging table shaped like case_rollup for a rebuild to append to (keys may repeat). */
  async createStagingTable(q: Queryable): Promise<string> {
    await q.query(`DROP TABLE IF EXISTS case_rollup_stage`);
    await q.query(`DROP TABLE IF EXISTS case_rollup_build`);
    await q.query(`CREATE TABLE case_rollup_stage (LIKE case_rollup)`);
    return 'case_rollup_stage';
  }

  /**
   * case_rollup_build from the staging table: one row per key (repeats summed), written in primary-key order, then
   * its primary key built in one pass (far cheaper than checking it row by row while loading). In key order, the
   * rows a read asks for (one scheme, grain and category over a run of buckets) lie on a few adjacent pages instead
   * of one page each: measured at 10 M cases, 3–8× faster reads (bench/README.md).
   */
  async buildFromStaging(q: Queryable): Promise<void> {
    const keys = PRIMARY_KEY.join(', ');
    await q.query(`CREATE TABLE case_rollup_build (LIKE case_rollup INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    // Sorted aggregation: the one sort both groups the keys and orders the output (a hash aggregate would need two).
    await q.query(`SET LOCAL enable_hashagg = off`);
    await q.query(
      `INSERT INTO case_rollup_build (${keys}, ${COUNT_COLUMNS.join(', ')})
       SELECT ${keys}, ${COUNT_COLUMNS.map((c) => `sum(${c})::int`).join(', ')} FROM case_rollup_stage GROUP BY ${keys} ORDER BY ${keys}`,
    );
    // The summed rows (REBUILD_SUMMED_ROWS, each from rows written before it), appended in key order too, so they
    // lie together.
    for (const r of REBUILD_SUMMED_ROWS) {
      const bucket = `date_trunc('${r.grain}', bucket::timestamp)::date`;
      await q.query(
        `INSERT INTO case_rollup_build (${keys}, ${COUNT_COLUMNS.join(', ')})
         SELECT scheme, $1, category, ${bucket}, city, district, cell, ${COUNT_COLUMNS.map((c) => `sum(${c})::int`).join(', ')}
         FROM case_rollup_build WHERE grain = $2 AND scheme = ANY($3::text[]) AND (category = $4) = $5
         GROUP BY scheme, category, ${bucket}, city, district, cell
         ORDER BY scheme, category, ${bucket}, city, district, cell`,
        [r.grain, r.from, r.schemes, ALL_CATEGORIES, r.categories === 'all'],
      );
    }
    await q.query(`RESET enable_hashagg`);
    await q.query(`ALTER TABLE case_rollup_build ADD CONSTRAINT case_rollup_build_pkey PRIMARY KEY (${keys}) INCLUDE (cases)`);
    await q.query(`DROP TABLE case_rollup_stage`);
  }

  /**
   * Fresh planner statistics for case_rollup (a rebuilt table has none: reads were planned for one row), and its
   * visibility map set, so reads of `cases` are answered from the primary key alone (it INCLUDEs the column).
   * VACUUM cannot run in a transaction: `q` must be the database, not a transaction.
   */
  async vacuumAnalyze(q: Database): Promise<void> {
    await q.query(`ANALYZE case_rollup`);
    try {
      await q.query(`VACUUM case_rollup`);
    } catch (error) {
      // 25001: the database runs every statement in a transaction (PGlite with a schema of its own, as in tests):
      // reads stay correct, they fetch `cases` from the table instead of the index alone.
      if ((error as { code?: string }).code !== '25001') throw error;
    }
  }

  /**
   * Plan this transaction's next statements as the small index range reads rollup reads are: no parallel workers and
   * no JIT compilation. On a 10 M-case table the planner over-estimates such a range (it treats scheme, grain,
   * category and bucket as independent) and spent 25–60 ms starting workers and compiling for a 10 ms read.
   * `restore` puts the server's settings back for the raw reads that follow in the same transaction.
   */
  async planAsRangeReads(q: Queryable, restore = false): Promise<void> {
    for (const setting of ['max_parallel_workers_per_gather', 'jit']) {
      await q.query(restore ? `SET LOCAL ${setting} TO DEFAULT` : `SET LOCAL ${setting} = ${setting === 'jit' ? 'off' : '0'}`);
    }
  }

  /** Put the rebuilt table in place of case_rollup (readers see the old rows or the new, never a mix). */
  async swapInBuildTable(q: Queryable): Promise<void> {
    await q.query(`DROP TABLE case_rollup`);
    await q.query(`ALTER TABLE case_rollup_build RENAME TO case_rollup`);
    const [pk] = await q.query<{ name: string }>(
      `SELECT conname AS name FROM pg_constraint WHERE conrelid = 'case_rollup'::regclass AND contype = 'p'`,
    );
    if (pk && pk.name !== 'case_rollup_pkey') await q.query(`ALTER TABLE case_rollup RENAME CONSTRAINT "${pk.name}" TO case_rollup_pkey`);
  }

  /** Rows of the rollups summed per cell (and per bucket when `byBucket`), for one scheme, grain and bucket range. */
  async counts(
    q: Queryable,
    r: {
      scheme: RollupScheme;
      grain: RollupGrain;
      from: string | null;
      to: string | null;
      categories: string[];
      city: string | null;
      district: string | null;
      statuses: CaseStatus[] | null;
      byBucket: boolean;
    },
  ): Promise<RollupRows> {
    const where = `WHERE scheme = $1 AND grain = $2 AND category = ANY($3::text[])
           AND ($4::date IS NULL OR bucket >= $4::date) AND ($5::date IS NULL OR bucket < $5::date)
           AND ($6::text IS NULL OR city = $6) AND ($7::text IS NULL OR district = $7)`;
    // Per bucket, rows are nearly all distinct (cell, bucket) already: the caller sums the few repeats (a cell on a
    // district border, several categories) instead of a hash aggregate that cost as much as the read (48 → 25 ms
    // for two years of H3-8 week rows at 10 M cases).
    const sql = r.byBucket
      ? `SELECT json_agg(cell) AS cells, json_agg(bucket - DATE '1970-01-01') AS buckets, json_agg(${countSql(r.statuses)}) AS counts FROM ${TABLE} ${where}`
      : `SELECT json_agg(cell) AS cells, NULL AS buckets, json_agg(n) AS counts FROM (
           SELECT cell, sum(${countSql(r.statuses)})::int AS n FROM ${TABLE} ${where} GROUP BY cell) g`;
    const [row] = await q.query<{ cells: string[] | null; buckets: number[] | null; counts: number[] | null }>(sql, [r.scheme, r.grain, r.categories, r.from, r.to, r.city, r.district]);
    return { cells: row.cells ?? [], buckets: r.byBucket ? (row.buckets ?? []) : null, counts: row.counts ?? [] };
  }

  /** The matching raw cases' points (and report instants), as columns. */
  async rawPoints(q: Queryable, f: RawCaseFilter, withTime: boolean): Promise<{ lon: number[]; lat: number[]; t: number[] | null }> {
    const p = new SqlParams();
    const where = whereClause(rawPredicates(f, p));
    const [r] = await q.query<{ lon: number[] | null; lat: number[] | null; t: number[] | null }>(
      `SELECT json_agg(ST_X(c.geom)) AS lon, json_agg(ST_Y(c.geom)) AS lat,
              ${withTime ? 'json_agg((extract(epoch FROM c.reported_at) * 1000)::float8)' : 'NULL'} AS t
       FROM cases c ${where}`,
      p.values,
    );
    return { lon: r.lon ?? [], lat: r.lat ?? [], t: withTime ? (r.t ?? []) : null };
  }

  /** The matching raw cases counted per key (cases without one left out), or with `withTime` one key and instant per case. */
  async rawKeys(q: Queryable, f: RawCaseFilter, key: RawKey, withTime: boolean): Promise<{ keys: string[]; counts: number[] | null; t: number[] | null }> {
    const p = new SqlParams();
    const keySql = rawKeySql(key, p);
    const where = whereClause([...rawPredicates(f, p), `${'level' in key ? keySql : 'c.geom'} IS NOT NULL`]);
    const sql = withTime
      ? `SELECT json_agg(k) AS keys, NULL AS counts, json_agg(t) AS t FROM (
           SELECT ${keySql} AS k, (extract(epoch FROM c.reported_at) * 1000)::float8 AS t FROM cases c ${where}) g`
      : `SELECT json_agg(k) AS keys, json_agg(n) AS counts, NULL AS t FROM (
           SELECT ${keySql} AS k, count(*)::int AS n FROM cases c ${where} GROUP BY 1) g`;
    const [r] = await q.query<{ keys: string[] | null; counts: number[] | null; t: number[] | null }>(sql, p.values);
    return { keys: r.keys ?? [], counts: withTime ? null : (r.counts ?? []), t: withTime ? (r.t ?? []) : null };
  }
}
