// Where the demo's events come from: the generator in this thread (what the server does), or the same generator in a
// worker thread, so that generating overlaps with ingesting on PGlite, whose database work runs on the main thread.
// Measured on the shared 2-core machine (`BENCH_DEMO_WORKER=on npm run bench:demo`), the worker was slower: the
// generator is ~10-15 % of the backfill's main-thread time, and with every core busy the second thread only competes
// (plus the structured clone of every batch). So the server generates in its thread; the worker stays for machines
// with spare cores to measure.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { IngestEvent } from '@gridlens/contracts';
import { type GeneratorOptions, generateEvents } from '@gridlens/city-sim';
import { EventCursor } from './demo-cursor';

/** The next events of the stream, and the time (epoch ms) of the one after them (Infinity at the end). */
export interface DemoBatch {
  events: IngestEvent[];
  nextAt: number;
}

export interface DemoEventSource {
  /** Pass over the events before `t` without returning them. */
  skipBefore(t: number): Promise<DemoBatch>;
  /** Up to `max` next events whose time is before `until`. */
  take(until: number, max: number): Promise<DemoBatch>;
  close(): Promise<void>;
}

/** The generator in this thread. */
export function localEventSource(options: GeneratorOptions): DemoEventSource {
  const cursor = new EventCursor(generateEvents(options)[Symbol.iterator]());
  return {
    async skipBefore(t) {
      cursor.skipBefore(t);
      return { events: [], nextAt: cursor.nextAt };
    },
    async take(until, max) {
      const events = cursor.take(until, max);
      return { events, nextAt: cursor.nextAt };
    },
    async close() {},
  };
}

/** What a worker, its parentPort and a MessagePort have in common. */
interface Port {
  // `any`: that is what a Worker's and a MessagePort's listeners take (replies are matched by id).
  on(event: 'message', listener: (value: any) => void): unknown;
  off(event: 'message', listener: (value: any) => void): unknown;
  postMessage(value: unknown): void;
}

type Request = { id: number; op: 'skip'; t: number } | { id: number; op: 'take'; until: number; max: number };
type Reply = { id: number; batch: DemoBatch } | { id: number; error: string };

/** The port's end of a source: answers `skip` and `take` requests from a generator of `options`, one at a time. */
export function serveEventSource(port: Pick<Port, 'on' | 'postMessage'>, options: GeneratorOptions): void {
  const local = localEventSource(options);
  port.on('message', (request: Request) => {
    const answer = request.op === 'skip' ? local.skipBefore(request.t) : local.take(request.until, request.max);
    answer.then(
      (batch) => port.postMessage({ id: request.id, batch } satisfies Reply),
      (error: Error) => port.postMessage({ id: request.id, error: error.message } satisfies Reply),
    );
  });
}

/** A source whose generator runs at the other end of `port` (a worker, or a MessageChannel in tests). */
export function remoteEventSource(
  port: Port,
  close: () => Promise<void> = async () => undefined,
): DemoEventSource & { fail(message: string): void } {
  let nextId = 0;
  let failure: string | null = null;
  const waiting = new Map<number, { resolve: (b: DemoBatch) => void; reject: (e: Error) => void }>();
  const onReply = (reply: Reply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if ('error' in reply) w.reject(new Error(`demo generator: ${reply.error}`));
    else w.resolve(reply.batch);
  };
  port.on('message', onReply);
  const fail = (message: string) => {
    failure ??= message;
    for (const w of waiting.values()) w.reject(new Error(failure));
    waiting.clear();
  };
  const ask = (request: Request) =>
    new Promise<DemoBatch>((resolve, reject) => {
      if (failure) return reject(new Error(failure));
      waiting.set(request.id, { resolve, reject });
      port.postMessage(request);
    });
  return {
    skipBefore: (t) => ask({ id: ++nextId, op: 'skip', t }),
    take: (until, max) => ask({ id: ++nextId, op: 'take', until, max }),
    fail,
    async close() {
      port.off('message', onReply);
      fail('demo generator closed');
      await close();
    },
  };
}

/** workerData key that makes a bundle run as the demo's generator thread (runAsDemoWorker; bench/demo.bench.ts). */
export const DEMO_WORKER_KEY = 'gridlensDemoGenerator';

/** The generator in a worker thread running `script` (a bundle that calls runAsDemoWorker() first). */
export function workerEventSource(script: string, options: GeneratorOptions): DemoEventSource {
  const worker = new Worker(script, { workerData: { [DEMO_WORKER_KEY]: options } });
  worker.unref(); // never what keeps the process alive
  const source = remoteEventSource(worker, async () => {
    await worker.terminate();
  });
  worker.on('error', (error) => source.fail(`demo generator thread failed: ${error.message}`));
  worker.on('exit', (code) => source.fail(`demo generator thread exited (code ${code})`));
  return source;
}

/** In a worker started by workerEventSource: serve the generator to the parent. False when this is no such worker. */
export function runAsDemoWorker(): boolean {
  if (isMainThread || !parentPort || !(workerData as Record<string, unknown> | null)?.[DEMO_WORKER_KEY]) return false;
  serveEventSource(parentPort, (workerData as Record<string, GeneratorOptions>)[DEMO_WORKER_KEY]);
  return true;
}
