import type { IngestEvent } from '@gridlens/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCity, defaultClock, generateEvents } from './generator';
import { distanceMetres, pointInGeometry } from './geometry';
import { hotspotStrength } from './hotspots';
import { Rhythm } from './rhythm';
import { type CheckedStream, checkStream, loadCatalogue, loadChangzhouDistricts } from './spec-helpers';

// A week of the demo city: Changzhou's six real districts (GCJ-02 → WGS84), the seed catalogue.
const catalogue = loadCatalogue();
const districts = loadChangzhouDistricts();
const clock = defaultClock();
const rhythm = new Rhythm(clock);
const from = '2026-03-02T00:00:00+08:00'; // Monday
const to = '2026-03-09T00:00:00+08:00';
const emergingSince = '2026-03-05T00:00:00+08:00';
const options = { seed: 'changzhou-week', from, to, emergingSince, districts, catalogue, rate: { casesPerDay: 1500 } };
const reported = (e: IngestEvent): e is Extract<IngestEvent, { type: 'reported' }> => e.type === 'reported';
const CELL = 0.005; // about 500 m
const cellOf = (lon: number, lat: number) => `${Math.floor(lon / CELL)}:${Math.floor(lat / CELL)}`;

describe('a week of Changzhou', () => {
  let events: IngestEvent[];
  let checked: CheckedStream;
  beforeAll(() => {
    events = [...generateEvents(options)];
    checked = checkStream(events, districts, catalogue, clock, Date.parse(to));
  });

  it('is valid: every event per contract and workflow, every point inside a district', () => {
    expect(checked.errors).toEqual([]);
    expect(checked.cases.size).toBeGreaterThan(7 * 1500 * 0.85);
    expect(checked.cases.size).toBeLessThan(7 * 1500 * 1.15);
  });

  it('is deterministic for the seed', () => {
    const again = [...generateEvents(options)];
    expect(again.length).toBe(events.length);
    expect(again).toEqual(events);
  });

  it('puts most cases in the urban core', () => {
    const counts = new Map<string, number>();
    for (const s of checked.cases.values()) counts.set(s.regions.district!, (counts.get(s.regions.district!) ?? 0) + 1);
    expect(counts.size).toBe(6);
    expect(counts.get('320402')!).toBeGreaterThan(2 * counts.get('320481')!);
  });

  it('has sensible proportions of sources, side flows and overdue cases', () => {
    const all = [...checked.cases.values()];
    const share = (pred: (s: (typeof all)[number]) => boolean) => all.filter(pred).length / all.length;
    const kinds = (type: string) => new Set(events.filter((e) => e.type === type).map((e) => e.caseId)).size / all.length;
    expect(share((s) => s.source === 'inspector')).toBeGreaterThan(0.45);
    expect(share((s) => s.source === 'inspector')).toBeLessThan(0.65);
    expect(share((s) => s.source === 'public' || s.source === 'hotline')).toBeGreaterThan(0.18);
    expect(kinds('voided')).toBeGreaterThan(0.02);
    expect(kinds('voided')).toBeLessThan(0.08);
    expect(kinds('returned')).toBeGreaterThan(0.02);
    expect(kinds('returned')).toBeLessThan(0.08);
    expect(kinds('rework')).toBeGreaterThan(0.02);
    expect(kinds('rework')).toBeLessThan(0.09);
    expect(kinds('suspended')).toBeGreaterThan(0.005);
    expect(kinds('suspended')).toBeLessThan(0.05);
    expect(kinds('extended')).toBeGreaterThan(0.005);
    expect(kinds('extended')).toBeLessThan(0.08);
    const selfHandled = [...checked.eventsOf.values()].filter((list) => list.length === 3 && list[1].type === 'registered' && list[2].type === 'closed');
    expect(selfHandled.length / all.length).toBeGreaterThan(0.02);
    expect(selfHandled.length / all.length).toBeLessThan(0.15);

    const closed = all.filter((s) => s.status === 'closed' && s.dispatchCount > 0);
    const late = closed.filter((s) => s.closedOnTime === false).length / closed.length;
    expect(late).toBeGreaterThan(0.05);
    expect(late).toBeLessThan(0.35);
    // Most cases reported in the first days are closed by the end of the week; some recent ones are still open.
    const early = all.filter((s) => s.reportedAt < Date.parse('2026-03-05T00:00:00+08:00'));
    expect(early.filter((s) => s.status === 'closed' || s.status === 'voided').length / early.length).toBeGreaterThan(0.85);
    expect(all.some((s) => s.status !== 'closed' && s.status !== 'voided')).toBe(true);
  });

  it('has inspector reports only in working hours of workdays, public reports with a daily rhythm', () => {
    const rep = events.filter(reported);
    const inspector = rep.filter((e) => e.source === 'inspector');
    expect(inspector.length).toBeGreaterThan(1000);
    expect(inspector.every((e) => rhythm.isWorking(Date.parse(e.at)))).toBe(true);
    expect(inspector.some((e) => rhythm.local(Date.parse(e.at)).weekday >= 5)).toBe(false); // 7–8 March: weekend
    expect(inspector.every((e) => e.reporterId?.startsWith('INS-'))).toBe(true);
    const pub = rep.filter((e) => e.source === 'public' || e.source === 'hotline');
    const hourOf = (e: IngestEvent) => rhythm.local(Date.parse(e.at)).hour;
    const night = pub.filter((e) => hourOf(e) < 6).length / 6;
    const day = pub.filter((e) => hourOf(e) >= 9 && hourOf(e) < 11).length / 2;
    expect(day).toBeGreaterThan(8 * night);
  });

  it('shows the hotspots: their cells far above the average cell', () => {
    const city = buildCity(options);
    const cells = new Map<string, Map<string, number>>();
    for (const e of events.filter(reported)) {
      const key = cellOf(e.lon, e.lat);
      const byCat = cells.get(key) ?? new Map<string, number>();
      byCat.set(e.category, (byCat.get(e.category) ?? 0) + 1);
      cells.set(key, byCat);
    }
    const total = (m: Map<string, number> | undefined) => (m ? [...m.values()].reduce((s, v) => s + v, 0) : 0);
    const mean = [...cells.values()].reduce((s, m) => s + total(m), 0) / cells.size;
    for (const h of city.hotspots) {
      expect(pointInGeometry(h.centre[0], h.centre[1], city.districts[h.district].geometry)).toBe(true);
      // The busiest of the 3×3 cells round the centre (its reports straddle cell edges).
      const [cx, cy] = cellOf(h.centre[0], h.centre[1]).split(':').map(Number);
      let hotCount = 0;
      for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++) hotCount = Math.max(hotCount, total(cells.get(`${cx + dx}:${cy + dy}`)));
      // The emerging one has had only the last four days (ramping up over three).
      expect(hotCount, h.id).toBeGreaterThan((h.emergesAt ? 6 : 10) * mean);
    }
    const oldTown = city.hotspots.find((h) => h.id === 'old-town-garbage')!;
    const market = city.hotspots.find((h) => h.id === 'market-parking-1')!;
    expect(cells.get(cellOf(...oldTown.centre))!.get('E0102')!).toBeGreaterThan(30);
    expect(cells.get(cellOf(...market.centre))!.get('E0505')!).toBeGreaterThan(30);
  });

  it('has the emerging hotspot appear only after it emerges', () => {
    const city = buildCity(options);
    const h = city.hotspots.find((x) => x.emergesAt !== undefined)!;
    expect(h.emergesAt).toBe(Date.parse(emergingSince));
    expect(hotspotStrength(h, Date.parse(emergingSince) - 1)).toBe(0);
    const near = (e: Extract<IngestEvent, { type: 'reported' }>) =>
      distanceMetres([e.lon, e.lat], h.centre) < 400 && e.category in h.categories;
    const rep = events.filter(reported).filter(near);
    const before = rep.filter((e) => Date.parse(e.at) < h.emergesAt!).length;
    const after = rep.filter((e) => Date.parse(e.at) >= h.emergesAt!).length;
    expect(before).toBeLessThan(3);
    expect(after).toBeGreaterThan(40);
  });
});
