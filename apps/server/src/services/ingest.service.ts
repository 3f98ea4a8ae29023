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
import { CaseRepository, type VersionedCase } from '../repositories/case.repository';
import { CatalogueRepository } from '../repositories/catalogue.repository';
import { EventLogRepository, type EventLogEntry } from '../repositories/event-log.repository';
import { RegionRepository } from '../repositories/region.repository';
import { RejectedEventRepository, type Rejection } from '../repositories/rejected-event.repository';
import { CaseCache } from './case-cache.service';
import { ClockService } from './clock.service';
import { LiveBus } from './live-bus.service';

type RejectionRecord = IngestRejection & { raw: unknown; caseId: string | null };

interface AttemptOutcome {
  applied: LiveEvent[];
  /** The cases as written, with their new versions (for the cache, once committed). */
  written: VersionedCase[];
  duplicates: number;
  rejections: RejectionRecord[];
}

/** Another writer touched the same cases or events: this attempt is rolled back and tried again. */
class ConcurrentChange extends Error {}

const MAX_ATTEMPTS = 5;
/** PostgreSQL: serialization failure, deadlock detected. */
const RETRYABLE_CODES = new Set(['40001', '40P01']);

function isRetryable(error: unknown): boolean {
  return error instanceof ConcurrentChange || RETRYABLE_CODES.has((error as { code?: string })?.code ?? '');
}

interface Candidate {
  index: number;
  raw: unknown;
  event: IngestEvent;
  atMs: number;
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
  private inFlight = 0;
  private lastDoneAt = 0;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(EventLogRepository) private readonly eventLog: EventLogRepository,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(CatalogueRepository) private readonly catalogue: CatalogueRepository,
    @Inject(RegionRepository) private readonly regions: RegionRepository,
    @Inject(RejectedEventRepository) private readonly rejected: RejectedEventRepository,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(LiveBus) private readonly bus: LiveBus,
    @Inject(CaseCache) private readonly cache: CaseCache,
  ) {}

  /** Whether a batch is being ingested now or was, less than `quietMs` ago (background work waits for quiet). */
  busy(quietMs: number): boolean {
    return this.inFlight > 0 || Date.now() - this.lastDoneAt < quietMs;
  }

  async ingest(rawEvents: unknown[]): Promise<IngestResult> {
    this.inFlight++;
    try {
      return await this.ingestBatch(rawEvents);
    } finally {
      this.inFlight--;
      this.lastDoneAt = Date.now();
    }
  }

  private async ingestBatch(rawEvents: unknown[]): Promise<IngestResult> {
    const rejections: RejectionRecord[] = [];
    const reject = (index: number, raw: unknown, eventId: string | null, error: string) =>
      rejections.push({ index, eventId, error, raw, caseId: caseIdOf(raw) });

    // 1. Shape.
    let candidates: Candidate[] = [];
    rawEvents.forEach((raw, index) => {
      const parsed = parseIngestEvent(raw);
      if (parsed.ok) {
        // Timestamps are kept to the millisecond, in UTC.
        const atMs = Date.parse(parsed.event.at);
        parsed.event.at = new Date(atMs).toISOString();
        candidates.push({ index, raw, event: parsed.event, atMs });
      }
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

    // 4. Apply, in one transaction: optimistically first, then (after a concurrent change) one writer at a time.
    let outcome: AttemptOutcome | null = null;
    for (let attempt = 1; !outcome; attempt++) {
      try {
        outcome = await this.attempt(candidates, rejections, categories, attempt === 1 ? 'optimistic' : 'serial');
      } catch (error) {
        this.cache.forget(candidates.map((c) => c.event.caseId));
        if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
        this.logger.debug(`ingest attempt ${attempt} met a concurrent change (${(error as Error).message}); retrying one at a time`);
      }
    }

    this.cache.put(outcome.written);
    const all = [...rejections, ...outcome.rejections].sort((a, b) => a.index - b.index);
    this.bus.publish(outcome.applied);
    return {
      accepted: outcome.applied.length,
      duplicates: outcome.duplicates,
      rejected: all.map(({ index, eventId, error }) => ({ index, eventId, error })),
    };
  }

  /**
   * One try at applying the candidates. `optimistic`: cases are read without locks and written only if unchanged
   * (their version), duplicates are caught by the log's unique event_id, and the seq counter is locked only to
   * number, append and commit; any conflict throws ConcurrentChange and nothing is kept. `serial`: the counter is
   * locked first, so this transaction runs alone among writers and sees everything committed before it.
   */
  private async attempt(
    candidates: Candidate[],
    early: RejectionRecord[],
    categories: Map<string, Category>,
    mode: 'optimistic' | 'serial',
  ): Promise<AttemptOutcome> {
    return this.db.transaction(async (tx) => {
      let seq = mode === 'serial' ? await this.eventLog.lockCounter(tx) : 0;
      const eventIds = unique(candidates.map((c) => c.event.eventId));
      const logged = mode === 'serial' ? await this.eventLog.existingEventIds(tx, eventIds) : new Set<string>();
      // Optimistic: recently written cases come from the cache (checked by version when written or refused).
      const caseIds = unique(candidates.map((c) => c.event.caseId));
      const loaded = new Map<string, VersionedCase>();
      const cachedIds = new Set<string>();
      for (const id of mode === 'optimistic' ? caseIds : []) {
        const hit = this.cache.get(id);
        if (!hit) continue;
        loaded.set(id, hit);
        cachedIds.add(id);
      }
      for (const [id, c] of await this.cases.load(tx, caseIds.filter((id) => !cachedIds.has(id)))) loaded.set(id, c);
      const missing = unique([...loaded.values()].map((c) => c.state.category)).filter((code) => !categories.has(code));
      for (const category of await this.catalogue.categoriesByCode(missing, tx)) categories.set(category.code, category);

      const ctx = { now: Date.now(), deadlineOf: (s: CaseState) => this.clock.deadlineOf(s, categories.get(s.category)) };
      const states = new Map([...loaded].map(([id, c]) => [id, c.state]));
      const applied: { candidate: Candidate; state: CaseState }[] = [];
      const refused: RejectionRecord[] = [];
      let duplicates = 0;
      for (const c of candidates) {
        const e = c.event;
        if (logged.has(e.eventId)) {
          duplicates += 1;
          continue;
        }
        const result = applyEvent(states.get(e.caseId) ?? null, e, ctx, c.placement, c.atMs);
        if (!result.ok) {
          refused.push({ index: c.index, eventId: e.eventId, error: result.error, raw: c.raw, caseId: e.caseId });
          continue;
        }
        states.set(e.caseId, result.state);
        logged.add(e.eventId);
        applied.push({ candidate: c, state: result.state });
      }
      // A refused event may be a repeat of one already logged (a duplicate, not an error), or refused on a cached
      // state another instance has since changed: find out for sure.
      if (mode === 'optimistic' && refused.length) {
        const repeats = await this.eventLog.existingEventIds(tx, unique(refused.map((r) => r.eventId!)));
        if (repeats.size) throw new ConcurrentChange('a refused event was already logged');
        const fromCache = unique(refused.map((r) => r.caseId!)).filter((id) => cachedIds.has(id));
        const versions = await this.cases.versions(tx, fromCache);
        if (fromCache.some((id) => versions.get(id) !== loaded.get(id)!.version)) throw new ConcurrentChange('a cached case was stale');
      }

      const changed = unique(applied.map((a) => a.candidate.event.caseId)).map((caseId) => {
        const state = states.get(caseId)!;
        const category = categories.get(state.category);
        const major = category?.parent ?? state.category;
        return { state, major, family: categories.get(major)?.parent ?? major, version: loaded.get(caseId)?.version ?? 0 };
      });
      if ((await this.cases.save(tx, changed)) !== changed.length) throw new ConcurrentChange('a case changed meanwhile');
      const stored = [...early, ...refused].sort((a, b) => a.index - b.index);
      await this.rejected.add(tx, stored.map((r): Rejection => ({ eventId: r.eventId, caseId: r.caseId, error: r.error, raw: r.raw })));
      const prepared = this.eventLog.prepare(applied.map(({ candidate, state }) => logEntryOf(candidate, state)));

      // The serial part: number the events, append them, advance the counter; commit releases the lock.
      if (mode === 'optimistic') seq = await this.eventLog.lockCounter(tx);
      if ((await this.eventLog.append(tx, prepared, seq + 1)) !== prepared.count) throw new ConcurrentChange('an event was logged meanwhile');
      if (prepared.count) await this.eventLog.setCounter(tx, seq + prepared.count);
      return {
        applied: applied.map(({ candidate, state }, i) => liveEventOf(seq + 1 + i, candidate.event, state)),
        duplicates,
        rejections: refused,
        written: changed.map((w) => ({ state: w.state, version: w.version + 1 })),
      };
    });
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

function logEntryOf(c: Candidate, s: CaseState): EventLogEntry {
  const e = c.event;
  return { eventId: e.eventId, caseId: e.caseId, type: e.type, atMs: c.atMs, category: s.category, lon: s.lon, lat: s.lat, regions: s.regions, status: s.status, details: detailsOf(e) };
}

/** What an event carries beyond the log's columns (the coordinates as sent only when they were converted). */
function detailsOf(e: IngestEvent): Record<string, unknown> | null {
  switch (e.type) {
    case 'reported': {
      const { eventId: _i, caseId: _c, type: _t, at: _a, category: _g, lon, lat, crs, ...rest } = e;
      return crs && crs !== 'wgs84' ? { ...rest, crs, lon, lat } : rest;
    }
    case 'dispatched':
    case 'returned':
    case 'rework':
      return { department: e.department };
    case 'extended':
      return { extendBy: e.extendBy };
    default:
      return null;
  }
}

function liveEventOf(seq: number, e: IngestEvent, s: CaseState): LiveEvent {
  return { seq, eventId: e.eventId, caseId: e.caseId, type: e.type, at: e.at, category: s.category, lon: s.lon, lat: s.lat, regions: s.regions, status: s.status };
}

function caseIdOf(raw: unknown): string | null {
  const id = (raw as { caseId?: unknown } | null)?.caseId;
  return typeof id === 'string' ? id.slice(0, 64) : null;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
