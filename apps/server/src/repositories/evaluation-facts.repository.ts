import { Inject, Injectable } from '@nestjs/common';
import type { IngestEvent } from '@gridlens/contracts';
import type { LoggedCaseEvent, Unit } from '@gridlens/evaluation';
import { DATABASE, type Database } from '../db/database';

/** The logged events of one case, rebuilt as the IngestEvents they were (with the report's placement). */
export interface CaseEventLog {
  caseId: string;
  /** The case's minor category (for its time limit). */
  category: string;
  events: LoggedCaseEvent[];
}

/** What an evaluation of [from, to) reads of the log, in one snapshot. */
export interface EvaluationSnapshot {
  /** The log's last seq in the snapshot. */
  seq: number;
  cases: CaseEventLog[];
}

/** One logged event: case_id, event_id, type, at (epoch ms), category_code, lon, lat, the five region codes, details, seq. */
type EventTuple = [string, string, IngestEvent['type'], number, string, number, number, string | null, string | null, string | null, string | null, string | null, Record<string, unknown> | null, number];

/**
 * The cases that can count in [from, to): reported before `to` and not closed or voided before `from` (a case
 * finished before the period contributes nothing to it), with their events logged at < to, by case and seq.
 * `reported_at` is indexed; the closing columns are not (cases keep HOT updates), so they filter that range. The
 * events come as ONE json text of arrays, ordered here rather than in SQL: a month of the demo city is ~140,000
 * events, which took 11 s on PGlite as rows, 6.6 s as a sorted json value, and 3–4 s like this.
 */
const EVENTS_SQL = `SELECT json_agg(json_build_array(e.case_id, e.event_id, e.type, (extract(epoch FROM e.at) * 1000)::float8,
         e.category_code, e.lon, e.lat, e.city_code, e.district_code, e.street_code, e.community_code, e.grid_code, e.details, e.seq))::text AS events
  FROM cases c
  JOIN case_event e ON e.case_id = c.case_id
 WHERE c.reported_at < $2
   AND (c.closed_at IS NULL OR c.closed_at >= $1)
   AND (c.voided_at IS NULL OR c.voided_at >= $1)
   AND e.at < $2`;

/** SQL that feeds the evaluation engine (libs/evaluation): per-case event logs and the units to evaluate. */
@Injectable()
export class EvaluationFactsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async lastSeq(): Promise<number> {
    const [row] = await this.db.query<{ last_seq: number }>(`SELECT last_seq FROM event_counter WHERE id = 1`);
    return Number(row.last_seq);
  }

  /** Whether an event logged after `afterSeq` is dated before `before` (epoch ms): facts cut off there changed. */
  async loggedBefore(afterSeq: number, before: number): Promise<boolean> {
    const [row] = await this.db.query<{ changed: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM case_event WHERE seq > $1 AND at < $2) AS changed`,
      [afterSeq, new Date(before)],
    );
    return row.changed;
  }

  /** The event logs of the cases that can count in [from, to) (epoch ms), and the log's seq, in one snapshot. */
  async snapshot(from: number, to: number): Promise<EvaluationSnapshot> {
    return this.db.transaction(
      async (tx) => {
        const [counter] = await tx.query<{ last_seq: number }>(`SELECT last_seq FROM event_counter WHERE id = 1`);
        // A period before the first case (a year-ago comparison of a young city) needs no scan of the log.
        const [any] = await tx.query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM cases WHERE reported_at < $1) AS found`, [new Date(to)]);
        if (!any.found) return { seq: Number(counter.last_seq), cases: [] };
        const [row] = await tx.query<{ events: string | null }>(EVENTS_SQL, [new Date(from), new Date(to)]);
        const events = row.events ? (JSON.parse(row.events) as EventTuple[]) : [];
        return { seq: Number(counter.last_seq), cases: groupByCase(events) };
      },
      { isolation: 'repeatable read' },
    );
  }

  /** Regions of a level, with their names, by code. */
  async regionUnits(level: 'district' | 'street' | 'community'): Promise<Unit[]> {
    const rows = await this.db.query<{ code: string; name_zh: string; name_en: string }>(
      `SELECT code, name_zh, name_en FROM region WHERE level = $1 ORDER BY code`,
      [level],
    );
    return rows.map((r) => ({ code: r.code, name: { zh: r.name_zh, en: r.name_en } }));
  }

  async departmentUnits(): Promise<Unit[]> {
    const rows = await this.db.query<{ code: string; name_zh: string; name_en: string }>(`SELECT code, name_zh, name_en FROM department ORDER BY code`);
    return rows.map((r) => ({ code: r.code, name: { zh: r.name_zh, en: r.name_en } }));
  }

  /** Names of every category (the engine names a unit's top minor categories). */
  async categoryNames(): Promise<Map<string, { zh: string; en: string }>> {
    const rows = await this.db.query<{ code: string; name_zh: string; name_en: string }>(`SELECT code, name_zh, name_en FROM category`);
    return new Map(rows.map((r) => [r.code, { zh: r.name_zh, en: r.name_en }]));
  }
}

/** Events grouped by case, cases in byte order of their ids (as COLLATE "C"), each case's events in seq order. */
function groupByCase(events: EventTuple[]): CaseEventLog[] {
  const byCase = new Map<string, EventTuple[]>();
  for (const e of events) {
    const list = byCase.get(e[0]);
    if (list) list.push(e);
    else byCase.set(e[0], [e]);
  }
  const ids = [...byCase.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return ids.map((caseId) => {
    const list = byCase.get(caseId)!.sort((a, b) => a[13] - b[13]);
    return { caseId, category: list[0][4], events: list.map(loggedEventOf) };
  });
}

/** The accepted event exactly as applied: the log's columns plus `details` (docs/architecture.md, "How an event flows"). */
function loggedEventOf([caseId, eventId, type, atMs, category, lon, lat, city, district, street, community, grid, details]: EventTuple): LoggedCaseEvent {
  const head = { eventId, caseId, at: new Date(Math.round(atMs)).toISOString() };
  if (type === 'reported') {
    // The coordinates as sent are in details when they were converted from another datum; else the columns hold them.
    const event = { ...head, type, category, lon, lat, ...details } as IngestEvent;
    return { event, placement: { lon, lat, regions: { city, district, street, community, grid } } };
  }
  return { event: { ...head, type, ...details } as IngestEvent };
}
