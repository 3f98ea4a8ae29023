// Pacing of the live stream: the generator's events are handed out at `rate` events per second of wall-clock time,
// in their own order, and re-timed onto the wall clock. So the simulated case timelines are compressed (or stretched)
// to whatever the rate asks for, and every event stays valid for the server: its time lies in the tick it is sent in
// (never in the future, bar a few ms), and a case's events stay strictly increasing in time.
import type { IngestEvent } from '@gridlens/contracts';
import { formatInstant } from '@gridlens/city-sim';

export class Pacer {
  private taken = 0;
  private lastTick: number;
  /** Time (ms) of each open case's latest event; forgotten when the case ends. */
  private readonly lastAt = new Map<string, number>();

  constructor(
    private readonly events: Iterator<IngestEvent>,
    private readonly rate: number,
    private readonly start: number,
    private readonly timeZone: string,
  ) {
    this.lastTick = start;
  }

  /** How many events are due at `now` and not yet taken. */
  due(now: number): number {
    return Math.max(0, Math.floor(((now - this.start) * this.rate) / 1000) - this.taken);
  }

  /** Take up to `max` due events (all due ones by default), timed within (previous take, now]. */
  take(now: number, max = Infinity): IngestEvent[] {
    const n = Math.min(this.due(now), max);
    const out: IngestEvent[] = [];
    const span = Math.max(0, now - this.lastTick);
    for (let i = 0; i < n; i++) {
      const next = this.events.next();
      if (next.done) break;
      const event = next.value;
      let at = Math.floor(this.lastTick + ((i + 1) * span) / n);
      const previous = this.lastAt.get(event.caseId);
      if (previous !== undefined && at <= previous) at = previous + 1;
      if (event.type === 'closed' || event.type === 'voided') this.lastAt.delete(event.caseId);
      else this.lastAt.set(event.caseId, at);
      out.push({ ...event, at: formatInstant(at, this.timeZone) });
    }
    this.taken += n;
    this.lastTick = now;
    return out;
  }
}
