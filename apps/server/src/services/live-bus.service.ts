import { Injectable } from '@nestjs/common';
import type { LiveEvent } from '@gridlens/contracts';

type Listener = (events: LiveEvent[]) => void;

/**
 * Where committed events go after their transaction: to this instance's live stream and, when the
 * socket.io Redis Streams adapter is on, to every other instance (the gateway wires `relay`).
 * It carries notifications only; the event log in the database stays the truth (clients fill gaps from it).
 */
@Injectable()
export class LiveBus {
  private readonly listeners = new Set<Listener>();
  private relay: Listener | null = null;

  /** Events this instance committed. */
  publish(events: LiveEvent[]): void {
    if (events.length === 0) return;
    this.deliver(events);
    this.relay?.(events);
  }

  /** Events another instance committed, relayed to us. */
  receiveRelayed(events: LiveEvent[]): void {
    this.deliver(events);
  }

  setRelay(relay: Listener | null): void {
    this.relay = relay;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private deliver(events: LiveEvent[]): void {
    for (const listener of this.listeners) listener(events);
  }
}
