import type { IngestEvent } from '@gridlens/contracts';
import { describe, expect, it } from 'vitest';
import type { SimDistrict } from './city';
import { defaultClock, generateEvents } from './generator';
import { checkStream, loadCatalogue } from './spec-helpers';

const catalogue = loadCatalogue();
const clock = defaultClock();
// Two made-up districts round Changzhou's centre (WGS84), one L-shaped (concave).
const districts: SimDistrict[] = [
  { code: 'A', geometry: { type: 'Polygon', coordinates: [[[119.9, 31.75], [119.98, 31.75], [119.98, 31.82], [119.9, 31.82], [119.9, 31.75]]] } },
  {
    code: 'B',
    weight: 0.5,
    geometry: { type: 'Polygon', coordinates: [[[119.98, 31.75], [120.08, 31.75], [120.08, 31.78], [120.01, 31.78], [120.01, 31.84], [119.98, 31.84], [119.98, 31.75]]] },
  },
];
const from = '2026-03-02T00:00:00+08:00'; // a Monday
const to = '2026-03-04T00:00:00+08:00';
const take = (it: Iterable<IngestEvent>, n: number) => {
  const out: IngestEvent[] = [];
  for (const e of it) {
    out.push(e);
    if (out.length >= n) break;
  }
  return out;
};

describe('generateEvents', () => {
  const options = { seed: 'unit', from, to, districts, catalogue, rate: { casesPerDay: 600 } };
  const events = [...generateEvents(options)];

  it('emits valid events (contract and workflow), in time order, inside [from, to)', () => {
    expect(events.length).toBeGreaterThan(2000);
    const { errors } = checkStream(events, districts, catalogue, clock, Date.parse(to));
    expect(errors).toEqual([]);
    expect(Date.parse(events[0].at)).toBeGreaterThanOrEqual(Date.parse(from));
    expect(Date.parse(events[events.length - 1].at)).toBeLessThan(Date.parse(to));
    expect(events.every((e) => e.at.endsWith('+08:00'))).toBe(true);
  });

  it('is deterministic for a seed and different for another', () => {
    expect([...generateEvents(options)]).toEqual(events);
    const other = take(generateEvents({ ...options, seed: 'other' }), 200);
    expect(other).not.toEqual(events.slice(0, 200));
  });

  it('is lazy: an endless stream yields its first events at once, and a longer range starts with the same events', () => {
    const endless = take(generateEvents({ ...options, to: undefined }), 500);
    expect(endless).toHaveLength(500);
    const longer = take(generateEvents({ ...options, to: '2026-03-10T00:00:00+08:00', emergingSince: '2026-02-24T00:00:00+08:00' }), 300);
    const same = take(generateEvents({ ...options, to: '2026-03-20T00:00:00+08:00', emergingSince: '2026-02-24T00:00:00+08:00' }), 300);
    expect(longer).toEqual(same);
  });

  it('follows the rate model', () => {
    // Two workdays: inspectors and collectors (62 %) report only in working time, at 7/5 of their weekly average.
    const cases = events.filter((e) => e.type === 'reported').length;
    const expected = 600 * 2 * (0.38 + 0.62 * 1.4);
    expect(cases).toBeGreaterThan(expected * 0.9);
    expect(cases).toBeLessThan(expected * 1.1);
  });
});
