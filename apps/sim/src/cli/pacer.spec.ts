import type { IngestEvent } from '@gridlens/contracts';
import { describe, expect, it } from 'vitest';
import { defaultClock, generateEvents, type SimDistrict } from '@gridlens/city-sim';
import { checkStream, loadCatalogue } from '../../../../libs/city-sim/src/spec-helpers';
import { Pacer } from './pacer';

const catalogue = loadCatalogue();
const districts: SimDistrict[] = [
  { code: 'A', geometry: { type: 'Polygon', coordinates: [[[119.9, 31.75], [119.98, 31.75], [119.98, 31.82], [119.9, 31.82], [119.9, 31.75]]] } },
];
const start = Date.parse('2026-03-02T10:00:00.250+08:00');

describe('Pacer', () => {
  const rate = 400;
  const pacer = new Pacer(generateEvents({ seed: 'pacer', from: start, districts, catalogue })[Symbol.iterator](), rate, start, 'Asia/Shanghai');
  const ticks: { now: number; events: IngestEvent[] }[] = [];
  for (let now = start + 250; now <= start + 60_000; now += 250) ticks.push({ now, events: pacer.take(now) });
  const events = ticks.flatMap((t) => t.events);

  it('hands out `rate` events per second of wall time', () => {
    expect(events.length).toBe(rate * 60);
    expect(ticks.every((t) => t.events.length === 100)).toBe(true);
    expect(pacer.due(start + 60_000)).toBe(0);
    expect(pacer.due(start + 60_100)).toBe(40);
  });

  it('times every event within its tick (never in the future), a case strictly increasing', () => {
    let previousTick = start;
    for (const { now, events: batch } of ticks) {
      for (const e of batch) {
        const at = Date.parse(e.at);
        expect(at).toBeGreaterThan(previousTick);
        expect(at).toBeLessThanOrEqual(now + 50);
      }
      previousTick = now;
    }
    const last = new Map<string, number>();
    for (const e of events) {
      const at = Date.parse(e.at);
      expect(at).toBeGreaterThan(last.get(e.caseId) ?? -Infinity);
      last.set(e.caseId, at);
    }
  });

  it('keeps the stream valid (contract and workflow), whole case lifecycles included', () => {
    const { errors, cases } = checkStream(events, districts, catalogue, defaultClock(), start + 60_000);
    expect(errors.filter((e) => !e.endsWith('out of global order'))).toEqual([]);
    const types = new Set(events.map((e) => e.type));
    for (const t of ['reported', 'registered', 'dispatched', 'handled', 'closed']) expect(types).toContain(t);
    expect([...cases.values()].some((c) => c.status === 'closed')).toBe(true);
  });
});
