/**
 * A socket.io-client on the `/live` namespace, typed with the contracts, that records every `events` and
 * `kpis` frame it receives, and lets a test wait (event-driven, never sleeping) until a condition holds.
 */
import { io, type Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type KpiSnapshot,
  type LiveEvent,
  type LiveSubscription,
  type ServerToClientEvents,
  type SubscribeAck,
} from '@gridlens/contracts';
import { Changes, withTimeout } from './wait';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Frame {
  receivedAt: number;
  events: LiveEvent[];
}

function open(url: string, auth: Record<string, unknown> | undefined): LiveSocket {
  return io(`${url}${LIVE_NAMESPACE}`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
  });
}

/** Connect without (or with a bad) token: resolves with the connect_error the server sends; rejects if it connects. */
export function expectConnectError(url: string, auth?: Record<string, unknown>): Promise<Error> {
  const socket = open(url, auth);
  return withTimeout(
    new Promise<Error>((resolve, reject) => {
      socket.once('connect', () => {
        socket.disconnect();
        reject(new Error('the socket connected, but a connect_error was expected'));
      });
      socket.once('connect_error', (error) => {
        socket.disconnect();
        resolve(error);
      });
    }),
    15_000,
    'connect_error',
  );
}

export class LiveRecorder {
  readonly events: LiveEvent[] = [];
  readonly frames: Frame[] = [];
  readonly kpis: KpiSnapshot[] = [];
  readonly changes = new Changes();
  disconnected = false;

  private constructor(readonly name: string, readonly socket: LiveSocket) {
    socket.on('events', (events) => {
      this.frames.push({ receivedAt: Date.now(), events });
      this.events.push(...events);
      this.changes.notify();
    });
    socket.on('kpis', (snapshot) => {
      this.kpis.push(snapshot);
      this.changes.notify();
    });
    socket.on('disconnect', () => {
      this.disconnected = true;
      this.changes.notify();
    });
  }

  static connect(name: string, url: string, token: string): Promise<LiveRecorder> {
    const socket = open(url, { token });
    return withTimeout(
      new Promise<LiveRecorder>((resolve, reject) => {
        socket.once('connect', () => resolve(new LiveRecorder(name, socket)));
        socket.once('connect_error', (error) => {
          socket.disconnect();
          reject(new Error(`${name}: connect_error: ${error.message}`));
        });
      }),
      15_000,
      `${name} to connect`,
    );
  }

  subscribe(subscription: LiveSubscription): Promise<SubscribeAck> {
    return new Promise<SubscribeAck>((resolve, reject) => {
      this.socket.timeout(15_000).emit('subscribe', subscription, (error: Error | null, ack: SubscribeAck) => {
        if (error) reject(new Error(`${this.name}: no subscribe ack: ${error.message}`));
        else resolve(ack);
      });
    });
  }

  /** Subscribe and require ok: true; returns the head seq of the ack. */
  async subscribeOk(subscription: LiveSubscription): Promise<number> {
    const ack = await this.subscribe(subscription);
    if (!ack.ok) throw new Error(`${this.name}: subscribe refused: ${ack.error}`);
    return ack.seq;
  }

  lastSeq(): number {
    return this.events.length ? this.events[this.events.length - 1].seq : -1;
  }

  /** Resolves once the check holds (evaluated on every frame), rejects after the timeout. */
  until<T>(check: () => T | false | null | undefined, what: string, timeoutMs = 60_000): Promise<T> {
    return this.changes.until(check, {
      timeoutMs,
      what: `${this.name}: ${what}`,
      state: () => `${this.events.length} events received, last seq ${this.lastSeq()}, ${this.kpis.length} kpis frames`,
    });
  }

  /** Until an event with seq ≥ `seq` has arrived. */
  untilSeq(seq: number, timeoutMs = 60_000): Promise<true> {
    return this.until(() => this.lastSeq() >= seq, `an event with seq ≥ ${seq}`, timeoutMs);
  }

  /** Until `count` events have arrived in total. */
  untilCount(count: number, timeoutMs = 60_000): Promise<true> {
    return this.until(() => this.events.length >= count, `${count} events`, timeoutMs);
  }

  /** Until a kpis frame matching the predicate has arrived; resolves with it. */
  untilKpis(predicate: (s: KpiSnapshot) => boolean, what: string, timeoutMs = 60_000): Promise<KpiSnapshot> {
    return this.until(() => [...this.kpis].reverse().find(predicate), `a kpis frame with ${what}`, timeoutMs);
  }

  close(): void {
    this.socket.disconnect();
  }
}
