import type { IngestResult } from '@gridlens/contracts';
import type { Dataset } from './dataset';

export interface IngestRun {
  events: number;
  batches: number;
  concurrency: number;
  wallMs: number;
  eventsPerSecond: number;
  /** Per batch: from just before the request was sent to the parsed response. */
  latencyMs: number[];
  /** Per batch: when its response arrived (performance.now()). */
  responseAt: number[];
  startedAt: number;
  accepted: number;
  duplicates: number;
  /** Time the client spent making request bodies (inside wallMs; overlaps in-flight requests). */
  clientBuildMs: number;
}

/**
 * POST every batch of the data set to /api/v1/events with at most `concurrency` requests in flight.
 * Batch b is sent only after every batch ≤ b − concurrency has been answered (the oldest is awaited first);
 * the data set spaces each case's events at least `concurrency` batches apart, so no event ever reaches
 * the server before its case's previous event is committed.
 * Every response must accept its whole batch: anything else stops the run with the server's answer.
 */
export async function ingestAll(url: string, ingestKey: string, data: Dataset, concurrency: number, onBatch?: (done: number) => void): Promise<IngestRun> {
  const latencyMs: number[] = new Array(data.batchCount).fill(Number.NaN);
  const responseAt: number[] = new Array(data.batchCount).fill(Number.NaN);
  const inFlight: Promise<void>[] = [];
  let accepted = 0;
  let duplicates = 0;
  let clientBuildMs = 0;
  let done = 0;

  const send = async (b: number, body: string, expected: number) => {
    const t0 = performance.now();
    const response = await fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey}` },
      body,
    }).catch((error: Error & { cause?: Error }) => {
      throw new Error(`batch ${b}: ${error.message}${error.cause ? ` (${error.cause.message})` : ''}`);
    });
    const text = await response.text();
    const t1 = performance.now();
    if (response.status !== 200) throw new Error(`batch ${b}: HTTP ${response.status}: ${text.slice(0, 1000)}`);
    const result = JSON.parse(text) as IngestResult;
    if (result.accepted !== expected || result.duplicates !== 0 || result.rejected.length !== 0) {
      throw new Error(
        `batch ${b}: accepted ${result.accepted} of ${expected}, duplicates ${result.duplicates}, rejected ${result.rejected.length}; ` +
          `first rejections: ${JSON.stringify(result.rejected.slice(0, 5))}`,
      );
    }
    accepted += result.accepted;
    duplicates += result.duplicates;
    latencyMs[b] = t1 - t0;
    responseAt[b] = t1;
    done += 1;
    onBatch?.(done);
  };

  const startedAt = performance.now();
  for (let b = 0; b < data.batchCount; b++) {
    while (inFlight.length >= concurrency) await inFlight.shift();
    const t0 = performance.now();
    const events = data.batch(b);
    const body = data.ingestBody(events);
    clientBuildMs += performance.now() - t0;
    const request = send(b, body, events.length);
    request.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
    inFlight.push(request);
  }
  for (const request of inFlight) await request;
  const wallMs = performance.now() - startedAt;

  return {
    events: accepted,
    batches: data.batchCount,
    concurrency,
    wallMs,
    eventsPerSecond: (accepted / wallMs) * 1000,
    latencyMs,
    responseAt,
    startedAt,
    accepted,
    duplicates,
    clientBuildMs,
  };
}
