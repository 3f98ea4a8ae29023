import type { CaseSource, IngestEvent } from '@gridlens/contracts';
import { pointOf, type Projector } from './coordinates';
import { parseSourceDate } from './dates';
import { eventIdOf, caseIdOf } from './ids';
import type { CaseMapping, Stage } from './mapping';
import { Translator, categoryKeys } from './translate';

export type RejectCode =
  | 'no-id'
  | 'no-coordinates'
  | 'bad-coordinates'
  | 'bad-date'
  | 'no-created-date'
  | 'closed-before-created'
  | 'stages-out-of-order'
  | 'unmapped-status'
  | 'no-closing-date'
  | 'malformed-row'
  | 'outside-regions'
  | 'refused-by-ingest';

export type RowOutcome =
  | { ok: true; caseId: string; events: IngestEvent[] }
  | { ok: false; code: RejectCode; reason: string };

/** A row's cells by column name. */
export type Row = Record<string, string | undefined>;

type Timed = { stage: Stage; at: number; synthesised: boolean };

/**
 * Turns source rows into the lifecycle events of the ingest contract (reported → registered → dispatched → handled →
 * closed, or → voided), with deterministic ids. Stages the workflow needs but the row lacks are synthesised
 * (docs/import.md, "Stages and synthesised instants"); rows that cannot be taken return the reason.
 */
export class RowTranslator {
  readonly categories: Translator<string>;
  readonly departments: Translator<string> | null;
  readonly statuses: Translator<Stage> | null;
  readonly channels: Translator<CaseSource>;

  constructor(private readonly mapping: CaseMapping, private readonly project: Projector) {
    this.categories = new Translator(mapping.categories.table, mapping.categories.other);
    this.departments = mapping.departments ? new Translator(mapping.departments.table, mapping.departments.other) : null;
    this.statuses = mapping.statuses ? new Translator(mapping.statuses.table, mapping.statuses.other) : null;
    this.channels = new Translator(mapping.channels.table, mapping.channels.other);
  }

  translate(row: Row): RowOutcome {
    const m = this.mapping;
    const c = m.columns;
    const cell = (column: string) => row[column];
    const id = (cell(c.id) ?? '').trim();
    if (!id) return fail('no-id', `${c.id}: empty record id`);
    const caseId = caseIdOf(m.source, id);

    // Dates first (a bad one rejects the row whatever else it has).
    const times: Partial<Record<Stage, number>> = {};
    const dated: [Stage, string[] | undefined][] = [
      ['reported', c.created], ['registered', c.registered], ['dispatched', c.dispatched],
      ['handled', c.handled], ['closed', c.closed], ['voided', c.voided],
    ];
    for (const [stage, cols] of dated) {
      if (!cols) continue;
      const text = cols.map((col) => (cell(col) ?? '').trim()).filter(Boolean).join(' ');
      if (!text) continue;
      const at = parseSourceDate(text, m.dates.formats, m.dates.zone);
      if (at === null) return fail('bad-date', `${cols.join(' + ')}: "${text}" matches none of the date formats (${m.dates.formats.join(' | ')})`);
      times[stage] = at;
    }
    if (times.reported === undefined) return fail('no-created-date', `${c.created.join(' + ')}: empty (every case needs its creation time)`);

    const point = pointOf(cell, c.coordinates, this.project);
    if (!point.ok) return fail(point.code, point.reason);

    let last: Stage;
    if (this.statuses) {
      const status = (cell(m.columns.status ?? '') ?? '').trim();
      const stage = this.statuses.translate([status]);
      if (!stage) return fail('unmapped-status', `${m.columns.status}: "${status}" is not in the statuses table (and no "other" is set)`);
      last = stage;
    } else {
      last = (['voided', 'closed', 'handled', 'dispatched', 'registered'] as const).find((s) => times[s] !== undefined) ?? 'reported';
    }

    const timed = this.stagesOf(last, times, this.departments !== null);
    if (!timed.ok) return timed;

    // Translated last, so the unmapped counts are over rows that become events.
    // Without a department column every case goes to departments.other (a source with one responsible unit).
    const department = !this.departments ? null : c.department ? this.departments.translate([(cell(c.department) ?? '').trim()]) : m.departments!.other;

    const category = this.categories.translate(categoryKeys(c.category.map((col) => cell(col) ?? ''), m.categorySeparator));
    const source = this.channels.translate([(cell(c.channel ?? '') ?? '').trim()]) ?? m.channels.other;
    const description = (c.description ?? []).map((col) => (cell(col) ?? '').trim()).filter(Boolean).join('\n\n').slice(0, 2000);

    const events = timed.stages.map(({ stage, at }): IngestEvent => {
      const base = { eventId: eventIdOf(caseId, stage, at), caseId, at: new Date(at).toISOString() };
      switch (stage) {
        case 'reported':
          return {
            ...base, type: 'reported', category: category!, lon: point.point.lon, lat: point.point.lat,
            ...(point.point.crs === 'wgs84' ? {} : { crs: point.point.crs }), source, ...(description ? { description } : {}),
          };
        case 'dispatched':
          return { ...base, type: 'dispatched', department: department! };
        default:
          return { ...base, type: stage };
      }
    });
    return { ok: true, caseId, events };
  }

  /** The stages from `reported` to `last`, each with its instant (own or synthesised), checked to be in order. */
  private stagesOf(last: Stage, times: Partial<Record<Stage, number>>, hasDepartment: boolean): { ok: true; stages: Timed[] } | Extract<RowOutcome, { ok: false }> {
    const c = this.mapping.columns;
    const path: Stage[] = ['reported'];
    const withDispatch = hasDepartment ? (['dispatched', 'handled'] as const) : [];
    if (last === 'voided') {
      // Voided after the furthest stage the row dates (with the stages before it), or straight after the report.
      const before: Stage[] = ['registered', ...withDispatch];
      const furthest = before.map((s) => times[s] !== undefined).lastIndexOf(true);
      path.push(...before.slice(0, furthest + 1), 'voided');
    } else if (last !== 'reported') {
      const order: Stage[] = ['registered', ...withDispatch, 'closed'];
      // Without departments a closed case takes the self-handled path (registered → closed); a status of
      // dispatched/handled leaves it registered.
      const reach = order.includes(last) ? order.indexOf(last) : order.indexOf('registered');
      path.push(...order.slice(0, reach + 1));
    }

    const stages: Timed[] = [];
    for (const stage of path) {
      const own = times[stage];
      if (own !== undefined) {
        stages.push({ stage, at: own, synthesised: false });
        continue;
      }
      if (stage === 'closed') return fail('no-closing-date', `${c.closed?.join(' + ') ?? 'closed'}: the status says closed but the row has no closing date`);
      if (stage === 'voided') {
        const at = times.closed;
        if (at === undefined) return fail('no-closing-date', `${(c.voided ?? c.closed)?.join(' + ') ?? 'voided'}: the status says voided but the row has no date for it`);
        stages.push({ stage, at, synthesised: true });
        continue;
      }
      // handled: at the closing instant when the case is closed; registered, dispatched (and an open handled):
      // at the previous stage's instant.
      const at = stage === 'handled' && path.includes('closed') && times.closed !== undefined ? times.closed : stages[stages.length - 1].at;
      stages.push({ stage, at, synthesised: true });
    }

    for (let i = 1; i < stages.length; i++) {
      const [before, after] = [stages[i - 1], stages[i]];
      if (after.at >= before.at) continue;
      const firstAt = stages[0].at;
      const closing = stages.find((s) => s.stage === 'closed' || s.stage === 'voided');
      if (closing && closing.at < firstAt) {
        return fail('closed-before-created', `${(c.closed ?? c.voided)?.join(' + ')}: ${iso(closing.at)} is before ${c.created.join(' + ')} ${iso(firstAt)}`);
      }
      return fail('stages-out-of-order', `${after.stage} (${iso(after.at)}) is before ${before.stage} (${iso(before.at)})`);
    }
    return { ok: true, stages };
  }
}

function fail(code: RejectCode, reason: string): Extract<RowOutcome, { ok: false }> {
  return { ok: false, code, reason };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
