import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { Database } from '../../apps/server/src/db/database';
import { EventLogRepository } from '../../apps/server/src/repositories/event-log.repository';
import { RegionRepository } from '../../apps/server/src/repositories/region.repository';
import { GridService } from '../../apps/server/src/services/grid.service';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

/** Deterministic points around a centre: (i, j) on a lattice of `step` degrees. */
function lattice(lon0: number, lat0: number, n: number, step: number) {
  const pts: { lon: number; lat: number }[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) pts.push({ lon: lon0 + i * step, lat: lat0 + j * step });
  return pts;
}

/** Great-circle distance in metres. */
function metres(a: { lon: number; lat: number }, b: { lon: number; lat: number }) {
  const r = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * r) / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lon - a.lon) * r) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

for (const backend of testBackends()) {
  describe(`regions, placement and grid on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    const points = lattice(119.95, 31.76, 12, 0.004); // 144 points over ~4.5 km inside 天宁区 / 钟楼区

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      const events = points.map((p, i) => ({
        eventId: `g${i}`, caseId: `g${i}`, type: 'reported', at: '2026-03-02T10:00:00+08:00',
        category: i % 2 ? 'E0505' : 'C0101', source: 'public', ...p,
      }));
      const result = await app.get(IngestService).ingest(events);
      expect(result.rejected).toEqual([]);
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('lists the seeded city and districts, converted to WGS84, and serves GeoJSON', async () => {
      const regions = app.get(RegionRepository);
      const districts = await regions.list({ level: 'district' });
      expect(districts.map((r) => r.code)).toEqual(['320402', '320404', '320411', '320412', '320413', '320481']);
      expect(districts.every((r) => r.parent === '320400' && !r.synthetic)).toBe(true);
      const fc = (await regions.featureCollection({ parent: '320400' })) as { features: { id: string; geometry: { type: string } }[] };
      expect(fc.features).toHaveLength(6);
      expect(fc.features[0].geometry.type).toBe('MultiPolygon');
      const invalid = await db.query(`SELECT code FROM region WHERE NOT ST_IsValid(geom)`);
      expect(invalid).toEqual([]);
    });

    it('places every point in exactly one district of the city, consistently with the polygons', async () => {
      const placed = await app.get(RegionRepository).place([...points, { lon: 10, lat: 10 }]);
      expect(placed.at(-1)).toBeNull();
      for (const p of placed.slice(0, -1)) {
        expect(p?.city).toBe('320400');
        expect(['320402', '320404', '320411', '320412']).toContain(p?.district);
      }
      const [mismatch] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM cases c JOIN region r ON r.code = c.district_code WHERE NOT ST_Covers(r.geom, c.geom)`,
      );
      expect(mismatch.n).toBe(0);
    });

    it('places a point in a city without districts there by the city polygon itself', async () => {
      const regions = app.get(RegionRepository);
      const square = { type: 'Polygon', coordinates: [[[100, 10], [100.1, 10], [100.1, 10.1], [100, 10.1], [100, 10]]] };
      await db.transaction((tx) => regions.upsert(tx, { code: '999900', level: 'city', parent: null, nameZh: '测试市', nameEn: 'Test City', synthetic: true, geometry: square }));
      const [inside, outside] = await regions.place([{ lon: 100.05, lat: 10.05 }, { lon: 100.2, lat: 10.05 }]);
      expect(inside).toEqual({ city: '999900', district: null, street: null, community: null, grid: null });
      expect(outside).toBeNull();
      await db.query(`DELETE FROM region WHERE code = '999900'`);
    });

    it('bins cases into hexagons and squares whose counts sum to the matching cases', async () => {
      const grid = app.get(GridService);
      for (const cell of ['hex', 'square'] as const) {
        for (const size of [200, 1000]) {
          const r = await grid.cells({ cell, size, source: 'auto' });
          expect(r.total, `${cell} ${size}`).toBe(points.length);
          expect(new Set(r.cells.map((c: { id: string }) => c.id)).size).toBe(r.cells.length);
          expect(r.srid).toBe(32650);
        }
      }
      const parking = await grid.cells({ cell: 'hex', size: 500, categories: ['E05'], source: 'auto' });
      expect(parking.total).toBe(points.length / 2);
      const none = await grid.cells({ cell: 'square', size: 500, status: ['closed'], source: 'auto' });
      expect(none).toMatchObject({ total: 0, cells: [] });
      const bbox = { minLon: 119.95, minLat: 31.76, maxLon: 119.9601, maxLat: 31.7701 };
      const inBox = points.filter((p) => p.lon <= bbox.maxLon && p.lat <= bbox.maxLat).length;
      expect((await grid.cells({ cell: 'hex', size: 300, bbox, source: 'auto' })).total).toBe(inBox);
    });

    it('puts each case in the cell whose centre is nearest (hexagons) or whose square contains it', async () => {
      const grid = app.get(GridService);
      const size = 400;
      const hex = await grid.cells({ cell: 'hex', size, source: 'auto' });
      // Every case lies within one circumradius (= size) of its cell centre: check via the totals per cell.
      for (const c of hex.cells) {
        const near = points.filter((p) => metres(p, c) <= size * 1.001).length;
        expect(near).toBeGreaterThanOrEqual(c.count);
      }
      const squares = await grid.cells({ cell: 'square', size, source: 'auto' });
      for (const c of squares.cells) {
        const near = points.filter((p) => metres(p, c) <= (size * Math.SQRT2) / 2 + 1).length;
        expect(near).toBeGreaterThanOrEqual(c.count);
      }
    });

    it('reads log ranges by seq, scoped by region and category', async () => {
      const log = app.get(EventLogRepository);
      const all = await log.range(0, 1000);
      expect(all.map((e) => e.seq)).toEqual(points.map((_, i) => i + 1));
      const scoped = await log.range(0, 1000, { region: '320402', categories: ['E0505'] });
      expect(scoped.length).toBeGreaterThan(0);
      expect(scoped.every((e) => e.regions.district === '320402' && e.category === 'E0505')).toBe(true);
      expect((await log.range(10, 20)).map((e) => e.seq)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    });
  });
}
