import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { CaseMapping } from '@gridlens/importer';

/** One data row: the source line it starts on (the header is line 1), its cells by column name, and as read. */
export interface SourceRow {
  line: number;
  cells: Record<string, string>;
  raw: string[];
  /** The number of fields differs from the header's (the row is malformed). */
  fieldCountMismatch: boolean;
}

export interface CsvSource {
  columns: string[];
  rows: AsyncGenerator<SourceRow>;
  /** Bytes of the file (as stored, gzip'd or not) read so far. */
  bytesRead(): number;
}

/** Whether a file is gzip'd (by its magic bytes, whatever its name). */
export async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

export async function fileSha256(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { sha256: hash.digest('hex'), bytes: (await stat(path)).size };
}

/**
 * Streams a CSV (or gzip'd CSV) file row by row in constant memory: file → (gunzip) → (decode GBK) → csv-parse, pulled
 * by the consumer (back-pressure all the way to the disk). Empty lines are skipped; they are not rows.
 */
export async function openCsv(path: string, csv: CaseMapping['csv']): Promise<CsvSource> {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  let stream: Readable = createReadStream(path, { highWaterMark: 256 * 1024 }).pipe(counter);
  if (await isGzip(path)) stream = stream.pipe(createGunzip());
  if (csv.encoding !== 'utf-8') stream = stream.pipe(iconv.decodeStream(csv.encoding) as unknown as Transform);
  const parser = stream.pipe(
    parse({
      delimiter: csv.delimiter,
      encoding: csv.encoding === 'utf-8' ? 'utf8' : undefined,
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }),
  );
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;

  const startLine = (record: string[], endLine: number) => endLine - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
  let columns: string[];
  let pending: { record: string[]; info: { lines: number } } | null = null;
  const first = await iterator.next();
  if (first.done) {
    columns = [];
  } else if (csv.header) {
    columns = first.value.record.map((c) => c.trim());
  } else {
    columns = first.value.record.map((_, i) => String(i + 1));
    pending = first.value;
  }

  async function* rows(): AsyncGenerator<SourceRow> {
    try {
      for (;;) {
        const next = pending ?? (await iterator.next()).value;
        pending = null;
        if (!next) return;
        const { record, info } = next;
        const cells: Record<string, string> = {};
        columns.forEach((name, i) => (cells[name] = record[i] ?? ''));
        yield { line: startLine(record, info.lines), cells, raw: record, fieldCountMismatch: record.length !== columns.length };
      }
    } finally {
      parser.destroy();
      stream.destroy();
    }
  }
  return { columns, rows: rows(), bytesRead: () => bytes };
}
