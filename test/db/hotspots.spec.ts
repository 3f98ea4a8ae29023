/**
 * GET /api/v1/hotspots' service and repository on each backend: a constructed cluster in 天宁区 (320402) must come
 * out as 99 % hot cells; counts must equal a raw count per cell of the cases this test sent; z must equal
 * libs/hotspot-stats on the same counts with independently built neighbourhoods; the study area must be exactly
 * polygonToCells of the region (H3) or the squares whose centre PostGIS finds inside it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { cellToLatLng, gridDisk, latLngToCell, polygonToCells } from 'h3-js';
import { gridQuerySchema, hotspotQuerySchema, type H3GridResponse, type HotspotResponse } from '@gridlens/contracts';
import { confidenceBins, fdrBins, getisOrdGiStar } from '@gridlens/hotspot-stats';
import type { Database } from '../../apps/server/src/db/database';
import { GridService } from '../../apps/server/src/services/grid.service';
import { HotspotService } from '../../apps/server/src/services/hotspot.service';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';
import { mulberry32 } from '../support/prng';

const REGION = '320402'; // 天宁区
const RES = 8;
const AT = '2026-03-02T10:00:00+08:00';
const CLUSTER_CENTRE = latLngToCell(31.7777, 119.9963, RES); // well inside 天宁区

interface Point {
  lon: number;
  lat: number;
  category: string;
  at: string;
}

/** Neighbour lists by index from the ids alone, for H3 (gridDisk) or squares (`s:a:b`, queen within k). */
function neighboursOf(ids: string[], k: number, cell: 'h3' | 'square') {
  const index = new Map(ids.map((id, i) => [id, i]));
  return (i: number) => {
    const near: string[] = [];
    if (cell === 'h3') near.push(...gridDisk(ids[i], k));
    else {
      const [, a, b] = ids[i].split(':').map(Number);
      for (let da = -k; da <= k; da++) for (let db = -k; db <= k; db++) near.push(`s:${a + da}:${b + db}`);
    }
    return near.map((id) => index.get(id)).filter((j): j is number => j !== undefined);
  };
}

/** The answer's z, p and bins against libs/hotspot-stats run on the answer's counts. */
function expectStatistics(answer: HotspotResponse, k: number, cell: 'h3' | 'square', fdr: boolean) {
  // Latin-1 only: one wider character makes the whole serialised answer two bytes a character (HotspotService.method).
  expect(JSON.stringify(answer.method)).toMatch(/^[\u0000-\u00ff]*$/);
  const ids = answer.cells.map((c) => c.id);
  const { z, p } = getisOrdGiStar(answer.cells.map((c) => c.count), neighboursOf(ids, k, cell));
  const bins = fdr ? fdrBins(z, p) : confidenceBins(z, p);
  answer.cells.forEach((c, i) => {
    expect(Math.abs(c.z - z[i]), c.id).toBeLessThan(1e-9);
    expect(Math.abs(c.p - p[i]), c.id).toBeLessThan(1e-12);
    expect(c.bin, c.id).toBe(bins[i]);
  });
}

for (const backend of testBackends()) {
  describe(`Gi* hotspots on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let regionCells: string[];
    const points: Point[] = [];
    const ask = (query: Record<string, string>) => app.get(HotspotService).analyse(hotspotQuerySchema.parse(query));

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      const [{ geojson }] = await db.query<{ geojson: string }>(`SELECT ST_AsGeoJSON(geom) AS geojson FROM region WHERE code = $1`, [REGION]);
      const geometry = JSON.parse(geojson) as { coordinates: number[][][][] };
      regionCells = [...new Set(geometry.coordinates.flatMap((poly) => polygonToCells(poly, RES, true)))].sort();
      // The cluster: 12 cases at the centre cell, 6 at each of its ring-1 neighbours; background: 1 case in each of
      // 40 random study cells; one case out of the time window and one of another category at the centre.
      const random = mulberry32(7);
      const at = (cell: string, category = 'E0505', when = AT) => {
        const [lat, lon] = cellToLatLng(cell);
        points.push({ lon, lat, category, at: when });
      };
      for (let n = 0; n < 12; n++) at(CLUSTER_CENTRE);
      for (const cell of gridDisk(CLUSTER_CENTRE, 1).filter((c) => c !== CLUSTER_CENTRE)) for (let n = 0; n < 6; n++) at(cell);
      for (let n = 0; n < 40; n++) at(regionCells[Math.floor(random() * regionCells.length)]);
      at(CLUSTER_CENTRE, 'E0505', '2026-02-01T10:00:00+08:00');
      at(CLUSTER_CENTRE, 'C0101');
      const events = points.map((p, i) => ({ eventId: `hs${i}`, caseId: `hs${i}`, type: 'reported', at: p.at, category: p.category, source: 'public', lon: p.lon, lat: p.lat }));
      expect((await app.get(IngestService).ingest(events)).rejected).toEqual([]);
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    const window = { from: '2026-03-01T00:00:00+08:00', to: '2026-03-03T00:00:00+08:00', categories: 'E0505' };

    it('H3: the study area is polygonToCells of the region, counts are the raw counts per cell, the cluster is hot at 99 %', async () => {
      const answer = await ask({ cell: 'h3', resolution: String(RES), k: '1', region: REGION, ...window });
      expect(answer.n).toBe(regionCells.length);
      expect(answer.cells.map((c) => c.id)).toEqual(regionCells);
      const raw = new Map<string, number>();
      for (const p of points.filter((p) => p.category === 'E0505' && p.at === AT)) {
        const cell = latLngToCell(p.lat, p.lon, RES);
        raw.set(cell, (raw.get(cell) ?? 0) + 1);
      }
      expect(answer.cells.filter((c) => c.count > 0).map((c) => [c.id, c.count])).toEqual([...raw].sort(([a], [b]) => (a < b ? -1 : 1)));
      expect(answer.cells.filter((c) => c.count === 0).length).toBeGreaterThan(0);
      const byId = new Map(answer.cells.map((c) => [c.id, c]));
      for (const cell of gridDisk(CLUSTER_CENTRE, 1)) expect(byId.get(cell)?.bin, cell).toBe(3);
      expect(byId.get(CLUSTER_CENTRE)!.count).toBe(12);
      expect(answer.method).toMatchObject({ statistic: 'getis-ord-gi-star', cell: 'h3', resolution: RES, k: 1, fdr: false, region: REGION });
      expectStatistics(answer, 1, 'h3', false);
    });

    it('H3 with k = 2 and FDR bins: z from libs/hotspot-stats, Benjamini–Hochberg bins, the centre still hot', async () => {
      const answer = await ask({ cell: 'h3', resolution: String(RES), k: '2', region: REGION, fdr: 'true', ...window });
      expectStatistics(answer, 2, 'h3', true);
      expect(answer.cells.find((c) => c.id === CLUSTER_CENTRE)?.bin).toBe(3);
      expect(answer.method.fdr).toBe(true);
    });

    it('filters: without the window and category filter, the extra two cases count at the centre', async () => {
      const answer = await ask({ cell: 'h3', resolution: String(RES), k: '1', region: REGION });
      expect(answer.cells.find((c) => c.id === CLUSTER_CENTRE)?.count).toBe(14);
      expect(answer.cells.reduce((s, c) => s + c.count, 0)).toBe(points.length);
    });

    it('squares: the study area is the squares whose centre lies inside the region; counts equal a raw count per square', async () => {
      const size = 600;
      const answer = await ask({ cell: 'square', size: String(size), k: '1', region: REGION, ...window });
      const srid = answer.method.srid!;
      const [inside] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM unnest($1::text[]) AS id, region r
         WHERE r.code = $2 AND ST_Intersects(r.geom, ST_Transform(ST_SetSRID(ST_MakePoint(
           (split_part(id, ':', 2)::int + 0.5) * $3, (split_part(id, ':', 3)::int + 0.5) * $3), $4::int), 4326))`,
        [answer.cells.map((c) => c.id), REGION, size, srid],
      );
      expect(inside.n).toBe(answer.n);
      // Every square of the region's box whose centre is inside is in the study area (none missing).
      const [box] = await db.query<{ n: number }>(
        `WITH r AS (SELECT ST_Transform(geom, $2::int) AS g FROM region WHERE code = $1),
              s AS (SELECT ST_SquareGrid($3, r.g) AS sq FROM r)
         SELECT count(*)::int AS n FROM s, region WHERE code = $1 AND ST_Intersects(region.geom, ST_Transform(ST_Centroid((s.sq).geom), 4326))`,
        [REGION, srid, size],
      );
      expect(answer.n).toBe(box.n);
      const counted = await db.query<{ id: string; n: number }>(
        `SELECT id, (SELECT count(*)::int FROM cases c WHERE c.category_code = 'E0505' AND c.reported_at >= $4 AND c.reported_at < $5
                 AND ST_Within(ST_Transform(c.geom, $3::int), ST_MakeEnvelope(split_part(id, ':', 2)::int * $2, split_part(id, ':', 3)::int * $2,
                     (split_part(id, ':', 2)::int + 1) * $2, (split_part(id, ':', 3)::int + 1) * $2, $3::int))) AS n
         FROM unnest($1::text[]) AS id`,
        [answer.cells.map((c) => c.id), size, srid, window.from, window.to],
      );
      const raw = new Map(counted.map((r) => [r.id, r.n]));
      for (const c of answer.cells) expect(c.count, c.id).toBe(raw.get(c.id));
      expect(answer.cells.reduce((s, c) => s + c.count, 0)).toBeGreaterThan(50);
      expectStatistics(answer, 1, 'square', false);
      const hottest = answer.cells.reduce((a, b) => (b.count > a.count ? b : a));
      expect(hottest.bin).toBe(3);
    });

    it('GET /api/v1/grid?cell=h3: cases per H3 cell (raw latLngToCell counts), centres from cellToLatLng', async () => {
      const answer = (await app.get(GridService).cells(gridQuerySchema.parse({ cell: 'h3', resolution: '9', region: REGION }))) as H3GridResponse;
      expect(answer).toMatchObject({ cell: 'h3', resolution: 9, srid: 4326, total: points.length });
      const raw = new Map<string, number>();
      for (const p of points) raw.set(latLngToCell(p.lat, p.lon, 9), (raw.get(latLngToCell(p.lat, p.lon, 9)) ?? 0) + 1);
      expect(answer.cells.map((c) => [c.id, c.count])).toEqual([...raw].sort(([a], [b]) => (a < b ? -1 : 1)));
      for (const c of answer.cells) expect([c.lat, c.lon]).toEqual(cellToLatLng(c.id));
      const march = (await app.get(GridService).cells(gridQuerySchema.parse({ cell: 'h3', ...window }))) as H3GridResponse;
      expect(march.total).toBe(points.length - 2);
      expect(march.cells.find((c) => c.id === latLngToCell(31.7777, 119.9963, 8))?.count).toBe(12);
    });

    it('refuses a study area over the limit, and unknown regions and categories, naming the field', async () => {
      await expect(ask({ cell: 'h3', resolution: '10' })).rejects.toThrow(/study area: .*limit of 200000/);
      await expect(ask({ cell: 'square', size: '50' })).rejects.toThrow(/study area: .*limit of 200000/);
      await expect(ask({ region: 'nope' })).rejects.toThrow(/region: unknown region/);
      await expect(ask({ categories: 'ZZZZ' })).rejects.toThrow(/categories/);
    });
  });
}
