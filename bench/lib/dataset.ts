import { CASE_SOURCES, type CaseSource } from '@gridlens/contracts';
import { itemRandom } from './prng';
import type { RegionSampler } from './region-sampler';

/** Every case goes through the same five events, in this order. */
export const STAGES = ['reported', 'registered', 'dispatched', 'handled', 'closed'] as const;
export type Stage = (typeof STAGES)[number];
export const EVENTS_PER_CASE = STAGES.length;

export interface MinorCategory {
  code: string;
  department: string;
}

export interface DatasetOptions {
  /** Total events (rounded down to whole cases). */
  events: number;
  seed: number;
  batchSize: number;
  /**
   * How many batches may be in flight at once. A case's next event is always placed at least this many
   * batches after its previous one, so batches sent with this concurrency (oldest awaited first) can never
   * carry an event for a case whose previous event is not committed yet.
   */
  concurrency: number;
  /** Every timestamp lies before this instant (ms); reports within the 60 days before it. */
  anchorMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CST_OFFSET_MS = 8 * HOUR;

/** Streams of the PRNG (one per kind of draw), so adding a draw never shifts another. */
const STREAM_POINT = 1;
const STREAM_CASE = 2;

/**
 * The benchmark's data set, made deterministically from a seed: `cases` cases × 5 events, points inside
 * the city (by the region sampler), minor categories of the catalogue and their departments, timestamps in
 * the 60 days before the anchor with +08:00 offsets.
 *
 * Per case only a few numbers are kept (≈ 60 bytes); the events themselves are made batch by batch.
 *
 * Stream order: case i's event j has key i + j·lag (lag = concurrency × batchSize cases) and the stream is
 * sorted by key. In steady state a 10,000-event batch then holds 2,000 events of each stage for 2,000
 * different cases: 2,000 new cases are placed and inserted and 8,000 existing cases are loaded and updated,
 * as in a real feed where a case's events arrive over days.
 */
export class Dataset {
  readonly cases: number;
  readonly events: number;
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly category: Uint16Array;
  readonly source: Uint8Array;
  /** Event times (ms), cases × 5. */
  readonly at: Float64Array;
  /** Event indices (case × 5 + stage) in stream order. */
  readonly order: Int32Array;
  /** Whether cases' events are spread over batches (else each case's five events are consecutive: small runs). */
  readonly interleaved: boolean;
  readonly batchCount: number;
  private readonly idPrefix: string;

  constructor(
    readonly options: DatasetOptions,
    readonly minors: readonly MinorCategory[],
    sampler: RegionSampler,
  ) {
    this.cases = Math.floor(options.events / EVENTS_PER_CASE);
    this.events = this.cases * EVENTS_PER_CASE;
    if (this.cases < 1) throw new Error('the data set needs at least one case (5 events)');
    if (minors.length === 0 || minors.length > 65_535) throw new Error(`unusable catalogue: ${minors.length} minor categories`);
    this.idPrefix = `B${options.seed.toString(36)}`;
    this.lon = new Float64Array(this.cases);
    this.lat = new Float64Array(this.cases);
    this.category = new Uint16Array(this.cases);
    this.source = new Uint8Array(this.cases);
    this.at = new Float64Array(this.events);

    for (let i = 0; i < this.cases; i++) {
      const [lon, lat] = sampler.draw(itemRandom(options.seed, STREAM_POINT, i));
      this.lon[i] = lon;
      this.lat[i] = lat;
      const r = itemRandom(options.seed, STREAM_CASE, i);
      this.category[i] = Math.floor(r() * minors.length);
      this.source[i] = Math.floor(r() * CASE_SOURCES.length);
      // Reported 5 to 60 days ago; each later stage after a plausible delay. The whole life is under 5 days.
      let t = secondFloor(options.anchorMs - (5 * DAY + r() * 55 * DAY));
      const delays = [0, 2 * MINUTE + r() * 2 * HOUR, 5 * MINUTE + r() * 4 * HOUR, 30 * MINUTE + r() * 3 * DAY, 10 * MINUTE + r() * DAY];
      for (let j = 0; j < EVENTS_PER_CASE; j++) {
        t = secondFloor(t + delays[j]);
        this.at[i * EVENTS_PER_CASE + j] = t;
      }
    }

    this.batchCount = Math.ceil(this.events / options.batchSize);
    this.order = streamOrder(this.cases, options.concurrency * options.batchSize);
    this.interleaved = this.spacingProblem() === null;
    if (!this.interleaved) {
      // Too few cases to spread lifecycles over batches: each case's five events go one after another.
      this.order = Int32Array.from({ length: this.events }, (_, e) => e);
      const problem = this.spacingProblem();
      if (problem) throw new Error(`data set: ${problem}; use a batch size divisible by 5 or more events`);
    }
  }

  caseId(i: number): string {
    return `${this.idPrefix}-C${i}`;
  }

  eventId(event: number): string {
    const i = Math.floor(event / EVENTS_PER_CASE);
    return `${this.caseId(i)}-${event - i * EVENTS_PER_CASE}`;
  }

  /** The event index of an event id made by this data set, or -1. */
  parseEventId(eventId: string): number {
    const dash = eventId.lastIndexOf('-');
    const c = eventId.lastIndexOf('-C', dash - 1);
    if (dash < 0 || c < 0) return -1;
    const i = Number(eventId.slice(c + 2, dash));
    const j = Number(eventId.slice(dash + 1));
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || i >= this.cases || j < 0 || j >= EVENTS_PER_CASE) return -1;
    return i * EVENTS_PER_CASE + j;
  }

  /** Event indices of batch `b`, in stream order. */
  batch(b: number): Int32Array {
    const size = this.options.batchSize;
    return this.order.subarray(b * size, Math.min((b + 1) * size, this.events));
  }

  /** The body of `POST /api/v1/events` for these events. */
  ingestBody(events: Int32Array): string {
    const out: Record<string, unknown>[] = new Array(events.length);
    for (let k = 0; k < events.length; k++) {
      const e = events[k];
      const i = Math.floor(e / EVENTS_PER_CASE);
      const j = e - i * EVENTS_PER_CASE;
      const base = { eventId: this.eventId(e), caseId: this.caseId(i), type: STAGES[j], at: cst(this.at[e]) };
      if (j === 0) {
        out[k] = { ...base, category: this.minors[this.category[i]].code, lon: this.lon[i], lat: this.lat[i], source: CASE_SOURCES[this.source[i]] as CaseSource };
      } else if (j === 2) {
        out[k] = { ...base, department: this.minors[this.category[i]].department };
      } else {
        out[k] = base;
      }
    }
    return JSON.stringify({ events: out });
  }

  /**
   * The same events as rows of the raw table, in COPY text format:
   * event_id, case_id, type, at, category, lon, lat, geom (hex EWKB, SRID 4326).
   */
  copyRows(events: Int32Array): string {
    const parts: string[] = new Array(events.length);
    for (let k = 0; k < events.length; k++) {
      const e = events[k];
      const i = Math.floor(e / EVENTS_PER_CASE);
      const j = e - i * EVENTS_PER_CASE;
      const lon = this.lon[i];
      const lat = this.lat[i];
      parts[k] = `${this.eventId(e)}\t${this.caseId(i)}\t${STAGES[j]}\t${cst(this.at[e])}\t${this.minors[this.category[i]].code}\t${lon}\t${lat}\t${ewkbPoint(lon, lat)}\n`;
    }
    return parts.join('');
  }

  /**
   * Null when every event of a case lies in the same batch as the case's previous event or at least
   * `concurrency` batches after it (see `DatasetOptions.concurrency`); else what is wrong.
   */
  private spacingProblem(): string | null {
    const { batchSize, concurrency } = this.options;
    const lastBatch = new Int32Array(this.cases).fill(-1);
    for (let pos = 0; pos < this.order.length; pos++) {
      const e = this.order[pos];
      const i = Math.floor(e / EVENTS_PER_CASE);
      const b = Math.floor(pos / batchSize);
      const gap = b - lastBatch[i];
      if (e - i * EVENTS_PER_CASE !== 0 && gap !== 0 && gap < concurrency) {
        return `case ${i} has events in batches ${lastBatch[i]} and ${b}, closer than the concurrency ${concurrency}`;
      }
      lastBatch[i] = b;
    }
    return null;
  }
}

function streamOrder(cases: number, lag: number): Int32Array {
  const order = new Int32Array(cases * EVENTS_PER_CASE);
  let n = 0;
  const lastKey = cases - 1 + (EVENTS_PER_CASE - 1) * lag;
  for (let key = 0; key <= lastKey; key++) {
    for (let j = 0; j < EVENTS_PER_CASE; j++) {
      const i = key - j * lag;
      if (i >= 0 && i < cases) order[n++] = i * EVENTS_PER_CASE + j;
    }
  }
  return order;
}

function secondFloor(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** `2026-03-01T09:30:00+08:00`: the instant in China Standard Time. */
export function cst(ms: number): string {
  return `${new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

const ewkb = Buffer.alloc(25);
ewkb.writeUInt8(1, 0); // little endian
ewkb.writeUInt32LE(0x20000001, 1); // Point, with SRID
ewkb.writeUInt32LE(4326, 5);

/** A point as hex EWKB with SRID 4326, which PostGIS reads directly in COPY. */
export function ewkbPoint(lon: number, lat: number): string {
  ewkb.writeDoubleLE(lon, 9);
  ewkb.writeDoubleLE(lat, 17);
  return ewkb.toString('hex');
}
