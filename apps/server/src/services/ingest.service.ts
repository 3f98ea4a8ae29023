import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  parseIngestEvent,
  type Category,
  type IngestEvent,
  type IngestRejection,
  type IngestResult,
  type LiveEvent,
} from '@gridlens/contracts';
import { toWgs84 } from '@gridlens/geo';
import { applyEvent, type CaseState, type Placement } from '@gridlens/workflow';
import { DATABASE, type Database } from '../db/database';
import { CaseRepository } from '../repositories/case.repository';
import { CatalogueRepository } from '../repositories/catalogue.repository';
import { EventLogRepository, type EventLogEntry } from '../repositories/event-log.repository';
import { RegionRepository } from '../repositories/region.repository';
import { RejectedEventRepository, type Rejection } from '../repositories/rejected-event.repository';
import { ClockService } from './clock.service';
import { LiveBus } from './live-bus.service';

interface Candidate {
  index: number;
  raw: unknown;
  event: IngestEvent;
  placement?: Placement;
}

/**
 * The ingest pipeline. Validation, datum conversion, catalogue checks and point-in-polygon placement
 * happen before the transaction; inside it (one at a time, under the seq counter's lock) events are
 * de-duplicated, run through the workflow against the cases' current state, and written in bulk.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(EventLogRepository) private readonly eventLog: EventLogRepository,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(CatalogueRepository) private readonly catalogue: CatalogueRepository,
    @Inject(RegionRepository) private readonly regions: RegionRepository,
    @Inject(RejectedEventRepository) private readonly rejected: RejectedEventRepository,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(LiveBus) private readonly bus: LiveBus,
  ) {}

  async ingest(rawEvents: unknown[]): Promise<IngestResult> {
    const rejections: (IngestRejection & { raw: unknown; caseId: string | null })[] = [];
    const reject = (index: number, raw: unknown, eventId: string | null, error: string) =>
      rejections.push({ index, eventId, error, raw, caseId: caseIdOf(raw) });

    // 1. Shape.
    let candidates: Candidate[] = [];
    rawEvents.forEach((raw, index) => {
      const parsed = parseIngestEvent(raw);
      if (parsed.ok) candidates.push({ index, raw, event: normaliseTime(parsed.event) });
      else reject(index, raw, parsed.eventId, parsed.error);
    });

    // 2. Catalogue: categories must be minor codes of the catalogue, departments must exist.
    const categories = await this.categoriesFor(candidates);
    const departmentCodes = unique(candidates.flatMap((c) => ('department' in c.event ? [c.event.department] : [])));
    const departments = await this.catalogue.existingDepartments(departmentCodes);
    candidates = candidates.filter((c) => {
      const e = c.event;
      if (e.type === 'reported') {
        const category = categories.get(e.category);
        if (!category) return void reject(c.index, c.raw, e.eventId, `category: unknown category code "${e.category}"`), false;
        if (category.level !== 'minor') {
          return void reject(c.index, c.raw, e.eventId, `category: "${e.category}" is a ${category.level} class; report a minor category under it`), false;
        }
      }
      if ('department' in e && !departments.has(e.department)) {
        return void reject(c.index, c.raw, e.eventId, `department: unknown department code "${e.department}"`), false;
      }
      return true;
    });

    // 3. Place reported points in the region hierarchy (server-side, never trusted from the client).
    const reported = candidates.filter((c) => c.event.type === 'reported');
    const points = reported.map((c) => {
      const e = c.event as Extract<IngestEvent, { type: 'reported' }>;
      const [lon, lat] = toWgs84(e.lon, e.lat, e.crs);
      return { lon, lat };
    });
    const placed = await this.regions.place(points);
    reported.forEach((c, i) => {
      const regions = placed[i];
      if (regions) c.placement = { ...points[i], regions };
    });

    // 4. Apply, in one transaction.
    const result = await this.db.transaction(async (tx) => {
      let seq = await this.eventLog.lockCounter(tx);
      const logged = await this.eventLog.existingEventIds(tx, unique(candidates.map((c) => c.event.eventId)));
      const states = await this.cases.load(tx, unique(candidates.map((c) => c.event.caseId)));
      const missingCategories = unique([...states.values()].map((s) => s.category)).filter((code) => !categories.has(code));
      for (const category of await this.catalogue.categoriesByCode(missingCategories)) categories.set(category.code, category);

      const ctx = { now: Date.now(), deadlineOf: (s: CaseState) => this.clock.deadlineOf(s, categories.get(s.category)) };
      const applied: EventLogEntry[] = [];
      const changed = new Map<string, { state: CaseState; lastSeq: number }>();
      let duplicates = 0;
      for (const c of candidates) {
        const e = c.event;
        if (logged.has(e.eventId)) {
          duplicates += 1;
          continue;
        }
        const outcome = applyEvent(states.get(e.caseId) ?? null, e, ctx, c.placement);
        if (!outcome.ok) {
          reject(c.index, c.raw, e.eventId, outcome.error);
          continue;
        }
        const state = outcome.state;
        seq += 1;
        states.set(e.caseId, state);
        logged.add(e.eventId);
        changed.set(e.caseId, { state, lastSeq: seq });
        applied.push({ ...liveEventOf(seq, e, state), payload: c.raw });
      }

      await this.eventLog.append(tx, applied);
      await this.cases.save(
        tx,
        [...changed.values()].map(({ state, lastSeq }) => {
          const category = categories.get(state.category);
          const major = category?.parent ?? state.category;
          return { state, lastSeq, major, family: categories.get(major)?.parent ?? major.slice(0, 1) };
        }),
      );
      rejections.sort((a, b) => a.index - b.index);
      await this.rejected.add(tx, rejections.map((r): Rejection => ({ eventId: r.eventId, caseId: r.caseId, error: r.error, raw: r.raw })));
      if (applied.length) await this.eventLog.setCounter(tx, seq);
      return { applied, duplicates };
    });

    this.bus.publish(result.applied.map(({ payload: _payload, ...live }) => live));
    return {
      accepted: result.applied.length,
      duplicates: result.duplicates,
      rejected: rejections.map(({ index, eventId, error }) => ({ index, eventId, error })),
    };
  }

  /** Categories named by reported events, plus their majors (for the case's major and family codes). */
  private async categoriesFor(candidates: Candidate[]): Promise<Map<string, Category>> {
    const codes = unique(candidates.flatMap((c) => (c.event.type === 'reported' ? [c.event.category] : [])));
    const found = await this.catalogue.categoriesByCode(codes);
    const majors = unique(found.flatMap((c) => (c.parent ? [c.parent] : []))).filter((code) => !codes.includes(code));
    const all = [...found, ...(await this.catalogue.categoriesByCode(majors))];
    return new Map(all.map((c) => [c.code, c]));
  }
}

function liveEventOf(seq: number, e: IngestEvent, s: CaseState): LiveEvent {
  return { seq, eventId: e.eventId, caseId: e.caseId, type: e.type, at: e.at, category: s.category, lon: s.lon, lat: s.lat, regions: s.regions, status: s.status };
}

/** Timestamps are kept to the millisecond, in UTC. */
function normaliseTime<E extends IngestEvent>(e: E): E {
  return { ...e, at: new Date(Date.parse(e.at)).toISOString() };
}

function caseIdOf(raw: unknown): string | null {
  const id = (raw as { caseId?: unknown } | null)?.caseId;
  return typeof id === 'string' ? id.slice(0, 64) : null;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
