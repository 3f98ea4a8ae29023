import { open, type FileHandle } from 'node:fs/promises';
import type { IngestEvent, IngestResult } from '@gridlens/contracts';
import {
  RowTranslator,
  assertBalanced,
  countEvents,
  countImported,
  countRejected,
  ingestRejectCode,
  rejectsHeader,
  rejectsLine,
  type CaseMapping,
  type ImportCounts,
  type Projector,
  type RejectCode,
} from '@gridlens/importer';
import type { ImportCheckpoint, StoredImportJob } from '../../repositories/import-job.repository';
import type { CsvSource, SourceRow } from './csv-rows';

export interface RunPorts {
  ingest(events: IngestEvent[]): Promise<IngestResult>;
  checkpoint(checkpoint: ImportCheckpoint): Promise<void>;
}

/** The contract's limit is 10,000 events per call; a batch is cut before it could pass this. */
const MAX_BATCH_EVENTS = 9_000;

interface Taken {
  row: SourceRow;
  first: number;
  count: number;
}

interface Refused {
  line: number;
  code: RejectCode;
  reason: string;
  raw: string[];
}

/**
 * One run of a case import job: rows after the job's last committed line are translated, their events ingested in
 * batches, rejected rows appended to the rejects file, and a checkpoint written after each batch. The rejects file
 * is first cut back to its length at the last checkpoint, so a resumed run writes each rejected row exactly once.
 */
export class ImportRun {
  private readonly translator: RowTranslator;
  private readonly counts: ImportCounts;
  private rejects!: FileHandle;
  private rejectsBytes: number;
  private lastLine: number;

  constructor(private readonly job: StoredImportJob, mapping: CaseMapping, project: Projector, private readonly ports: RunPorts) {
    this.translator = new RowTranslator(mapping, project);
    this.translator.categories.restore(job.unmapped.categories);
    this.translator.departments?.restore(job.unmapped.departments);
    this.translator.statuses?.restore(job.unmapped.statuses);
    this.translator.channels.restore(job.unmapped.channels);
    this.counts = {
      read: job.rowsRead, imported: job.rowsImported, rejected: job.rowsRejected, rejectedBy: { ...job.rejectedBy },
      eventsAdded: job.eventsAdded, eventsDuplicate: job.eventsDuplicate,
    };
    this.rejectsBytes = job.rejectsBytes;
    this.lastLine = job.lastLine;
  }

  async execute(source: CsvSource, batchRows: number): Promise<void> {
    this.rejects = await open(this.job.rejectsPath!, this.rejectsBytes > 0 ? 'r+' : 'w');
    try {
      await this.rejects.truncate(this.rejectsBytes);
      if (this.rejectsBytes === 0) await this.write(rejectsHeader(source.columns));
      let batch: SourceRow[] = [];
      let events = 0;
      for await (const row of source.rows) {
        if (row.line <= this.job.lastLine) continue;
        batch.push(row);
        events += 6;
        if (batch.length >= batchRows || events >= MAX_BATCH_EVENTS) {
          await this.flush(batch, source, source.columns.length);
          batch = [];
          events = 0;
        }
      }
      await this.flush(batch, source, source.columns.length);
    } finally {
      await this.rejects.close();
    }
  }

  private async flush(rows: SourceRow[], source: CsvSource, columnCount: number): Promise<void> {
    if (!rows.length) return;
    const events: IngestEvent[] = [];
    const taken: Taken[] = [];
    const refused = new Map<SourceRow, Refused>();
    for (const row of rows) {
      if (row.fieldCountMismatch) {
        refused.set(row, { line: row.line, code: 'malformed-row', reason: `the row has ${row.raw.length} fields, the header ${columnCount}`, raw: row.raw });
        continue;
      }
      const out = this.translator.translate(row.cells);
      if (!out.ok) {
        refused.set(row, { line: row.line, code: out.code, reason: out.reason, raw: row.raw });
        continue;
      }
      taken.push({ row, first: events.length, count: out.events.length });
      events.push(...out.events);
    }

    if (events.length) {
      const result = await this.ports.ingest(events);
      countEvents(this.counts, { added: result.accepted, duplicate: result.duplicates });
      const errorAt = new Map(result.rejected.map((r) => [r.index, r]));
      for (const t of taken) {
        for (let i = t.first; i < t.first + t.count; i++) {
          const rejection = errorAt.get(i);
          if (!rejection) continue;
          const type = events[i].type;
          refused.set(t.row, { line: t.row.line, code: ingestRejectCode(rejection.error), reason: `${type} event refused: ${rejection.error}`, raw: t.row.raw });
          break;
        }
      }
    }

    let text = '';
    for (const row of rows) {
      const r = refused.get(row);
      if (r) {
        countRejected(this.counts, r.code);
        text += rejectsLine(r.line, r.code, r.reason, r.raw);
      } else {
        countImported(this.counts);
      }
    }
    if (text) await this.write(text);
    assertBalanced(this.counts);
    this.lastLine = rows[rows.length - 1].line;
    await this.ports.checkpoint({
      rowsRead: this.counts.read, rowsImported: this.counts.imported, rowsRejected: this.counts.rejected,
      rejectedBy: this.counts.rejectedBy as Record<string, number>,
      unmapped: {
        categories: this.translator.categories.unmappedCounts(),
        departments: this.translator.departments?.unmappedCounts() ?? [],
        statuses: this.translator.statuses?.unmappedCounts() ?? [],
        channels: this.translator.channels.unmappedCounts(),
      },
      eventsAdded: this.counts.eventsAdded, eventsDuplicate: this.counts.eventsDuplicate,
      lastLine: this.lastLine, bytesRead: source.bytesRead(), rejectsBytes: this.rejectsBytes,
    });
  }

  private async write(text: string): Promise<void> {
    const buffer = Buffer.from(text, 'utf8');
    await this.rejects.write(buffer, 0, buffer.length, this.rejectsBytes);
    this.rejectsBytes += buffer.length;
  }
}
