import type { ImportJob } from '@gridlens/contracts';

/**
 * The upload page's calls (docs/import.md, "Progress, status and resuming"): multipart upload, the job's
 * server-sent events read from a fetch body (EventSource cannot send the Authorization header), the rejects file.
 */
export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export class ImportError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

async function failure(res: Response): Promise<ImportError> {
  const body = (await res.json().catch(() => null)) as { message?: string | string[] } | null;
  const message = Array.isArray(body?.message) ? body.message.join('; ') : (body?.message ?? `${res.status} ${res.statusText}`);
  return new ImportError(res.status, message);
}

export interface ImportStart {
  file: Blob & { name?: string };
  /** The mapping JSON as text, or a preset name. */
  mapping: { text: string } | { preset: string };
  restart: boolean;
}

export function importForm(start: ImportStart): FormData {
  const form = new FormData();
  if ('text' in start.mapping) form.set('mapping', start.mapping.text);
  else form.set('preset', start.mapping.preset);
  if (start.restart) form.set('restart', 'true');
  form.set('file', start.file, start.file.name ?? 'upload.csv');
  return form;
}

export async function startImport(fetchFn: FetchFn, token: string, start: ImportStart): Promise<ImportJob> {
  const res = await fetchFn('/api/v1/imports/cases', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: importForm(start) });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as ImportJob;
}

export async function importPresets(fetchFn: FetchFn, token: string): Promise<string[]> {
  const res = await fetchFn('/api/v1/imports/presets', { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as string[];
}

/** Splits an SSE text stream into events; returns the events complete so far and the unfinished rest. */
export function parseSse(buffer: string): { events: { event: string; data: string }[]; rest: string } {
  const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  const events = blocks.flatMap((block) => {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const [field, value] = colon < 0 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 1).replace(/^ /, '')];
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    return data.length ? [{ event, data: data.join('\n') }] : [];
  });
  return { events, rest };
}

/** Follows a job's progress until the server closes the stream; calls `onJob` with every frame. */
export async function followImport(fetchFn: FetchFn, token: string, id: string, onJob: (job: ImportJob) => void, signal?: AbortSignal): Promise<void> {
  const res = await fetchFn(`/api/v1/imports/${encodeURIComponent(id)}/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal });
  if (!res.ok || !res.body) throw await failure(res);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    const parsed = parseSse(buffer + value);
    buffer = parsed.rest;
    for (const e of parsed.events) if (e.event === 'progress') onJob(JSON.parse(e.data) as ImportJob);
  }
}

/** The rejects CSV as a Blob (the download link needs the token, so it is fetched, then saved). */
export async function rejectsFile(fetchFn: FetchFn, token: string, id: string): Promise<Blob> {
  const res = await fetchFn(`/api/v1/imports/${encodeURIComponent(id)}/rejects.csv`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw await failure(res);
  return res.blob();
}
