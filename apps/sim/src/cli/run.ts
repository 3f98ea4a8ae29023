// The run loop: every tick, take the events that are due from the pacer and POST them; report every few seconds.
import { setTimeout as sleep } from 'node:timers/promises';
import { type IngestEvent, MAX_EVENTS_PER_BATCH } from '@gridlens/contracts';
import { defaultClock, generateEvents } from '@gridlens/city-sim';
import type { CliOptions } from './args';
import { Pacer } from './pacer';
import { RunStats } from './report';
import { FatalError, RetryableError, ServerApi } from './server-api';

const TICK_MS = 250;
const REPORT_EVERY_MS = 5000;

export interface RunIo {
  log(line: string): void;
  /** Aborted on Ctrl-C: the run stops, flushes what is due and prints its summary. */
  signal: AbortSignal;
  now?: () => number;
}

export async function runSimulation(options: CliOptions, io: RunIo): Promise<RunStats> {
  const now = io.now ?? Date.now;
  const api = new ServerApi(options.url, options.key);
  // Before anything is generated: is the server there, what is its city, and does it take the key?
  let city;
  try {
    city = await api.city();
    await api.post([]);
  } catch (error) {
    if (error instanceof RetryableError) throw new FatalError(error.message);
    throw error;
  }

  const start = now();
  const timeZone = defaultClock().timeZone;
  const events = generateEvents({
    seed: options.seed,
    from: start,
    districts: city.districts,
    catalogue: city.catalogue,
    // Case ids unique to this run, so a second run never collides with the first.
    idPrefix: `SIM-${start.toString(36).toUpperCase()}`,
  });
  const pacer = new Pacer(events[Symbol.iterator](), options.rate, start, timeZone);
  const stats = new RunStats(start);
  const deadline = options.durationMs === null ? Infinity : start + options.durationMs;
  const chunk = options.batch ?? MAX_EVENTS_PER_BATCH;
  let pending: IngestEvent[] = [];
  let nextReport = start + REPORT_EVERY_MS;

  io.log(
    `gridlens sim → ${options.url}: ${city.districts.length} districts, seed "${options.seed}", ${options.rate} events/s` +
      `${options.durationMs === null ? ' until Ctrl-C' : ` for ${(options.durationMs / 1000).toFixed(0)}s (or until Ctrl-C)`}` +
      `, ${options.batch ? `${options.batch} events per request` : `a request every ${TICK_MS} ms`}`,
  );

  /** Send what is pending (in batch mode only whole batches unless `flush`); false when the server failed. */
  const send = async (flush: boolean): Promise<boolean> => {
    while (pending.length >= chunk || (pending.length > 0 && (flush || options.batch === null))) {
      const batch = pending.slice(0, chunk);
      try {
        const result = await api.post(batch);
        for (const line of stats.record(batch.length, result)) io.log(line);
      } catch (error) {
        if (!(error instanceof RetryableError)) throw error;
        stats.retries++;
        if (stats.retries === 1 || stats.retries % 20 === 0) io.log(`warning: ${error.message} (failed attempts: ${stats.retries})`);
        return false;
      }
      pending = pending.slice(batch.length);
    }
    return true;
  };

  for (;;) {
    const t = Math.min(now(), deadline);
    // Keep a bounded backlog while the server is away; the pacer catches up (with past times) once it is back.
    if (pending.length < 10 * chunk) pending.push(...pacer.take(t));
    const ok = await send(false);
    if (!ok && !io.signal.aborted) await sleep(1000, undefined, { signal: io.signal }).catch(() => undefined);
    const after = now();
    if (after >= nextReport) {
      io.log(stats.progress(after));
      nextReport += REPORT_EVERY_MS * Math.max(1, Math.ceil((after - nextReport) / REPORT_EVERY_MS));
    }
    if (t >= deadline || io.signal.aborted) break;
    const wait = Math.min(TICK_MS - ((after - start) % TICK_MS), deadline - after);
    if (wait > 0) await sleep(wait, undefined, { signal: io.signal }).catch(() => undefined);
  }
  if (pending.length > 0) await send(true);
  if (pending.length > 0) io.log(`warning: ${pending.length} events were not delivered`);
  io.log(stats.summary(now()));
  return stats;
}
