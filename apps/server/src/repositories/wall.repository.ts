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

export interface NamedCount {
  code: string;
  zh: string;
  en: string;
  count: number;
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

const OPEN_CASE_COLUMNS = `c.case_id, c.category_code, c.department_code, c.district_code, c.status,
       (extract(epoch FROM c.registered_at) * 1000)::float8 AS registered_at,
       (extract(epoch FROM c.deadline) * 1000)::float8 AS deadline,
       (extract(epoch FROM c.suspended_since) * 1000)::float8 AS suspended_since,
       c.suspensions, c.extensions`;

interface OpenRow {
  case_id: string;
  category_code: string;
  department_code: string | null;
  district_code: string | null;
  status: string;
  registered_at: number;
  deadline: number | null;
  suspended_since: number | null;
  suspensions: [number, number][] | string;
  extensions: { days: number; hours: number; minutes: number }[] | string;
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

  /** Counts per district (city scope) or street (district scope). */
  async unitCounts(tx: Queryable, district: string | null, i: WallInstants): Promise<UnitCounts[]> {
    const rows = await tx.query<Record<string, unknown>>(unitCountsSql(district ? 'street_code' : 'district_code'), [
      district,
      ...i.at.map((d) => d.toISOString()),
      ...i.dayStart.map((d) => d.toISOString()),
      i.monthStart.toISOString(),
    ]);
    return rows.map((r) => {
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

  /**
   * Open (neither closed nor voided), registered cases of a district (or the city) or of a department: a case it
   * returned (status `returned`, waiting for the command centre to dispatch it again) is no longer its.
   */
  async openCases(tx: Queryable, filter: { district?: string | null; department?: string }): Promise<OpenCaseRow[]> {
    const rows = await tx.query<OpenRow>(
      `SELECT ${OPEN_CASE_COLUMNS} FROM cases c
        WHERE c.status NOT IN ('closed', 'voided') AND c.registered_at IS NOT NULL
          AND ($1::text IS NULL OR c.district_code = $1)
          AND ($2::text IS NULL OR (c.department_code = $2 AND c.status <> 'returned'))`,
      [filter.district ?? null, filter.department ?? null],
    );
    return rows.map((r) => ({
      caseId: r.case_id,
      category: r.category_code,
      department: r.department_code,
      district: r.district_code,
      status: r.status,
      registeredAt: Number(r.registered_at),
      deadline: r.deadline === null ? null : Number(r.deadline),
      suspendedSince: r.suspended_since === null ? null : Number(r.suspended_since),
      suspensions: json(r.suspensions),
      extensions: json(r.extensions),
    }));
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

  /** Issue-5 due cohort of [from, to = asOf) for one department and for the city. */
  async departmentCohorts(tx: Queryable, department: string, from: Date, to: Date): Promise<{ department: UnitCounts['month']; city: UnitCounts['month'] }> {
    const sql = `SELECT ${dueCohort('city', '$2::timestamptz', '$3::timestamptz')},
        ${dueCohort('dept', '$2::timestamptz', '$3::timestamptz', 'c.department_code = $1')}
      FROM cases c
     WHERE c.reported_at < $3::timestamptz
       AND (c.closed_at IS NULL OR c.closed_at >= $2::timestamptz) AND c.voided_at IS NULL`;
    const [r] = await tx.query<Record<string, unknown>>(sql, [department, from.toISOString(), to.toISOString()]);
    const cohort = (p: string) => ({ due: num(r[`${p}_due`]), closed: num(r[`${p}_closed`]), closedOnTime: num(r[`${p}_closed_on_time`]) });
    return { department: cohort('dept'), city: cohort('city') };
  }

  /** Return (回退) events by a department at or after `since`, newest first. */
  async returnsBy(tx: Queryable, department: string, since: Date, limit: number): Promise<ReturnRow[]> {
    const rows = await tx.query<{ case_id: string; category_code: string; at: Date | string; district_code: string | null; status: string; department_code: string | null }>(
      `SELECT e.case_id, c.category_code, e.at, c.district_code, c.status, c.department_code
         FROM cases c JOIN case_event e ON e.case_id = c.case_id
        WHERE c.return_count > 0 AND (c.closed_at IS NULL OR c.closed_at >= $2) AND (c.voided_at IS NULL OR c.voided_at >= $2)
          AND e.type = 'returned' AND e.at >= $2 AND e.details->>'department' = $1
        ORDER BY e.at DESC, e.seq DESC
        LIMIT $3`,
      [department, since.toISOString(), limit],
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
