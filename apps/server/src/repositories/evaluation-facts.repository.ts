import { Inject, Injectable } from '@nestjs/common';
import type { IngestEvent } from '@gridlens/contracts';
import type { LoggedCaseEvent, Unit } from '@gridlens/evaluation';
import { DATABASE, type Database } from '../db/database';
import { regionCodesOf, type RegionColumns } from './region-columns';

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

interface EventRow extends RegionColumns {
  case_id: string;
  event_id: string;
  type: IngestEvent['type'];
  at: Date;
  category_code: string;
  lon: number;
  lat: number;
  details: Record<string, unknown> | null;
}

/**
 * The cases that can count in [from, to): reported before `to` and not closed or voided before `from` (a case
 * finished before the period contributes nothing to it), with their events logged at < to, by case and seq.
 * `reported_at` is indexed; the closing columns are not (cases keep HOT updates), so they filter that range.
 */
const EVENTS_SQL = `SELECT e.case_id, e.event_id, e.type, e.at, e.category_code, e.lon, e.lat,
       e.city_code, e.district_code, e.street_code, e.community_code, e.grid_code, e.details
  FROM cases c
  JOIN case_event e ON e.case_id = c.case_id
 WHERE c.reported_at < $2
   AND (c.closed_at IS NULL OR c.closed_at >= $1)
   AND (c.voided_at IS NULL OR c.voided_at >= $1)
   AND e.at < $2
 ORDER BY e.case_id, e.seq`;

/** SQL that feeds the evaluation engine (libs/evaluation): per-case event logs and the units to evaluate. */
@Injectable()
export class EvaluationFactsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async lastSeq(): Promise<number> {
    const [row] = await this.db.query<{ last_seq: number }>(`SELECT last_seq FROM event_counter WHERE id = 1`);
    return Number(row.last_seq);
  }

  /** The event logs of the cases that can count in [from, to) (epoch ms), and the log's seq, in one snapshot. */
  async snapshot(from: number, to: number): Promise<EvaluationSnapshot> {
    return this.db.transaction(
      async (tx) => {
        const [counter] = await tx.query<{ last_seq: number }>(`SELECT last_seq FROM event_counter WHERE id = 1`);
        const rows = await tx.query<EventRow>(EVENTS_SQL, [new Date(from), new Date(to)]);
        return { seq: Number(counter.last_seq), cases: groupByCase(rows) };
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

function groupByCase(rows: EventRow[]): CaseEventLog[] {
  const out: CaseEventLog[] = [];
  let current: CaseEventLog | undefined;
  for (const r of rows) {
    if (!current || current.caseId !== r.case_id) {
      current = { caseId: r.case_id, category: r.category_code, events: [] };
      out.push(current);
    }
    current.events.push(loggedEventOf(r));
  }
  return out;
}

/** The accepted event exactly as applied: the log's columns plus `details` (docs/architecture.md, "The event log"). */
export function loggedEventOf(r: EventRow): LoggedCaseEvent {
  const head = { eventId: r.event_id, caseId: r.case_id, at: r.at.toISOString() };
  const details = r.details ?? {};
  if (r.type === 'reported') {
    // The coordinates as sent are in details when they were converted from another datum; else the columns hold them.
    const event = { ...head, type: 'reported', category: r.category_code, lon: r.lon, lat: r.lat, ...details } as IngestEvent;
    return { event, placement: { lon: r.lon, lat: r.lat, regions: regionCodesOf(r) } };
  }
  return { event: { ...head, type: r.type, ...details } as IngestEvent };
}
