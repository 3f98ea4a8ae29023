import { readFileSync } from 'node:fs';
import type { IngestEvent } from '@gridlens/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCity, defaultClock, generateEvents } from './generator';
import { distanceMetres } from './geometry';
import { GridOwners, MIN_PATROL_GRIDS, type SimGrid, patrolAreas } from './grid-patrols';
import { checkStream, loadCatalogue, loadChangzhouDistricts } from './spec-helpers';
import { type BuiltUpArea, type SyntheticGrid, buildSyntheticRegions } from './synthetic-regions';

/** Under a shared, busy CPU these take seconds; the default 5 s is too tight. */
const HEAVY = 60_000;
const catalogue = loadCatalogue();
const districts = loadChangzhouDistricts();
const builtUp = (JSON.parse(readFileSync(new URL('../../../db/seed/regions/changzhou/synthetic.json', import.meta.url), 'utf8')) as {
  builtUp: BuiltUpArea[];
}).builtUp;
const clock = defaultClock();
const from = '2026-03-02T00:00:00+08:00'; // Monday
const to = '2026-03-05T00:00:00+08:00';
type Reported = Extract<IngestEvent, { type: 'reported' }>;

describe('inspectors patrolling their own unit grids', () => {
  let grids: SyntheticGrid[];
  let options: Parameters<typeof generateEvents>[0];
  beforeAll(() => {
    grids = buildSyntheticRegions(
      districts.map((d) => ({ code: d.code, nameZh: d.name!, nameEn: d.code, geometry: d.geometry })),
      builtUp,
    ).grids;
    options = { seed: 'patrols', from, to, districts, catalogue, grids, rate: { casesPerDay: 1500 } };
  }, HEAVY);

  it('cuts each street into areas of whole communities, about 30–60 grids, every grid in one area', () => {
    const areas = [...patrolAreas(grids).values()].flat();
    expect(areas.reduce((n, a) => n + a.length, 0)).toBe(grids.length);
    expect(new Set(areas.flat().map((g) => g.code)).size).toBe(grids.length);
    const sizes = areas.map((a) => a.length).sort((a, b) => a - b);
    expect(sizes[Math.floor(sizes.length / 2)]).toBeGreaterThanOrEqual(MIN_PATROL_GRIDS);
    expect(sizes[Math.floor(sizes.length / 2)]).toBeLessThanOrEqual(60);
    expect(sizes.filter((n) => n < MIN_PATROL_GRIDS || n > 90).length).toBeLessThan(areas.length * 0.1);
    for (const area of areas) {
      expect(new Set(area.map((g) => g.street)).size).toBe(1);
      // Whole communities: every grid of a community in the area is in it.
      const communities = new Set(area.map((g) => g.parent));
      expect(grids.filter((g) => communities.has(g.parent)).length).toBe(area.length);
    }
  }, HEAVY);

  it('gives each inspector a route through the centres of their own grids, mostly one grid per step', () => {
    const city = buildCity(options);
    const owned = city.inspectors.flatMap((x) => x.cells ?? []);
    expect(owned.length).toBe(grids.length);
    expect(new Set(city.inspectors.map((x) => x.id)).size).toBe(city.inspectors.length);
    let steps = 0;
    let neighbourSteps = 0;
    for (const x of city.inspectors) {
      expect(x.route.length).toBe(x.cells!.length);
      x.route.forEach((p, i) => {
        const [w, s, e, n] = x.cells![i];
        expect(p[0] > w && p[0] < e && p[1] > s && p[1] < n).toBe(true);
        if (i > 0) {
          steps++;
          if (distanceMetres(x.route[i - 1], p) < 110) neighbourSteps++;
        }
      });
    }
    expect(neighbourSteps / steps).toBeGreaterThan(0.8);
  }, HEAVY);

  it("puts every inspector report in the reporter's own grids (a hotspot outside every grid excepted)", () => {
    const events = [...generateEvents(options)];
    const checked = checkStream(events, districts, catalogue, clock, Date.parse(to));
    expect(checked.errors).toEqual([]);
    const city = buildCity(options);
    const byId = new Map(city.inspectors.map((x) => [x.id, x]));
    const anyGrid = new GridOwners(grids.map((g: SimGrid) => ({ cells: [g.bbox], owner: g.code })));
    const inspector = events.filter((e): e is Reported => e.type === 'reported' && e.source === 'inspector');
    expect(inspector.length).toBeGreaterThan(1000);
    let own = 0;
    const stray: string[] = [];
    for (const e of inspector) {
      const x = byId.get(e.reporterId!)!;
      const mine = new GridOwners([{ cells: x.cells!, owner: true }]).at([e.lon, e.lat]);
      if (mine) own++;
      else if (anyGrid.at([e.lon, e.lat]) !== null) stray.push(`${e.caseId} by ${e.reporterId} at ${e.lon},${e.lat}`);
    }
    expect(stray).toEqual([]);
    expect(own / inspector.length).toBeGreaterThan(0.9);
    // Spread over many inspectors' grids, not a few.
    expect(new Set(inspector.map((e) => e.reporterId)).size).toBeGreaterThan(city.inspectors.length * 0.8);
  }, HEAVY);

  it('is deterministic and, without grids, keeps the random routes', () => {
    const a = generateEvents(options);
    const b = generateEvents(options);
    for (let i = 0; i < 3000; i++) expect(a.next().value).toEqual(b.next().value);
    const free = buildCity({ ...options, grids: undefined });
    expect(free.inspectors.every((x) => x.cells === undefined)).toBe(true);
    expect(free.inspectors.length).toBeLessThan(100);
  }, HEAVY);
});
