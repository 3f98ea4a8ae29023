import type { IngestEvent } from '@gridlens/contracts';
import { describe, expect, it } from 'vitest';
import { generateEvents } from './generator';
import { nextArrival } from './rhythm';
import { Rng } from './rng';
import { loadCatalogue, loadChangzhouDistricts } from './spec-helpers';

const catalogue = loadCatalogue();
const districts = loadChangzhouDistricts();
const DAY = 86_400_000;
const from = Date.parse('2026-03-02T00:00:00+08:00'); // a Monday
const liveFrom = from + 2 * DAY;
const to = liveFrom + 2 * DAY;
const base = { seed: 'live', from, to, districts, catalogue, rate: { casesPerDay: 300 }, emergingSince: from };
const reportedIn = (events: IngestEvent[], start: number, end: number) =>
  events.filter((e) => e.type === 'reported' && Date.parse(e.at) >= start && Date.parse(e.at) < end).length;

describe('live rate (liveFrom, liveRateMultiplier)', () => {
  const plain = [...generateEvents(base)];
  const boosted = [...generateEvents({ ...base, liveFrom, liveRateMultiplier: 8 })];

  it('leaves every event before liveFrom as it was', () => {
    const before = (events: IngestEvent[]) => events.filter((e) => Date.parse(e.at) < liveFrom);
    expect(before(boosted)).toEqual(before(plain));
    expect(before(plain).length).toBeGreaterThan(500);
  });

  it('multiplies the arrivals after liveFrom, and only the arrivals', () => {
    const plainLive = reportedIn(plain, liveFrom, to);
    const boostedLive = reportedIn(boosted, liveFrom, to);
    expect(plainLive).toBeGreaterThan(300);
    expect(boostedLive / plainLive).toBeGreaterThan(6.5);
    expect(boostedLive / plainLive).toBeLessThan(9.5);
    expect(reportedIn(boosted, from, liveFrom)).toBe(reportedIn(plain, from, liveFrom));
  });

  it('is deterministic, and a multiplier of 1 changes nothing', () => {
    expect([...generateEvents({ ...base, liveFrom, liveRateMultiplier: 8 })]).toEqual(boosted);
    expect([...generateEvents({ ...base, liveFrom, liveRateMultiplier: 1 })]).toEqual(plain);
  });

  it('refuses a multiplier that is not positive', () => {
    expect(() => generateEvents({ ...base, liveFrom, liveRateMultiplier: 0 }).next()).toThrow(/liveRateMultiplier/);
  });
});

describe('nextArrival', () => {
  const live = { from: 600_000, multiplier: 4 };
  it('draws as without a live rate before live.from, and faster after it', () => {
    const gaps = (start: number, liveRate: typeof live | null) => {
      const rng = new Rng('gaps');
      let t = start;
      const out: number[] = [];
      for (let i = 0; i < 2000; i++) {
        const next = nextArrival(t, 1, liveRate, (r) => rng.exponential(r)).at;
        out.push(next - t);
        t = next;
      }
      return out;
    };
    const rng = new Rng('one');
    // A gap crossing live.from becomes a restart there (drawn again at the live rate when the stream gets there).
    expect(nextArrival(0, 0.001, live, (r) => rng.exponential(r))).toEqual({ at: live.from, restart: true });
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(gaps(live.from, live)) / mean(gaps(live.from, null))).toBeCloseTo(0.25, 5);
    expect(gaps(0, { from: Infinity, multiplier: 4 })).toEqual(gaps(0, null));
  });
});
