import { randomUUID } from 'node:crypto';
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import {
  OPEN311_DEFAULT_DAYS,
  OPEN311_MAX_LIMIT,
  type Category,
  type Department,
  type Open311Post,
  type Open311PostResult,
  type Open311Request,
  type Open311RequestQuery,
  type Open311Service as Open311ServiceInfo,
  type Open311ServiceDefinition,
} from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CatalogueRepository } from '../repositories/catalogue.repository';
import { Open311Repository, type Open311CaseFilter, type Open311CaseRow } from '../repositories/open311.repository';
import { IngestService } from './ingest.service';
import { w3cDatetime } from './open311-format';

const DAY = 86_400_000;

/** An error in the specification's format ([{code, description}]) with its HTTP status. */
export class Open311Exception extends HttpException {
  constructor(status: number, description: string) {
    super(description, status);
  }
}

interface Catalogue {
  minors: Map<string, Category>;
  names: Map<string, string>;
  departments: Map<string, string>;
}

/**
 * The Open311 GeoReport v2 server (docs/open311.md): the catalogue's minor categories as services, cases as service
 * requests, POST as a `reported` case from the public through the ingest path. Names follow DEFAULT_LANGUAGE, times
 * TZ_CITY. The reporter is never shown, and not stored (POST's email, names, phone, device and account ids are dropped).
 */
@Injectable()
export class Open311Service {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CatalogueRepository) private readonly catalogue: CatalogueRepository,
    @Inject(Open311Repository) private readonly requestsRepo: Open311Repository,
    @Inject(IngestService) private readonly ingest: IngestService,
  ) {}

  /** 404 when a jurisdiction_id is given and is not this server's (any is accepted when none is configured). */
  checkJurisdiction(jurisdiction: string | undefined): void {
    const own = this.config.OPEN311_JURISDICTION;
    if (jurisdiction !== undefined && own !== null && jurisdiction !== own) {
      throw new Open311Exception(HttpStatus.NOT_FOUND, `jurisdiction_id: "${jurisdiction}" not found (this server is "${own}")`);
    }
  }

  async services(): Promise<Open311ServiceInfo[]> {
    const { minors, names } = await this.loadCatalogue();
    return [...minors.values()].map((c) => {
      const major = names.get(c.parent ?? '') ?? '';
      const family = names.get(c.family) ?? names.get(c.code.slice(0, 1)) ?? '';
      const limit = c.timeLimit ? `; time limit ${c.timeLimit.amount} ${c.timeLimit.unit.replace('_', ' ')}` : '';
      return {
        service_code: c.code,
        service_name: this.name(c),
        description: `${major} / ${this.name(c)}${limit}`,
        metadata: false,
        type: 'realtime',
        keywords: [family, major].filter(Boolean).join(', '),
        group: major,
      };
    });
  }

  async definition(code: string): Promise<Open311ServiceDefinition> {
    const { minors } = await this.loadCatalogue();
    if (!minors.has(code)) throw new Open311Exception(HttpStatus.NOT_FOUND, `service_code: "${code}" is not a service of this server`);
    return { service_code: code, attributes: [] };
  }

  async requests(query: Open311RequestQuery, now = Date.now()): Promise<Open311Request[]> {
    const filter: Open311CaseFilter = { limit: query.limit ?? OPEN311_MAX_LIMIT, order: 'requested' };
    if (query.service_request_id) filter.ids = query.service_request_id;
    if (query.service_code) filter.categories = query.service_code;
    if (query.status && query.status.length === 1) filter.status = query.status[0] as 'open' | 'closed';
    const start = query.start_date ? Date.parse(query.start_date) : undefined;
    const end = query.end_date ? Date.parse(query.end_date) : undefined;
    if (start !== undefined && end !== undefined && start > end) throw new Open311Exception(400, 'start_date: must not be after end_date');
    if (start !== undefined && end !== undefined && end - start > OPEN311_DEFAULT_DAYS * DAY) {
      throw new Open311Exception(400, `end_date: start_date to end_date may not span more than ${OPEN311_DEFAULT_DAYS} days`);
    }
    const incremental = query.updated_after !== undefined || query.updated_before !== undefined;
    if (query.updated_after) filter.updatedAfter = Date.parse(query.updated_after);
    if (query.updated_before) filter.updatedBefore = Date.parse(query.updated_before);
    if (incremental) filter.order = 'updated';
    // The specification's default window: the last 90 days, unless ids are asked for or the client pulls by update.
    if (!filter.ids && !incremental) {
      filter.reportedFrom = start ?? (end ?? now) - OPEN311_DEFAULT_DAYS * DAY;
      filter.reportedTo = end ?? (start !== undefined ? start + OPEN311_DEFAULT_DAYS * DAY : now);
    } else {
      if (start !== undefined) filter.reportedFrom = start;
      if (end !== undefined) filter.reportedTo = end;
    }
    const [rows, catalogue] = await Promise.all([this.requestsRepo.cases(filter), this.loadCatalogue()]);
    return rows.map((r) => this.toRequest(r, catalogue));
  }

  async request(id: string): Promise<Open311Request[]> {
    const [rows, catalogue] = await Promise.all([this.requestsRepo.cases({ ids: [id], limit: 1, order: 'requested' }), this.loadCatalogue()]);
    if (rows.length === 0) throw new Open311Exception(HttpStatus.NOT_FOUND, `service_request_id: "${id}" not found`);
    return rows.map((r) => this.toRequest(r, catalogue));
  }

  /** 403 unless `apiKey` is one of OPEN311_API_KEYS. */
  checkApiKey(apiKey: unknown): void {
    const keys = this.config.OPEN311_API_KEYS;
    if (keys.length === 0) throw new Open311Exception(HttpStatus.FORBIDDEN, 'api_key: this server takes no new requests (OPEN311_API_KEYS is empty)');
    if (typeof apiKey !== 'string' || !keys.includes(apiKey)) throw new Open311Exception(HttpStatus.FORBIDDEN, 'api_key: missing or invalid api_key');
  }

  async create(post: Open311Post, now = Date.now()): Promise<Open311PostResult[]> {
    const { minors } = await this.loadCatalogue();
    if (!minors.has(post.service_code)) throw new Open311Exception(HttpStatus.BAD_REQUEST, `service_code: "${post.service_code}" is not a service of this server`);
    const caseId = `o311-${randomUUID()}`;
    const description = [post.description, post.address_string ? `Address: ${post.address_string}` : '']
      .filter(Boolean)
      .join('\n\n')
      .slice(0, 2000);
    const result = await this.ingest.ingest([
      {
        eventId: `${caseId}:reported`,
        caseId,
        type: 'reported',
        at: new Date(now).toISOString(),
        category: post.service_code,
        lon: post.long,
        lat: post.lat,
        source: 'public',
        ...(description ? { description } : {}),
      },
    ]);
    if (result.accepted !== 1) {
      const reason = result.rejected[0]?.error ?? 'refused by the ingest path';
      throw new Open311Exception(HttpStatus.BAD_REQUEST, reason.replace(/^lon, lat:/, 'lat, long:'));
    }
    const category = minors.get(post.service_code)!;
    const limit = category.timeLimit ? ` within ${category.timeLimit.amount} ${category.timeLimit.unit.replace('_', ' ')}` : '';
    return [{ service_request_id: caseId, service_notice: `Received; it is verified, then handled${limit}.`, account_id: null }];
  }

  private toRequest(r: Open311CaseRow, catalogue: Catalogue): Open311Request {
    const zone = this.config.TZ_CITY;
    const category = catalogue.minors.get(r.category);
    const department = r.department ?? category?.department ?? null;
    return {
      service_request_id: r.caseId,
      status: r.status === 'closed' || r.status === 'voided' ? 'closed' : 'open',
      status_notes: r.status,
      service_name: category ? this.name(category) : null,
      service_code: r.category,
      description: this.config.OPEN311_DESCRIPTIONS === 'on' ? r.description : null,
      agency_responsible: department === null ? null : (catalogue.departments.get(department) ?? department),
      service_notice: null,
      requested_datetime: w3cDatetime(r.reportedAt, zone),
      updated_datetime: w3cDatetime(r.updatedAt, zone),
      expected_datetime: r.deadline === null ? null : w3cDatetime(r.deadline, zone),
      address: null,
      address_id: null,
      zipcode: null,
      lat: Math.round(r.lat * 1e6) / 1e6,
      long: Math.round(r.lon * 1e6) / 1e6,
      media_url: null,
    };
  }

  private name(item: { nameZh: string; nameEn: string }): string {
    return this.config.DEFAULT_LANGUAGE === 'en' ? item.nameEn : item.nameZh;
  }

  private async loadCatalogue(): Promise<Catalogue> {
    const [categories, departments] = await Promise.all([this.catalogue.categories(), this.catalogue.departments()]);
    return {
      minors: new Map(categories.filter((c) => c.level === 'minor').map((c) => [c.code, c])),
      names: new Map(categories.map((c) => [c.code, this.name(c)])),
      departments: new Map(departments.map((d: Department) => [d.code, this.name(d)])),
    };
  }
}
