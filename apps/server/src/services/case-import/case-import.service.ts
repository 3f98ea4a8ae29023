import { BadRequestException, ConflictException, Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Subject, type Observable } from 'rxjs';
import type { ImportJob } from '@gridlens/contracts';
import { toWgs84 } from '@gridlens/geo';
import { parseMapping, progressFigures, type CaseMapping } from '@gridlens/importer';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { CatalogueRepository } from '../../repositories/catalogue.repository';
import { ImportJobRepository, type StoredImportJob } from '../../repositories/import-job.repository';
import { CaseCache } from '../case-cache.service';
import { IngestService } from '../ingest.service';
import { fileSha256, openCsv } from './csv-rows';
import { ImportRun } from './import-run';
import { mappingDigest } from './mapping-digest';

export interface CaseImportRequest {
  /** The CSV or gzip'd CSV on the server's disk. */
  filePath: string;
  /** As the user named it (shown in the job). */
  fileName: string;
  /** The mapping as parsed from its JSON (validated here). */
  mapping: unknown;
  startedBy: string;
  /** Start afresh even if an unfinished job of the same file and mapping exists. */
  restart?: boolean;
  /** Rows per ingest call (default 1,000). */
  batchRows?: number;
}

export interface StartedImport {
  job: ImportJob;
  /** Resolves with the finished job (state done or failed; never rejects). */
  done: Promise<ImportJob>;
}

/**
 * Case import jobs (docs/import.md): validates the mapping against the catalogue, finds an unfinished job of the same
 * file and mapping to resume (or starts one), then streams the file through libs/importer into IngestService in
 * batches, checkpointing after each batch. Progress goes to `progress(id)` subscribers (the SSE stream, the CLI bar).
 */
@Injectable()
export class CaseImportService {
  private readonly logger = new Logger(CaseImportService.name);
  private readonly streams = new Map<string, Subject<ImportJob>>();
  private readonly rates = new Map<string, { rowsPerSecond: number; etaSeconds: number | null; resumed: boolean }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(IngestService) private readonly ingest: IngestService,
    @Inject(CatalogueRepository) private readonly catalogue: CatalogueRepository,
    @Inject(ImportJobRepository) private readonly jobs: ImportJobRepository,
    @Inject(CaseCache) private readonly cache: CaseCache,
  ) {}

  /** Checks the mapping and file, creates or resumes the job, and starts it; `done` settles when it ends. */
  async start(request: CaseImportRequest): Promise<StartedImport> {
    const mapping = await this.checkedMapping(request.mapping);
    const { sha256, bytes } = await fileSha256(request.filePath);
    const digest = mappingDigest(request.mapping);
    const previous = request.restart ? null : await this.jobs.findResumable('cases', sha256, digest);
    if (previous && this.streams.has(previous.id)) {
      throw new ConflictException(`file: an import of this file with this mapping is running (job ${previous.id}); follow it, or wait for it to end`);
    }
    let stored: StoredImportJob;
    if (previous) {
      await this.jobs.restart(previous.id, request.startedBy);
      stored = (await this.jobs.get(previous.id))!;
    } else {
      const id = randomUUID();
      const dir = resolve(this.config.DATA_DIR, 'imports');
      await mkdir(dir, { recursive: true });
      await this.jobs.create({
        id, kind: 'cases', fileName: request.fileName, fileSha256: sha256, fileBytes: bytes, mappingDigest: digest,
        mapping: request.mapping, rejectsPath: join(dir, `${id}.rejects.csv`), startedBy: request.startedBy,
      });
      stored = (await this.jobs.get(id))!;
    }
    const resumed = previous !== null;
    this.rates.set(stored.id, { rowsPerSecond: 0, etaSeconds: null, resumed });
    const subject = new Subject<ImportJob>();
    this.streams.set(stored.id, subject);
    const done = this.run(stored, mapping, request).finally(() => {
      subject.complete();
      this.streams.delete(stored.id);
    });
    return { job: this.view(stored), done };
  }

  /** The job as stored, with this run's rate (null: no such job). */
  async get(id: string): Promise<(ImportJob & { rejectsPath: string | null }) | null> {
    const stored = await this.jobs.get(id);
    return stored ? { ...this.view(stored), rejectsPath: stored.rejectsPath } : null;
  }

  async list(limit: number): Promise<ImportJob[]> {
    return (await this.jobs.list('cases', limit)).map((j) => this.view(j));
  }

  /** Progress of a running job (completes when it ends); null when the job is not running in this process. */
  progress(id: string): Observable<ImportJob> | null {
    return this.streams.get(id)?.asObservable() ?? null;
  }

  /** Jobs a previous process left running: failed now, so the same file resumes them. */
  async failOrphans(): Promise<number> {
    return this.jobs.failRunning('cases', 'interrupted: the process running it stopped');
  }

  private async run(job: StoredImportJob, mapping: CaseMapping, request: CaseImportRequest): Promise<ImportJob> {
    const started = Date.now();
    const startRows = job.rowsRead;
    try {
      const source = await openCsv(request.filePath, mapping.csv);
      const run = new ImportRun(job, mapping, (x, y, crs, def) => toWgs84(x, y, crs, def), {
        ingest: async (events) => {
          const result = await this.ingest.ingest(events);
          // A row's events all go in one batch: its case is complete, and keeping it in ingest's cache (meant for
          // live feeds, where a case's next event follows soon) would only grow memory with the file.
          this.cache.forget([...new Set(events.map((e) => e.caseId))]);
          return result;
        },
        checkpoint: async (c) => {
          await this.jobs.checkpoint(job.id, c);
          const figures = progressFigures({ rows: c.rowsRead - startRows, elapsedMs: Date.now() - started, bytesRead: c.bytesRead, bytesTotal: job.fileBytes });
          this.rates.set(job.id, { ...this.rates.get(job.id)!, rowsPerSecond: figures.rowsPerSecond, etaSeconds: figures.etaSeconds });
          const latest = await this.jobs.get(job.id);
          if (latest) this.streams.get(job.id)?.next(this.view(latest));
        },
      });
      await run.execute(source, request.batchRows ?? 1000);
      await this.jobs.finish(job.id, 'done', null);
    } catch (error) {
      this.logger.error(`import ${job.id} failed: ${(error as Error).message}`);
      await this.jobs.finish(job.id, 'failed', (error as Error).message).catch(() => undefined);
    }
    const rate = this.rates.get(job.id)!;
    this.rates.set(job.id, { ...rate, etaSeconds: 0 });
    const final = this.view((await this.jobs.get(job.id))!);
    this.streams.get(job.id)?.next(final);
    return final;
  }

  private view(job: StoredImportJob): ImportJob {
    const { rejectsPath: _p, rejectsBytes: _b, mapping: _m, ...rest } = job;
    const rate = this.rates.get(job.id) ?? { rowsPerSecond: 0, etaSeconds: null, resumed: false };
    return { ...rest, ...rate };
  }

  /** The mapping, validated, with every code it can produce checked against the catalogue (400 naming the field). */
  private async checkedMapping(raw: unknown): Promise<CaseMapping> {
    const parsed = parseMapping(raw);
    if (!parsed.ok) throw new BadRequestException(parsed.error);
    const m = parsed.mapping;
    const problems: string[] = [];
    const categoryEntries: [string, string][] = [...Object.entries(m.categories.table).map(([k, v]): [string, string] => [`mapping.categories.table["${k}"]`, v]), ['mapping.categories.other', m.categories.other]];
    const known = new Map((await this.catalogue.categoriesByCode([...new Set(categoryEntries.map(([, v]) => v))])).map((c) => [c.code, c]));
    for (const [field, code] of categoryEntries) {
      const category = known.get(code);
      if (!category) problems.push(`${field}: unknown category code "${code}"`);
      else if (category.level !== 'minor') problems.push(`${field}: "${code}" is a ${category.level} class; map to a minor category`);
    }
    if (m.departments) {
      const entries: [string, string][] = [...Object.entries(m.departments.table).map(([k, v]): [string, string] => [`mapping.departments.table["${k}"]`, v]), ['mapping.departments.other', m.departments.other]];
      const existing = await this.catalogue.existingDepartments([...new Set(entries.map(([, v]) => v))]);
      for (const [field, code] of entries) if (!existing.has(code)) problems.push(`${field}: unknown department code "${code}"`);
    }
    if (m.statuses && !m.columns.status) problems.push('mapping.columns.status: required when a statuses table is given');
    if (problems.length) throw new BadRequestException(problems.slice(0, 20).join('; ') + (problems.length > 20 ? `; … ${problems.length - 20} more` : ''));
    return m;
  }
}
