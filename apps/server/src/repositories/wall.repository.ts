import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database, type Queryable } from '../db/database';

/**
 * SQL of the command wall (docs/api.md "Wall"). Every method takes the transaction to read in: WallService reads
 * all of a snapshot's figures in one repeatable-read transaction, so they are exactly those of the events with
 * seq ≤ the counter it reads first.
 */

/** The instants of one wall: now and the same clock time yesterday and a week ago, each with its local day start. */
export interface WallInstants {
  /** [asOf, yesterday, lastWeek] and their local day starts. */
  at: [Date, Date, Date];
  dayStart: [Date, Date, Date];
  monthStart: Date;
}

/** Per map unit (or the NULL unit: cases outside any unit of that level), counts at the three instants. */
export interface UnitCounts {
  unit: string | null;
  reported: [number, number, number];
  registered: [number, number, number];
  closed: [number, number, number];
  closedOnTime: [number, number, number];
  overdue: [number, number, number];
  /** Issue-5 due cohort of today so far and of this month so far (period ending at asOf). */
  day: { due: number; closed: number; closedOnTime: number };
  month: { due: number; closed: number; closedOnTime: number };
}

/** An open, registered case with what its timer needs (times in epoch ms). */
export interface OpenCaseRow {
  caseId: string;
  category: string;
  department: string | null;
  district: string | null;
  status: string;
  registeredAt: number;
  deadline: number | null;
  suspendedSince: number | null;
  suspensions: [number, number][];
  extensions: { days: number; hours: number; minutes: number }[];
}

/** A case extended at some time, with what its deadline at a past instant needs (times in epoch ms). */
export interface LateExtensionRow {
  caseId: string;
  category: string;
  registeredAt: number;
  closedAt: number | null;
  voidedAt: number | null;
  suspendedSince: number | null;
  /** The stored (current) deadline. */
  deadline: number | null;
  suspensions: [number, number][];
  /** Its `extended` events in log order: [at, extendBy]. */
  extended: [number, string][];
}

export interface NamedCount {
  code: string;
  zh: string;
  en: string;
  count: number;
}

export interface DepartmentFigures {
  department: UnitCounts['month'];
  city: UnitCounts['month'];
  open: OpenCaseRow[];
  returnCandidates: string[];
}

export interface ReturnRow {
  caseId: string;
  category: string;
  returnedAt: Date;
  district: string | null;
  status: string;
  department: string | null;
}

/** Overdue at instant $t (see docs/api.md): the stored deadline, the suspension (ongoing or completed) holding t. */
function overdueAt(t: string): string {
  return `(c.registered_at <= ${t} AND c.deadline < ${t}
     AND (c.closed_at IS NULL OR c.closed_at > ${t}) AND (c.voided_at IS NULL OR c.voided_at > ${t})
     AND NOT (c.suspended_since IS NOT NULL AND c.suspended_since <= ${t} AND c.deadline >= c.suspended_since)
     AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(c.suspensions) s
                     WHERE to_timestamp((s->>0)::float8 / 1000) <= ${t} AND to_timestamp((s->>1)::float8 / 1000) > ${t}
                       AND c.deadline >= to_timestamp((s->>0)::float8 / 1000)))`;
}

/** The due moment of docs/evaluation.md at cut-off $T = asOf: min(closing, effective deadline). */
const DUE_MOMENT = `LEAST(c.closed_at, CASE WHEN c.suspended_since IS NOT NULL AND c.deadline >= c.suspended_since THEN NULL ELSE c.deadline END)`;

function dueCohort(prefix: string, from: string, to: string, where = 'true'): string {
  const due = `${where} AND c.registered_at < ${to} AND c.voided_at IS NULL AND ${DUE_MOMENT} >= ${from} AND ${DUE_MOMENT} < ${to}`;
  return `count(*) FILTER (WHERE ${due})::int AS ${prefix}_due,
          count(*) FILTER (WHERE ${due} AND c.closed_at < ${to})::int AS ${prefix}_closed,
          count(*) FILTER (WHERE ${due} AND c.closed_at < ${to} AND (c.deadline IS NULL OR c.closed_at <= c.deadline))::int AS ${prefix}_closed_on_time`;
}

const COUNTED = ['reported', 'registered', 'closed'] as const;

/** $1 district (or NULL), $2..$4 the instants, $5..$7 their day starts, $8 month start; grouped by `unit`. */
function unitCountsSql(unitColumn: string): string {
  const triple = [0, 1, 2].flatMap((i) => {
    const t = `$${2 + i}::timestamptz`;
    const d = `$${5 + i}::timestamptz`;
    return [
      ...COUNTED.map((k) => `count(*) FILTER (WHERE c.${k}_at >= ${d} AND c.${k}_at < ${t})::int AS ${k}_${i}`),
      `count(*) FILTER (WHERE c.closed_at >= ${d} AND c.closed_at < ${t} AND c.closed_on_time)::int AS closed_on_time_${i}`,
      `count(*) FILTER (WHERE ${overdueAt(t)})::int AS overdue_${i}`,
    ];
  });
  return `
    SELECT c.${unitColumn} AS unit,
           ${OPEN_ROWS} AS open,
           ${EXTENDED_ROWS} AS extended,
           ${triple.join(',\n           ')},
           ${dueCohort('day', '$5::timestamptz', '$2::timestamptz')},
           ${dueCohort('month', '$8::timestamptz', '$2::timestamptz')}
      FROM cases c
     WHERE ($1::text IS NULL OR c.district_code = $1)
       AND c.reported_at < $2::timestamptz
       AND (c.closed_at IS NULL OR c.closed_at >= LEAST($7::timestamptz, $8::timestamptz))
       AND (c.voided_at IS NULL OR c.voided_at >= LEAST($7::timestamptz, $8::timestamptz))
     GROUP BY c.${unitColumn}`;
}

/** Open (neither closed nor voided) registered cases, as JSON arrays in the order of `openRowOf`. */
const IS_OPEN = `c.status NOT IN ('closed', 'voided') AND c.registered_at IS NOT NULL`;
const ms = (col: string) => `(extract(epoch FROM c.${col}) * 1000)::float8`;
function openRows(where: string): string {
  return `coalesce(json_agg(json_build_array(c.case_id, c.category_code, c.department_code, c.district_code, c.status,
            ${ms('registered_at')}, ${ms('deadline')}, ${ms('suspended_since')}, c.suspensions, c.extensions))
            FILTER (WHERE ${IS_OPEN} AND ${where}), '[]')`;
}
const OPEN_ROWS = openRows('true');
/**
 * Cases with an extension, registered by yesterday's instant ($3) and not finished by last week's ($4): the only ones
 * whose "overdue then" the stored deadline may get wrong (WallService recomputes them), with their `extended` events.
 */
const EXTENDED_ROWS = `coalesce(json_agg(json_build_array(c.case_id, c.category_code, ${ms('registered_at')}, ${ms('closed_at')}, ${ms('voided_at')},
            ${ms('suspended_since')}, ${ms('deadline')}, c.suspensions,
            (SELECT json_agg(json_build_array((extract(epoch FROM e.at) * 1000)::float8, e.details->>'extendBy') ORDER BY e.seq)
               FROM case_event e WHERE e.case_id = c.case_id AND e.type = 'extended')))
            FILTER (WHERE jsonb_array_length(c.extensions) > 0 AND c.registered_at <= $3::timestamptz
                    AND (c.closed_at IS NULL OR c.closed_at > $4::timestamptz) AND (c.voided_at IS NULL OR c.voided_at > $4::timestamptz)), '[]')`;

function extendedRowOf(v: unknown[]): LateExtensionRow {
  const n = (x: unknown) => (x === null ? null : Number(x));
  return {
    caseId: v[0] as string,
    category: v[1] as string,
    registeredAt: Number(v[2]),
    closedAt: n(v[3]),
    voidedAt: n(v[4]),
    suspendedSince: n(v[5]),
    deadline: n(v[6]),
    suspensions: json(v[7] as [number, number][] | string),
    extended: ((v[8] as [number, string][] | null) ?? []).map(([at, by]) => [Number(at), by] as [number, string]),
  };
}

type OpenJson = [string, string, string | null, string | null, string, number, number | null, number | null, [number, number][] | string, OpenCaseRow['extensions'] | string];

function openRowOf(r: OpenJson): OpenCaseRow {
  return {
    caseId: r[0],
    category: r[1],
    department: r[2],
    district: r[3],
    status: r[4],
    registeredAt: Number(r[5]),
    deadline: r[6] === null ? null : Number(r[6]),
    suspendedSince: r[7] === null ? null : Number(r[7]),
    suspensions: json(r[8]),
    extensions: json(r[9]),
  };
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
const num = (v: unknown) => Number(v ?? 0);

@Injectable()
export class WallRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Run `fn` in one repeatable-read snapshot. */
  inSnapshot<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(fn, { isolation: 'repeatable read' });
  }

  async seq(tx: Queryable): Promise<number> {
    const [row] = await tx.query<{ last_seq: number }>(`SELECT last_seq FROM event_counter WHERE id = 1`);
    return Number(row.last_seq);
  }

  /**
   * One scan of the scope's cases: counts per district (city scope) or street (district scope), the NULL unit
   * being the cases outside any unit of that level, every open registered case (for the timers), and the extended
   * cases that "overdue then" needs (EXTENDED_ROWS).
   */
  async scopeFigures(tx: Queryable, district: string | null, i: WallInstants): Promise<{ units: UnitCounts[]; open: OpenCaseRow[]; extended: LateExtensionRow[] }> {
    const rows = await tx.query<Record<string, unknown>>(unitCountsSql(district ? 'street_code' : 'district_code'), [
      district,
      ...i.at.map((d) => d.toISOString()),
      ...i.dayStart.map((d) => d.toISOString()),
      i.monthStart.toISOString(),
    ]);
    const units = rows.map((r) => {
      const t = (k: string): [number, number, number] => [num(r[`${k}_0`]), num(r[`${k}_1`]), num(r[`${k}_2`])];
      const cohort = (p: string) => ({ due: num(r[`${p}_due`]), closed: num(r[`${p}_closed`]), closedOnTime: num(r[`${p}_closed_on_time`]) });
      return {
        unit: (r.unit as string | null) ?? null,
        reported: t('reported'),
        registered: t('registered'),
        closed: t('closed'),
        closedOnTime: t('closed_on_time'),
        overdue: t('overdue'),
        day: cohort('day'),
        month: cohort('month'),
      };
    });
    return {
      units,
      open: rows.flatMap((r) => json(r.open as OpenJson[] | string).map(openRowOf)),
      extended: rows.flatMap((r) => json(r.extended as unknown[][] | string).map(extendedRowOf)),
    };
  }

  /** The map units of the scope: districts of the city, or streets of a district, with names. */
  async units(tx: Queryable, district: string | null): Promise<{ code: string; zh: string; en: string }[]> {
    return tx.query(
      `SELECT code, name_zh AS zh, name_en AS en FROM region
        WHERE ${district ? `level = 'street' AND parent_code = $1` : `level = 'district' AND $1::text IS NULL`}
        ORDER BY code`,
      [district],
    );
  }

  /** The top minor categories by cases reported in [from, to). */
  async topCategories(tx: Queryable, district: string | null, from: Date, to: Date, limit: number): Promise<NamedCount[]> {
    const rows = await tx.query<NamedCount>(
      `SELECT c.category_code AS code, k.name_zh AS zh, k.name_en AS en, count(*)::int AS count
         FROM cases c JOIN category k ON k.code = c.category_code
        WHERE ($1::text IS NULL OR c.district_code = $1) AND c.reported_at >= $2 AND c.reported_at < $3
        GROUP BY c.category_code, k.name_zh, k.name_en
        ORDER BY count(*) DESC, c.category_code
        LIMIT $4`,
      [district, from.toISOString(), to.toISOString(), limit],
    );
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }

  /**
   * One scan for a department's view: the issue-5 due cohort of [from, to = asOf) for the department (responsible
   * now) and for the city; the department's open registered cases (a case it returned, status `returned`, waiting
   * for the command centre to dispatch it again, is no longer its); and the cases that may hold one of its returns
   * at or after `since` (for `returnsBy`).
   */
  async departmentFigures(tx: Queryable, department: string, from: Date, to: Date, since: Date): Promise<DepartmentFigures> {
    const sql = `SELECT ${dueCohort('city', '$2::timestamptz', '$3::timestamptz')},
        ${dueCohort('dept', '$2::timestamptz', '$3::timestamptz', 'c.department_code = $1')},
        ${openRows(`c.department_code = $1 AND c.status <> 'returned'`)} AS open,
        coalesce(array_agg(c.case_id) FILTER (WHERE c.return_count > 0 AND c.last_event_at >= $4::timestamptz), '{}') AS returned
      FROM cases c
     WHERE c.reported_at < $3::timestamptz
       AND (c.closed_at IS NULL OR c.closed_at >= LEAST($2::timestamptz, $4::timestamptz))
       AND (c.voided_at IS NULL OR c.voided_at >= $4::timestamptz)`;
    const [r] = await tx.query<Record<string, unknown>>(sql, [department, from.toISOString(), to.toISOString(), since.toISOString()]);
    const cohort = (p: string) => ({ due: num(r[`${p}_due`]), closed: num(r[`${p}_closed`]), closedOnTime: num(r[`${p}_closed_on_time`]) });
    return {
      department: cohort('dept'),
      city: cohort('city'),
      open: json(r.open as OpenJson[] | string).map(openRowOf),
      returnCandidates: (r.returned as string[] | null) ?? [],
    };
  }

  /** Return (回退) events by a department at or after `since` among the given cases, newest first. */
  async returnsBy(tx: Queryable, department: string, since: Date, caseIds: string[], limit: number): Promise<ReturnRow[]> {
    if (caseIds.length === 0) return [];
    const rows = await tx.query<{ case_id: string; category_code: string; at: Date | string; district_code: string | null; status: string; department_code: string | null }>(
      `SELECT e.case_id, c.category_code, e.at, c.district_code, c.status, c.department_code
         FROM case_event e JOIN cases c ON c.case_id = e.case_id
        WHERE e.case_id = ANY($4::text[]) AND e.type = 'returned' AND e.at >= $2 AND e.details->>'department' = $1
        ORDER BY e.at DESC, e.seq DESC
        LIMIT $3`,
      [department, since.toISOString(), limit, caseIds],
    );
    return rows.map((r) => ({
      caseId: r.case_id,
      category: r.category_code,
      returnedAt: new Date(r.at),
      district: r.district_code,
      status: r.status,
      department: r.department_code,
    }));
  }

  /** A department's names, or null when unknown. */
  async department(code: string): Promise<{ zh: string; en: string } | null> {
    const [row] = await this.db.query<{ zh: string; en: string }>(`SELECT name_zh AS zh, name_en AS en FROM department WHERE code = $1`, [code]);
    return row ?? null;
  }
}
