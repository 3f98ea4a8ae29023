import { describe, expect, it } from 'vitest';
import type { ImportJob } from '@gridlens/contracts';
import { followImport, importForm, parseSse, startImport } from './import-client';
import { formatDuration, importFigures, rejectRows, unmappedTables } from './import-figures';

const job = (over: Partial<ImportJob> = {}): ImportJob => ({
  id: 'j1', kind: 'cases', fileName: 'a.csv', fileSha256: 'x', fileBytes: 1000, mappingDigest: 'd', source: 'nyc311', state: 'running', error: null,
  rowsRead: 30, rowsImported: 25, rowsRejected: 5, rejectedBy: { 'no-coordinates': 2, 'bad-date': 3 },
  unmapped: { categories: [{ value: 'Noise / X', rows: 4 }], departments: [], statuses: [], channels: [] },
  eventsAdded: 100, eventsDuplicate: 0, lastLine: 31, bytesRead: 250, resumed: false, startedAt: '', updatedAt: '', finishedAt: null,
  startedBy: 'admin', rowsPerSecond: 1234.4, etaSeconds: 75, ...over,
});

describe('import page helpers', () => {
  it('parses server-sent events across chunk boundaries', () => {
    const first = parseSse('event: progress\ndata: {"a":1}\n\nevent: progress\nda');
    expect(first.events).toEqual([{ event: 'progress', data: '{"a":1}' }]);
    const second = parseSse(`${first.rest}ta: {"a":2}\n\n: comment\n\n`);
    expect(second).toEqual({ events: [{ event: 'progress', data: '{"a":2}' }], rest: '' });
  });

  it('follows a job stream until it closes, and sends the token', async () => {
    const chunks = ['event: progress\ndata: {"id":"j1","rowsRead":1}\n', '\nevent: progress\ndata: {"id":"j1","rowsRead":2}\n\n'];
    const seen: unknown[] = [];
    let headers: HeadersInit | undefined;
    const fetchFn = async (_url: string, init?: RequestInit) => {
      headers = init?.headers;
      return new Response(new ReadableStream({ start(c) { for (const ch of chunks) c.enqueue(new TextEncoder().encode(ch)); c.close(); } }), { status: 200 });
    };
    await followImport(fetchFn, 'tok', 'j1', (j) => seen.push(j.rowsRead));
    expect(seen).toEqual([1, 2]);
    expect(headers).toMatchObject({ authorization: 'Bearer tok' });
  });

  it('uploads the file with the mapping text or a preset, and surfaces the 400 message', async () => {
    const form = importForm({ file: new File(['a,b\n'], 'x.csv'), mapping: { preset: 'nyc311' }, restart: true });
    expect([form.get('preset'), form.get('restart'), (form.get('file') as File).name]).toEqual(['nyc311', 'true', 'x.csv']);
    const fetchFn = async () => new Response(JSON.stringify({ statusCode: 400, message: 'mapping.source: must not be empty' }), { status: 400 });
    await expect(startImport(fetchFn, 't', { file: new File([''], 'y.csv'), mapping: { text: '{}' }, restart: false })).rejects.toThrow('mapping.source: must not be empty');
  });

  it('shows progress by bytes, the rate and the time left; 100 % when done', () => {
    expect(importFigures(job(), 'en-GB')).toEqual({ percent: 25, rate: '1,234', eta: '1 min 15 s', balanced: true });
    expect(importFigures(job({ state: 'done', bytesRead: 990 }), 'en-GB')).toMatchObject({ percent: 100, eta: '0 s' });
    expect(importFigures(job({ rowsRead: 31 }), 'en-GB').balanced).toBe(false);
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(7300)).toBe('2 h 01 min');
  });

  it('lists rejects by reason and the unmapped values', () => {
    expect(rejectRows(job())).toEqual([{ code: 'bad-date', rows: 3 }, { code: 'no-coordinates', rows: 2 }]);
    expect(unmappedTables(job())).toEqual([{ table: 'categories', total: 4, values: [{ value: 'Noise / X', rows: 4 }] }]);
  });
});
