import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { OPEN311_MAX_LIMIT, type IngestEvent } from '@gridlens/contracts';
import { toWgs84 } from '@gridlens/geo';
import { RowTranslator } from '@gridlens/importer';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { CatalogueRepository } from '../../repositories/catalogue.repository';
import { ImportJobRepository } from '../../repositories/import-job.repository';
import { Open311PullRepository } from '../../repositories/open311-pull.repository';
import { IngestService } from '../ingest.service';
import { endpointBase, fetchRequests } from './open311-fetch';
import { UNMAPPED, open311CaseMapping, parseOpen311Mapping, requestRow, updatedAt } from './open311-mapping';

export interface Open311PullRequest {
  url: string;
  apiKey?: string;
  jurisdiction?: string;
  /** Pull requests updated after this instant instead of the stored high-water mark (ISO-8601). */
  since?: string;
  /** The mapping file's content (parsed JSON), or undefined for a gridlens feed (codes as they are). */
  mapping?: unknown;
  startedBy: string;
  fetchImpl?: typeof fetch;
  /** A page this long means the feed has more (default 1000, the specification's suggested limit). */
  pageSize?: number;
}

export interface Open311PullSummary {
  jobId: string;
  feed: string;
  from: string | null;
  highWaterMark: string | null;
  pages: number;
  requestsRead: number;
  requestsImported: number;
  requestsRejected: number;
  rejectedBy: Record<string, number>;
  unmappedServiceCodes: { value: string; rows: number }[];
  eventsAdded: number;
  eventsDuplicate: number;
  warning: string | null;
}

/**
 * `import open311 URL`: pulls a GeoReport v2 feed's requests updated since the feed's high-water mark (oldest change
 * first, pages of up to 1,000 by `updated_after`), turns each into lifecycle events with libs/importer's RowTranslator
 * and ingests them through IngestService. Event ids are deterministic, so a pull repeated adds nothing and a request
 * that moved on adds only its new events. The mark is stored after every page (import_job, kind open311).
 */
@Injectable()
export class Open311ClientService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(IngestService) private readonly ingest: IngestService,
    @Inject(CatalogueRepository) private readonly catalogue: CatalogueRepository,
    @Inject(ImportJobRepository) private readonly jobs: ImportJobRepository,
    @Inject(Open311PullRepository) private readonly pulls: Open311PullRepository,
  ) {}

  async pull(request: Open311PullRequest): Promise<Open311PullSummary> {
    const base = endpointBase(request.url);
    if (request.since !== undefined && !Number.isFinite(Date.parse(request.since))) throw new Error(`--since: "${request.since}" is not an ISO-8601 instant`);
    const file = parseOpen311Mapping(request.mapping);
    const minors = (await this.catalogue.categories()).filter((c) => c.level === 'minor').map((c) => c.code);
    const mapping = open311CaseMapping(file, minors, this.config.TZ_CITY);
    await this.checkCodes(mapping.categories, file.departments);
    const translator = new RowTranslator(mapping, (x, y, crs, def) => toWgs84(x, y, crs, def));

    const feedKey = createHash('sha256').update(`${base}\n${request.jurisdiction ?? ''}\n${file.source}`).digest('hex');
    const stored = await this.pulls.highWaterMark(feedKey);
    const from = request.since ? new Date(request.since).toISOString() : stored;
    const jobId = randomUUID();
    await this.jobs.create({
      id: jobId, kind: 'open311', fileName: base, fileSha256: feedKey, fileBytes: null,
      mappingDigest: createHash('sha256').update(JSON.stringify(file)).digest('hex'), mapping: file, rejectsPath: '', startedBy: request.startedBy,
    });
    const s: Open311PullSummary = {
      jobId, feed: base, from, highWaterMark: from, pages: 0, requestsRead: 0, requestsImported: 0, requestsRejected: 0,
      rejectedBy: {}, unmappedServiceCodes: [], eventsAdded: 0, eventsDuplicate: 0, warning: null,
    };
    const reject = (code: string) => {
      s.requestsRejected++;
      s.rejectedBy[code] = (s.rejectedBy[code] ?? 0) + 1;
    };
    try {
      let mark = from;
      const pageSize = request.pageSize ?? OPEN311_MAX_LIMIT;
      // Requests of the second asked again after a full page, already taken: skipped, not counted twice.
      let taken = new Set<string>();
      for (;;) {
        const params: Record<string, string> = { updated_after: mark ?? '1970-01-01T00:00:00Z' };
        if (request.jurisdiction) params.jurisdiction_id = request.jurisdiction;
        if (request.apiKey) params.api_key = request.apiKey;
        const page = await fetchRequests(base, params, request.fetchImpl);
        s.pages++;
        // Only what changed after the mark, and not already taken (a feed that ignores updated_after repeats itself).
        const after = mark === null ? null : Date.parse(mark);
        const fresh = page.requests.filter((r) => !taken.has(takenKey(r)) && (after === null || (updatedAt(r) ?? Infinity) > after));
        s.requestsRead += fresh.length + page.malformed.length;
        for (const _ of page.malformed) reject('malformed-request');

        const events: IngestEvent[] = [];
        const owners: number[] = [];
        const refused = new Set<number>();
        fresh.forEach((r, i) => {
          if (mapping.categories.other === UNMAPPED && !(normalise(r.service_code ?? '') in lowerTable(mapping.categories.table))) {
            refused.add(i);
            reject('unmapped-service-code');
            return;
          }
          const outcome = translator.translate(requestRow(r));
          if (!outcome.ok) {
            refused.add(i);
            reject(outcome.code);
            return;
          }
          for (const e of outcome.events) {
            events.push(e);
            owners.push(i);
          }
        });
        if (events.length) {
          const result = await this.ingest.ingest(events);
          s.eventsAdded += result.accepted;
          s.eventsDuplicate += result.duplicates;
          for (const r of result.rejected) {
            const owner = owners[r.index];
            if (owner === undefined || refused.has(owner)) continue;
            refused.add(owner);
            reject('refused-by-ingest');
          }
        }
        s.requestsImported = s.requestsRead - s.requestsRejected;

        const full = page.requests.length + page.malformed.length >= pageSize;
        const stamps = page.requests.map(updatedAt).filter((t): t is number => t !== null);
        // After a full page, ask again from a second before its newest change: requests updated in that same second
        // may not all have fitted (those already taken come back as duplicates, which add nothing).
        const next = stamps.length ? Math.max(...stamps) - (full ? 1000 : 0) : null;
        const advanced = next !== null && (mark === null || next > Date.parse(mark));
        if (advanced) {
          mark = new Date(next).toISOString();
          await this.pulls.setHighWaterMark(jobId, mark);
        }
        if (full && next !== null) taken = new Set(page.requests.filter((r) => (updatedAt(r) ?? -Infinity) > next).map(takenKey));
        await this.jobs.checkpoint(jobId, {
          rowsRead: s.requestsRead, rowsImported: s.requestsImported, rowsRejected: s.requestsRejected, rejectedBy: s.rejectedBy,
          unmapped: { categories: translator.categories.unmappedCounts(), departments: translator.departments?.unmappedCounts() ?? [], statuses: [], channels: [] },
          eventsAdded: s.eventsAdded, eventsDuplicate: s.eventsDuplicate, lastLine: s.requestsRead, bytesRead: 0, rejectsBytes: 0,
        });
        if (!full) break;
        if (!advanced) {
          s.warning = `the feed answered a full page without newer updated_datetime values than ${mark}: stopped (does it filter by updated_after?)`;
          break;
        }
      }
      s.highWaterMark = mark;
      s.unmappedServiceCodes = translator.categories.unmappedCounts();
      await this.jobs.finish(jobId, 'done', s.warning);
      return s;
    } catch (error) {
      await this.jobs.finish(jobId, 'failed', (error as Error).message);
      throw error;
    }
  }

  /** Every code the mapping can produce must be in the catalogue (else the whole pull would be refused row by row). */
  private async checkCodes(categories: { table: Record<string, string>; other: string }, departments?: { table: Record<string, string>; other: string }) {
    const codes = new Set([...Object.values(categories.table), ...(categories.other === UNMAPPED ? [] : [categories.other])]);
    const known = new Set((await this.catalogue.categories()).filter((c) => c.level === 'minor').map((c) => c.code));
    const missing = [...codes].filter((c) => !known.has(c));
    if (missing.length) throw new Error(`mapping.categories: not minor categories of the catalogue: ${missing.slice(0, 10).join(', ')}`);
    if (departments) {
      const wanted = [...new Set([...Object.values(departments.table), departments.other])];
      const have = await this.catalogue.existingDepartments(wanted);
      const lacking = wanted.filter((d) => !have.has(d));
      if (lacking.length) throw new Error(`mapping.departments: not departments of the catalogue: ${lacking.slice(0, 10).join(', ')}`);
    }
  }
}

function takenKey(r: { service_request_id: string; updated_datetime?: string | null }): string {
  return `${r.service_request_id}@${r.updated_datetime ?? ''}`;
}

function normalise(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

const lowered = new WeakMap<object, Record<string, true>>();
function lowerTable(table: Record<string, string>): Record<string, true> {
  let t = lowered.get(table);
  if (!t) {
    t = Object.fromEntries(Object.keys(table).map((k) => [normalise(k), true as const]));
    lowered.set(table, t);
  }
  return t;
}
