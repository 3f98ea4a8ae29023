import type { IngestEvent } from '@gridlens/contracts';

/**
 * A look-ahead over the demo's endless, time-ordered event stream: take what is due before an instant, leave the
 * rest for later. Each event's time is parsed once.
 */
export class EventCursor {
  private head: IngestEvent | null = null;
  private headAt = Infinity;

  constructor(private readonly events: Iterator<IngestEvent>) {
    this.advance();
  }

  /** Time (epoch ms) of the next event; Infinity when the stream has ended. */
  get nextAt(): number {
    return this.headAt;
  }

  /** Pass over the events before `t` (epoch ms) without returning them; how many were passed. */
  skipBefore(t: number): number {
    let skipped = 0;
    while (this.head && this.headAt < t) {
      this.advance();
      skipped++;
    }
    return skipped;
  }

  /** Up to `max` next events whose time is before `until` (epoch ms), in stream order. */
  take(until: number, max: number): IngestEvent[] {
    const out: IngestEvent[] = [];
    while (this.head && this.headAt < until && out.length < max) {
      out.push(this.head);
      this.advance();
    }
    return out;
  }

  private advance(): void {
    const next = this.events.next();
    this.head = next.done ? null : next.value;
    this.headAt = this.head ? Date.parse(this.head.at) : Infinity;
  }
}
