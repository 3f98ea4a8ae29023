import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database, type Queryable } from '../db/database';
import { TREND_KEY_SEPARATOR, TrendTally, type Mark, type StageTimes, type TrendGrain, type TrendKey } from '../services/trend-rollup-tally';

/** Cases with their stage times and the fields trend rows are keyed on. */
export interface TrendCase extends StageTimes {
  category: string;
  city: string | null;
  district: string | null;
}

/** A stage time set by an event of the log's tail, with its case. */
export interface TailMark {
  mark: Mark;
  c: TrendCase;
}

/** One rollup row read back: its bucket, and its columns as text (TrendTally.addEncoded). */
export interface TrendRow {
  bucket: string;
  counts: string;
  sums: string;
  bins: string;
}

const TABLE = 'trend_rollup';
const KEY = 'grain, category, bucket, city, district';
const ms = (col: string) => `(extract(epoch FROM c.${col}) * 1000)::float8`;
const CASE_COLUMNS = `c.category_code AS category, c.city_code AS city, c.district_code AS district,
  ${ms('reported_at')} AS reported, ${ms('registered_at')} AS registered, ${ms('first_dispatched_at')} AS dispatched,
  ${ms('handled_at')} AS handled, ${ms('closed_at')} AS closed, c.closed_on_time AS "onTime"`;
/** The event types that set a stage time (dispatched and handled: their first one only). */
const MARK_TYPES = ['reported', 'registered', 'dispatched', 'handled', 'closed'];

interface CaseRow extends StageTimes {
  category: string;
  city: string | null;
  district: string | null;
}

const num = (v: number | string | null) => (v === null ? null : Number(v));
function toCase(r: CaseRow): TrendCase {
  return { ...r, reported: Number(r.reported), registered: num(r.registered), dispatched: num(r.dispatched), handled: num(r.handled), closed: num(r.closed) };
}

/** The SQL of the trend rollup: the cases a rebuild reads, the marks of a tail, and reading and writing rows. */
@Injectable()
export class TrendRollupRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Every case reported in [from, to) (a rebuild reads the table in such slices). */
  async casesReported(q: Queryable, from: number, to: number): Promise<TrendCase[]> {
    const rows = await q.query<CaseRow>(
      `SELECT ${CASE_COLUMNS} FROM cases c WHERE c.reported_at >= $1::timestamptz AND c.reported_at < $2::timestamptz`,
      [new Date(from).toISOString(), new Date(to).toISOString()],
    );
    return rows.map(toCase);
  }

  /**
   * The stage times set by the events in (after, upTo]: the event types that set one, a dispatch or handling only
   * when it is the case's first (the case row's time is that event's: stage times are write-once).
   */
  async tailMarks(q: Queryable, after: number, upTo: number): Promise<TailMark[]> {
    const rows = await q.query<CaseRow & { type: Mark }>(
      `SELECT e.type, ${CASE_COLUMNS}
       FROM case_event e JOIN cases c ON c.case_id = e.case_id
       WHERE e.seq > $1 AND e.seq <= $2 AND e.type = ANY($3::text[])
         AND (e.type NOT IN ('dispatched', 'handled')
              OR NOT EXISTS (SELECT 1 FROM case_event p WHERE p.case_id = e.case_id AND p.seq < e.seq AND p.type = e.type))`,
      [after, upTo, MARK_TYPES],
    );
    return rows.map(({ type, ...r }) => ({ mark: type, c: toCase(r) }));
  }

  /** A fresh, unindexed table shaped like trend_rollup for a rebuild to fill. */
  async createBuildTable(q: Queryable): Promise<string> {
    await q.query(`DROP TABLE IF EXISTS trend_rollup_build`);
    await q.query(`CREATE TABLE trend_rollup_build (LIKE ${TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    return 'trend_rollup_build';
  }

  /** The build table's primary key, built in one pass once it is full. */
  async indexBuildTable(q: Queryable): Promise<void> {
    await q.query(`ALTER TABLE trend_rollup_build ADD CONSTRAINT trend_rollup_build_pkey PRIMARY KEY (${KEY})`);
  }

  /** Put the rebuilt table in place of trend_rollup (readers see the old rows or the new, never a mix). */
  async swapInBuildTable(q: Queryable): Promise<void> {
    await q.query(`DROP TABLE ${TABLE}`);
    await q.query(`ALTER TABLE trend_rollup_build RENAME TO ${TABLE}`);
    await q.query(`ALTER TABLE ${TABLE} RENAME CONSTRAINT trend_rollup_build_pkey TO trend_rollup_pkey`);
  }

  /** The stored rows of these keys. */
  async rowsOf(q: Queryable, keys: TrendKey[]): Promise<Map<TrendKey, TrendTally>> {
    const out = new Map<TrendKey, TrendTally>();
    for (let start = 0; start < keys.length; start += 20_000) {
      const rows = await q.query<{ key: string; counts: string; sums: string; bins: string; first: number | null }>(
        `SELECT concat_ws(E'\\x1f', t.grain, t.bucket::text, t.category, t.city, t.district) AS key,
                array_to_string(t.counts, ',') AS counts, array_to_string(t.sums, ',') AS sums, t.bins,
                (extract(epoch FROM t.first_report) * 1000)::float8 AS first
         FROM (SELECT string_to_array(unnest(string_to_array($1, E'\\x1e')), E'\\x1f') AS k) q
         JOIN ${TABLE} t ON t.grain = q.k[1] AND t.bucket = q.k[2]::date AND t.category = q.k[3] AND t.city = q.k[4] AND t.district = q.k[5]`,
        [keys.slice(start, start + 20_000).join('\x1e')],
      );
      for (const r of rows) out.set(r.key, TrendTally.decode(r.counts, r.sums, r.bins, num(r.first)));
    }
    return out;
  }

  /** Write rows (replacing stored ones of the same key; `table`: a rebuild's build table, where keys are new). */
  async writeRows(q: Queryable, rows: Map<TrendKey, TrendTally>, table = TABLE): Promise<void> {
    const all = [...rows];
    for (let start = 0; start < all.length; start += 5_000) {
      const text = all
        .slice(start, start + 5_000)
        .map(([key, t]) => {
          const e = t.encode();
          return [key, e.counts, e.sums, e.bins, Number.isFinite(e.firstReport) ? new Date(e.firstReport).toISOString() : ''].join(TREND_KEY_SEPARATOR);
        })
        .join('\x1e');
      await q.query(
        `INSERT INTO ${table} (${KEY}, counts, sums, bins, first_report)
         SELECT f[1], f[3], f[2]::date, f[4], f[5], string_to_array(f[6], ',')::int4[], string_to_array(f[7], ',')::float8[],
                f[8], nullif(f[9], '')::timestamptz
         FROM (SELECT string_to_array(r, E'\\x1f') AS f FROM unnest(string_to_array($1, E'\\x1e')) r) s
         ${table === TABLE ? `ON CONFLICT (${KEY}) DO UPDATE SET counts = EXCLUDED.counts, sums = EXCLUDED.sums, bins = EXCLUDED.bins, first_report = EXCLUDED.first_report` : ''}`,
        [text],
      );
    }
  }

  /** Rows of one grain with bucket in [from, to) (local dates), of the categories, in a city or district ('*': whole city rows). */
  async rows(
    q: Queryable,
    r: { grain: TrendGrain; from: string | null; to: string | null; categories: string[]; city: string | null; district: string },
  ): Promise<TrendRow[]> {
    return q.query<TrendRow>(
      `SELECT bucket::text AS bucket, array_to_string(counts, ',') AS counts, array_to_string(sums, ',') AS sums, bins
       FROM ${TABLE}
       WHERE grain = $1 AND category = ANY($2::text[]) AND district = $3
         AND ($4::date IS NULL OR bucket >= $4::date) AND ($5::date IS NULL OR bucket < $5::date) AND ($6::text IS NULL OR city = $6)`,
      [r.grain, r.categories, r.district, r.from, r.to, r.city],
    );
  }

  /** The earliest report among the marks of the day rows with bucket in [from, to] of all categories (epoch ms; null: none). */
  async firstReport(q: Queryable, r: { from: string; to: string; city: string | null; district: string }): Promise<number | null> {
    const [row] = await q.query<{ first: number | null }>(
      `SELECT (extract(epoch FROM min(first_report)) * 1000)::float8 AS first FROM ${TABLE}
       WHERE grain = 'day' AND category = '*' AND district = $1 AND bucket >= $2::date AND bucket <= $3::date AND ($4::text IS NULL OR city = $4)`,
      [r.district, r.from, r.to, r.city],
    );
    return num(row.first);
  }
}
