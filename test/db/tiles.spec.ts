/**
 * Vector tiles of raw cases (GET /api/v1/tiles/{z}/{x}/{y}.mvt) through TileService on both databases: tiles are
 * decoded with @mapbox/vector-tile + pbf and their features compared with the cases this test generated, placed in
 * tiles by the Web-Mercator formulas here (not by the server), for the map's filters; the statement's plan uses
 * the cases' GiST index. Where PostGIS has ST_AsMVT (PostgreSQL) the tiles come from it, and the hand encoder used
 * where it has not (PGlite) is checked against it feature by feature.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { CASE_TILE_LAYER, tileParamsSchema, tileQuerySchema } from '@gridlens/contracts';
import { parseOr400 } from '../../apps/server/src/controllers/parse';
import type { Database } from '../../apps/server/src/db/database';
import { EXTENT, TileRepository, caseTilePointsStatement, caseTileStatement } from '../../apps/server/src/repositories/tile.repository';
import { encodePointTile } from '../../apps/server/src/services/tile-encoder';
import { CatalogueService } from '../../apps/server/src/services/catalogue.service';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { TileService } from '../../apps/server/src/services/tile.service';
import { batches, factoryCategories, generateDataset, isoCst, type Dataset, type ExpectedCase } from '../support/event-factory';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

const HOUR = 3600_000;

/** The tile (z, x, y) holding a point, and how far (in tiles) the point is from the tile's nearest edge. */
function tileOf(lon: number, lat: number, z: number): { x: number; y: number; edge: number } {
  const n = 2 ** z;
  const fx = ((lon + 180) / 360) * n;
  const rad = (lat * Math.PI) / 180;
  const fy = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n;
  const x = Math.floor(fx);
  const y = Math.floor(fy);
  return { x, y, edge: Math.min(fx - x, x + 1 - fx, fy - y, y + 1 - fy) };
}

interface DecodedFeature {
  caseId: string;
  status: string;
  category: string;
  reportedAt: number;
  lon: number;
  lat: number;
}

function decode(bytes: Uint8Array, t: { z: number; x: number; y: number }): DecodedFeature[] {
  if (bytes.byteLength === 0) return [];
  const tile = new VectorTile(new PbfReader(bytes));
  expect(Object.keys(tile.layers)).toEqual([CASE_TILE_LAYER]);
  const layer = tile.layers[CASE_TILE_LAYER];
  expect(layer.extent).toBe(4096);
  const out: DecodedFeature[] = [];
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    expect(f.type).toBe(1); // point
    const geo = f.toGeoJSON(t.x, t.y, t.z);
    const [lon, lat] = (geo.geometry as { coordinates: number[] }).coordinates;
    const p = f.properties;
    out.push({ caseId: String(p.caseId), status: String(p.status), category: String(p.category), reportedAt: Number(p.reportedAt), lon, lat });
  }
  return out.sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
}

for (const backend of testBackends()) {
  describe(`vector tiles on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let tiles: TileService;
    let data: Dataset;
    let window: { from: string; to: string };

    const tile = async (t: { z: number; x: number; y: number }, query: Record<string, string> = {}) => {
      const params = parseOr400(tileParamsSchema, { z: String(t.z), x: String(t.x), y: `${t.y}.mvt` });
      return decode(await tiles.caseTile(params, parseOr400(tileQuerySchema, { ...window, ...query })), t);
    };

    /** The expected features of a tile: the generated cases in it that `keep` accepts. */
    const expected = (t: { z: number; x: number; y: number }, keep: (c: ExpectedCase) => boolean = () => true) =>
      data.cases
        .filter((c) => {
          const at = tileOf(c.lon, c.lat, t.z);
          return at.x === t.x && at.y === t.y && keep(c);
        })
        .map((c) => c.caseId)
        .sort();

    /** The z-12 tiles holding generated cases, busiest first. */
    const busiest = (z: number) => {
      const counts = new Map<string, number>();
      for (const c of data.cases) {
        const { x, y } = tileOf(c.lon, c.lat, z);
        counts.set(`${x}/${y}`, (counts.get(`${x}/${y}`) ?? 0) + 1);
      }
      return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => {
        const [x, y] = k.split('/').map(Number);
        return { z, x, y };
      });
    };

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      tiles = app.get(TileService);
      const now = Date.now();
      data = generateDataset({ seed: 5151, cases: 400, now, categories: factoryCategories(await app.get(CatalogueService).categories()), idPrefix: `tile-${backend.name}` });
      for (const part of batches(data.events, 2500)) expect((await app.get(IngestService).ingest(part)).rejected).toEqual([]);
      window = { from: isoCst(now - 4 * 24 * HOUR), to: isoCst(now + HOUR) };
      // No generated point may lie on a tile edge at the zooms tested (it would be in two tiles).
      for (const c of data.cases) for (const z of [8, 12, 14]) expect(tileOf(c.lon, c.lat, z).edge).toBeGreaterThan(1e-9);
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('a tile holds exactly the cases inside it, with their properties and points', async () => {
      const byId = new Map(data.cases.map((c) => [c.caseId, c]));
      for (const t of busiest(12).slice(0, 3)) {
        const features = await tile(t);
        expect(features.map((f) => f.caseId)).toEqual(expected(t));
        expect(features.length).toBeGreaterThan(0);
        for (const f of features) {
          const c = byId.get(f.caseId)!;
          expect(f.status).toBe(c.status);
          expect(f.category).toBe(c.category);
          expect(f.reportedAt).toBe(c.reportedAt);
          // One unit of the 4096 grid of a z-12 tile is about 2.4 m: the points agree to that.
          expect(Math.abs(f.lon - c.lon)).toBeLessThan(360 / 2 ** 12 / 4096);
          expect(Math.abs(f.lat - c.lat)).toBeLessThan(360 / 2 ** 12 / 4096);
        }
      }
    });

    it('the tiles of one zoom partition the cases', async () => {
      const z8 = busiest(8);
      let total = 0;
      for (const t of z8) {
        const features = await tile(t);
        expect(features.map((f) => f.caseId)).toEqual(expected(t));
        total += features.length;
      }
      expect(total).toBe(data.cases.length);
    });

    it('applies the map filters: window, categories at any level, status, region', async () => {
      const [t] = busiest(8);
      const now = Date.parse(window.to) - HOUR;
      const from = now - 40 * HOUR;
      const to = now - 16 * HOUR;
      const check = async (query: Record<string, string>, keep: (c: ExpectedCase) => boolean) => {
        const want = expected(t, keep);
        expect(want.length, JSON.stringify(query)).toBeGreaterThan(0);
        expect((await tile(t, query)).map((f) => f.caseId), JSON.stringify(query)).toEqual(want);
      };
      await check({ from: isoCst(from), to: isoCst(to) }, (c) => c.reportedAt >= Math.floor(from / 1000) * 1000 && c.reportedAt < Math.floor(to / 1000) * 1000);
      await check({ categories: 'E05,C0101' }, (c) => c.category.startsWith('E05') || c.category === 'C0101');
      await check({ categories: 'C' }, (c) => c.category.startsWith('C'));
      await check({ status: 'closed,voided' }, (c) => c.status === 'closed' || c.status === 'voided');
      const district = data.cases.find((c) => tileOf(c.lon, c.lat, 8).x === t.x && tileOf(c.lon, c.lat, 8).y === t.y)!.district;
      await check({ region: district }, (c) => c.district === district);
    });

    it('an empty tile is empty bytes (the controller answers 204)', async () => {
      const params = parseOr400(tileParamsSchema, { z: '10', x: '0', y: '0.mvt' });
      expect((await tiles.caseTile(params, parseOr400(tileQuerySchema, window))).byteLength).toBe(0);
      const [t] = busiest(12);
      expect(await tile(t, { status: 'reported', categories: 'C0101', from: isoCst(0), to: isoCst(1000) })).toEqual([]);
    });

    it('ST_AsMVT where PostGIS has it; the hand encoder gives the same features, points within one tile unit', async () => {
      const repo = app.get(TileRepository);
      expect(await repo.supportsMvt()).toBe(backend.name !== 'pglite');
      if (!(await repo.supportsMvt())) return;
      const filter = { from: new Date(window.from), to: new Date(window.to), categories: null, statuses: null, region: null };
      for (const t of busiest(12).slice(0, 3)) {
        const fromPostgis = decode(await repo.caseTile(t, filter), t);
        const fromEncoder = decode(encodePointTile(CASE_TILE_LAYER, EXTENT, await repo.caseTilePoints(t, filter)), t);
        expect(fromEncoder.map(({ lon: _x, lat: _y, ...props }) => props)).toEqual(fromPostgis.map(({ lon: _x, lat: _y, ...props }) => props));
        const unit = 360 / 2 ** t.z / EXTENT;
        fromEncoder.forEach((f, i) => {
          expect(Math.abs(f.lon - fromPostgis[i].lon)).toBeLessThanOrEqual(unit * 1.01);
          expect(Math.abs(f.lat - fromPostgis[i].lat)).toBeLessThanOrEqual(unit * 1.01);
        });
      }
    });

    it.each([
      ['ST_AsMVT', caseTileStatement],
      ['points', caseTilePointsStatement],
    ])('finds the cases through the GiST index on geom (tile envelope in 4326): %s statement', async (_name, statement) => {
      const [t] = busiest(14);
      await db.exec('ANALYZE cases');
      const { sql, values } = statement(t, { from: new Date(window.from), to: new Date(window.to), categories: null, statuses: null, region: null });
      const plan = await db.transaction(async (tx) => {
        // A few hundred rows fit in one page, where a sequential scan is always cheapest: the question is
        // whether the statement *can* be answered by the index.
        await tx.query('SET LOCAL enable_seqscan = off');
        const rows = await tx.query<Record<string, unknown>>(`EXPLAIN ${sql}`, values);
        return rows.map((r) => String(Object.values(r)[0])).join('\n');
      });
      expect(plan).toMatch(/cases_geom_gix/);
      expect(plan).toMatch(/Index Cond: \(geom && /);
    });
  });
}
