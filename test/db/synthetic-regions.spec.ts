import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { TRUNCATED_HEADER, type RegionList } from '@gridlens/contracts';
import type { SimGrid, SyntheticRegions } from '@gridlens/city-sim';
import { CatalogueController } from '../../apps/server/src/controllers/catalogue.controller';
import type { Database } from '../../apps/server/src/db/database';
import { RegionRepository } from '../../apps/server/src/repositories/region.repository';
import { CatalogueService } from '../../apps/server/src/services/catalogue.service';
import { SeedService } from '../../apps/server/src/services/seed.service';
import { loadSyntheticRegions } from '../../apps/server/src/services/synthetic-regions-file';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

interface Fc {
  features: { id: string; properties: { level: string; synthetic: boolean }; geometry: { type: string } }[];
}

/** A fake express response: the headers the controller sets. */
function fakeResponse() {
  const headers: Record<string, string> = {};
  return { headers, res: { setHeader: (name: string, value: string) => void (headers[name] = value) } };
}

/** The controller itself (the test context has no HTTP layer), on the context's services. */
const controllerOf = (app: INestApplicationContext) => new CatalogueController(app.get(RegionRepository), app.get(CatalogueService));

const boxesMeet = (a: number[], b: { minLon: number; minLat: number; maxLon: number; maxLat: number }) =>
  a[0] <= b.maxLon && a[2] >= b.minLon && a[1] <= b.maxLat && a[3] >= b.minLat;

for (const backend of testBackends()) {
  describe(`synthetic streets, communities and unit grids on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let expected: SyntheticRegions;
    let seconds: number;

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      expected = await loadSyntheticRegions('changzhou');
      const started = performance.now();
      expect(await app.get(SeedService).seedSyntheticRegions('changzhou')).toBe(true);
      seconds = (performance.now() - started) / 1000;
      console.log(`seedSyntheticRegions on ${backend.name}: ${expected.grids.length} grids in ${seconds.toFixed(2)} s`);
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('stores every street, community and grid once, marked synthetic, in seconds', async () => {
      expect(seconds).toBeLessThan(30);
      expect(await app.get(SeedService).seedSyntheticRegions('changzhou')).toBe(false); // applied once
      const rows = await db.query<{ level: string; n: number; real: number; empty: number; invalid: number }>(
        `SELECT level, count(*)::int AS n, count(*) FILTER (WHERE NOT synthetic)::int AS real,
                count(*) FILTER (WHERE ST_IsEmpty(geom))::int AS empty, count(*) FILTER (WHERE NOT ST_IsValid(geom))::int AS invalid
         FROM region GROUP BY level ORDER BY level`,
      );
      const byLevel = Object.fromEntries(rows.map((r) => [r.level, r]));
      expect(byLevel.grid.n).toBe(expected.grids.length);
      expect(byLevel.community.n).toBe(expected.communities.length);
      expect(byLevel.street.n).toBe(expected.streets.length);
      for (const level of ['street', 'community', 'grid']) {
        expect(byLevel[level]).toMatchObject({ real: 0, empty: 0, invalid: 0 });
      }
      expect(byLevel.district).toMatchObject({ n: 6, real: 6 });
      const [pieces] = await db.query<{ missing: number }>(
        `SELECT count(*)::int AS missing FROM region r WHERE r.synthetic AND NOT EXISTS (SELECT 1 FROM region_piece p WHERE p.code = r.code)`,
      );
      expect(pieces.missing).toBe(0);
    });

    it("makes each community and street the dissolved union of its grids' squares", async () => {
      const rows = await db.query<{ code: string; area: number; children: number; polygons: number; grids: number }>(
        `SELECT c.code, ST_Area(c.geom) AS area, sum(ST_Area(g.geom)) AS children, ST_NumGeometries(c.geom) AS polygons,
                count(*)::int AS grids
         FROM region c JOIN region g ON g.parent_code = c.code
         WHERE c.level = 'community' GROUP BY c.code, c.geom`,
      );
      expect(rows).toHaveLength(expected.communities.length);
      expect(rows.filter((r) => Math.abs(r.area - r.children) > 1e-9 * r.children)).toEqual([]);
      // Dissolved: far fewer polygons than grids (a community is mostly one block).
      expect(rows.reduce((n, r) => n + r.polygons, 0)).toBeLessThan(expected.communities.length * 2);
      const [street] = await db.query<{ bad: number }>(
        `SELECT count(*)::int AS bad FROM region s
         WHERE s.level = 'street' AND abs(ST_Area(s.geom) - (SELECT sum(ST_Area(g.geom)) FROM region c JOIN region g ON g.parent_code = c.code
                                                            WHERE c.parent_code = s.code)) > 1e-9`,
      );
      expect(street.bad).toBe(0);
    });

    it('places a point in a grid at every level down to the grid', async () => {
      const sample = expected.grids.filter((_, i) => i % 97 === 0);
      // A point a third of the way into each square, clear of its edges.
      const points = sample.map((g) => ({ lon: g.bbox[0] + (g.bbox[2] - g.bbox[0]) / 3, lat: g.bbox[1] + (g.bbox[3] - g.bbox[1]) / 3 }));
      const placed = await app.get(RegionRepository).place(points);
      const wrong = sample.filter((g, i) => {
        const p = placed[i];
        return !(p && p.grid === g.code && p.community === g.parent && p.street === g.street && p.district === g.district && p.city === '320400');
      });
      expect(wrong.map((g) => g.code)).toEqual([]);
      expect(sample.length).toBeGreaterThan(200);
    });

    it("gives the simulator's inspectors the seeded grids, with their parents and squares", async () => {
      const grids: SimGrid[] = await app.get(RegionRepository).unitGrids(); // GeneratorOptions.grids takes them as they are
      const simple = (list: { code: string; parent: string; street: string; district: string; bbox: readonly number[] }[]) =>
        list.map((g) => ({ code: g.code, parent: g.parent, street: g.street, district: g.district, bbox: g.bbox.map((v) => v.toFixed(7)) }));
      expect(simple(grids)).toEqual(simple(expected.grids));
    });

    it('lists the regions meeting a box, in code order, at most `limit`, saying when it cut', async () => {
      const bbox = { minLon: 119.95, minLat: 31.77, maxLon: 119.97, maxLat: 31.785 };
      const inBox = expected.grids.filter((g) => boxesMeet(g.bbox, bbox)).map((g) => g.code).sort();
      expect(inBox.length).toBeGreaterThan(100);
      const regions = app.get(RegionRepository);
      const all = await regions.listPage({ level: 'grid', bbox }, 5000);
      expect(all.truncated).toBe(false);
      expect(all.regions.map((r) => r.code)).toEqual(inBox);
      expect(all.regions.every((r) => r.synthetic && r.level === 'grid')).toBe(true);

      const controller = controllerOf(app);
      const query = { level: 'grid', bbox: '119.95,31.77,119.97,31.785', limit: '25' };
      const cut = (await controller.regionList(query, fakeResponse().res as never)) as RegionList;
      expect(cut.truncated).toBe(true);
      expect(cut.regions.map((r) => r.code)).toEqual(inBox.slice(0, 25));

      const { headers, res } = fakeResponse();
      const fc = (await controller.regionList({ ...query, format: 'geojson' }, res as never)) as Fc;
      expect(headers[TRUNCATED_HEADER]).toBe('true');
      expect(fc.features.map((f) => f.id)).toEqual(inBox.slice(0, 25));
      expect(fc.features.every((f) => f.properties.synthetic && f.geometry.type === 'MultiPolygon')).toBe(true);

      const whole = fakeResponse();
      const communities = (await controller.regionList({ level: 'community', bbox: query.bbox, format: 'geojson' }, whole.res as never)) as Fc;
      expect(whole.headers[TRUNCATED_HEADER]).toBe('false');
      expect(communities.features.length).toBeGreaterThan(3);

      // Without a box or level, the default limit applies to the whole hierarchy.
      const everything = (await controller.regionList({}, fakeResponse().res as never)) as RegionList;
      expect(everything.regions).toHaveLength(5000);
      expect(everything.truncated).toBe(true);
      const districts = (await controller.regionList({ level: 'district' }, fakeResponse().res as never)) as RegionList;
      expect(districts).toMatchObject({ truncated: false });
      expect(districts.regions).toHaveLength(6);
    });

    it('rejects a bad box or limit with a 400 naming the field', async () => {
      const controller = controllerOf(app);
      for (const query of [{ bbox: '1,2,3' }, { bbox: '3,2,1,4' }, { limit: '0' }, { limit: '20001' }, { limit: 'many' }]) {
        const field = Object.keys(query)[0];
        await expect(controller.regionList(query, fakeResponse().res as never)).rejects.toThrow(new RegExp(field));
      }
    });
  });
}
