import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type ClientToServerEvents, type LiveEvent, type ServerToClientEvents } from '@gridlens/contracts';
import type { Dataset } from './dataset';

/**
 * A dashboard on the live stream: subscribes to everything and counts what arrives, per event (so a
 * duplicate or a stranger is noticed) and per batch (so the delay from a batch's response to its last
 * event reaching the socket can be measured).
 */
export class LiveCounter {
  received = 0;
  duplicates = 0;
  foreign = 0;
  frames = 0;
  kpiFrames = 0;
  maxSeq = 0;
  outOfOrder = 0;
  lastEventAt = 0;
  /** Per batch: how many of its events arrived, and when the last one did (performance.now()). */
  readonly perBatch: Int32Array;
  readonly batchCompleteAt: Float64Array;
  private readonly seen: Uint8Array;
  private readonly batchOf: Int32Array;
  private waiter: { target: number; resolve: () => void } | null = null;
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;

  constructor(private readonly data: Dataset) {
    this.seen = new Uint8Array(data.events);
    this.batchOf = new Int32Array(data.events);
    for (let b = 0; b < data.batchCount; b++) for (const e of data.batch(b)) this.batchOf[e] = b;
    this.perBatch = new Int32Array(data.batchCount);
    this.batchCompleteAt = new Float64Array(data.batchCount);
  }

  /** Connect to `${url}/live`, subscribe to the whole city; resolves with the head seq of the ack. */
  async attach(url: string, token: string, timeoutMs = 30_000): Promise<number> {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${url}${LIVE_NAMESPACE}`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
    });
    this.socket = socket;
    socket.on('events', (events) => this.onEvents(events));
    socket.on('kpis', () => (this.kpiFrames += 1));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('live: no socket.io connection within the timeout')), timeoutMs);
      socket.once('connect', () => (clearTimeout(timer), resolve()));
      socket.once('connect_error', (error) => (clearTimeout(timer), reject(new Error(`live: ${error.message}`))));
    });
    const ack = await socket.timeout(timeoutMs).emitWithAck('subscribe', {});
    if (!ack.ok) throw new Error(`live: subscribe refused: ${ack.error}`);
    return ack.seq;
  }

  /** Resolves once `target` distinct events arrived; rejects after `timeoutMs` with what arrived so far. */
  waitFor(target: number, timeoutMs: number): Promise<void> {
    if (this.received >= target) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new Error(`live: ${this.received} of ${target} events arrived within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.waiter = { target, resolve: () => (clearTimeout(timer), resolve()) };
    });
  }

  close(): void {
    this.socket?.close();
  }

  private onEvents(events: LiveEvent[]): void {
    const now = performance.now();
    this.frames += 1;
    for (const e of events) {
      if (e.seq <= this.maxSeq) this.outOfOrder += 1;
      else this.maxSeq = e.seq;
      const index = this.data.parseEventId(e.eventId);
      if (index < 0) {
        this.foreign += 1;
        continue;
      }
      if (this.seen[index]) {
        this.duplicates += 1;
        continue;
      }
      this.seen[index] = 1;
      this.received += 1;
      const b = this.batchOf[index];
      this.perBatch[b] += 1;
      if (this.perBatch[b] === this.data.batch(b).length) this.batchCompleteAt[b] = now;
    }
    this.lastEventAt = now;
    if (this.waiter && this.received >= this.waiter.target) {
      const { resolve } = this.waiter;
      this.waiter = null;
      resolve();
    }
  }
}
