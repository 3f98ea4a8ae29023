/**
 * GET /api/v1/hotspots/emerging's service on each backend, with a constructed stream in 天宁区 (320402) over ten days:
 * a cluster growing every day must come out intensifying, one fading (still hot on the last day) diminishing, one
 * hot only on the last three days consecutive, one only on the last day new, and the background none. Counts must
 * equal the test's own count per cell and local day (cases at 00:30 and 23:30 in Asia/Shanghai, on the other side
 * of midnight in UTC); z, bins, trend and pattern must equal libs/hotspot-stats run on those counts; each step's z
 * must equal GET /api/v1/hotspots over that step's window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { cellToLatLng, gridDisk, gridDistance, latLngToCell, polygonToCells } from 'h3-js';
import { emergingQuerySchema, hotspotQuerySchema, type EmergingResponse, type IngestEvent } from '@gridlens/contracts';
import { buildCity, generateEvents, type GeneratorOptions } from '@gridlens/city-sim';
import { classifyEmerging, confidenceBins, getisOrdGiStar, mannKendall } from '@gridlens/hotspot-stats';
import type { Database } from '../../apps/server/src/db/database';
import { EmergingHotspotService } from '../../apps/server/src/services/emerging-hotspot.service';
import { HotspotService } from '../../apps/server/src/services/hotspot.service';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';
import { mulberry32 } from '../support/prng';
import { loadCatalogue, loadChangzhouDistricts } from '../../libs/city-sim/src/spec-helpers';

const REGION = '320402'; // 天宁区
const RES = 8;
const DAYS = 10;
const FIRST_DAY = '2026-03-02'; // a Monday
const DAY_MS = 86_400_000;
const FROM = `${FIRST_DAY}T00:00:00+08:00`;
const TO = new Date(Date.parse(FROM) + DAYS * DAY_MS).toISOString();

/** Per cluster: cases per ring cell on day d (the centre gets twice as many); 0 = absent that day. */
const CLUSTERS = {
  intensifying: (d: number) => 4 + d,
  diminishing: (d: number) => 13 - d,
  consecutive: (d: number) => (d >= DAYS - 3 ? 5 : 0),
  new: (d: number) => (d === DAYS - 1 ? 6 : 0),
} as const;
type ClusterName = keyof typeof CLUSTERS;

interface Point {
  lon: number;
  lat: number;
  /** Local day index, 0 … DAYS − 1. */
  day: number;
  at: string;
}

/** Neighbour lists by index from the ids alone (gridDisk within the study area). */
function neighboursOf(ids: string[], k: number) {
  const index = new Map(ids.map((id, i) => [id, i]));
  return (i: number) => gridDisk(ids[i], k).map((id) => index.get(id)).filter((j): j is number => j !== undefined);
}

for (const backend of testBackends()) {
  describe(`emerging hot spots on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let regionCells: string[];
    const centres = {} as Record<ClusterName, string>;
    const points: Point[] = [];
    const ask = (query: Record<string, string>): Promise<EmergingResponse> =>
      app.get(EmergingHotspotService).analyse(emergingQuerySchema.parse({ region: REGION, cell: 'h3', resolution: String(RES), ...query }));

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      const [{ geojson }] = await db.query<{ geojson: string }>(`SELECT ST_AsGeoJSON(geom) AS geojson FROM region WHERE code = $1`, [REGION]);
      const geometry = JSON.parse(geojson) as { coordinates: number[][][][] };
      regionCells = [...new Set(geometry.coordinates.flatMap((poly) => polygonToCells(poly, RES, true)))].sort();
      const inArea = new Set(regionCells);
      // Cluster centres: cells whose 2-disk lies inside the study area, at least 6 apart from each other.
      const chosen: string[] = [];
      for (const cell of regionCells) {
        if (chosen.length === 4) break;
        if (!gridDisk(cell, 2).every((c) => inArea.has(c))) continue;
        if (chosen.every((c) => gridDistance(c, cell) >= 6)) chosen.push(cell);
      }
      expect(chosen).toHaveLength(4);
      (Object.keys(CLUSTERS) as ClusterName[]).forEach((name, i) => (centres[name] = chosen[i]));
      // Times of day alternate between 00:30, 12:00 and 23:30 local: the first and last are on the other side of
      // midnight in UTC, so bucketing by UTC day would move them.
      const times = ['00:30', '12:00', '23:30'];
      const add = (cell: string, day: number, n: number) => {
        const [lat, lon] = cellToLatLng(cell);
        const date = new Date(Date.parse(`${FIRST_DAY}T00:00:00Z`) + day * DAY_MS).toISOString().slice(0, 10);
        for (let m = 0; m < n; m++) points.push({ lon, lat, day, at: `${date}T${times[points.length % 3]}:00+08:00` });
      };
      for (const [name, perRing] of Object.entries(CLUSTERS) as [ClusterName, (d: number) => number][]) {
        for (let day = 0; day < DAYS; day++) {
          add(centres[name], day, 2 * perRing(day));
          for (const cell of gridDisk(centres[name], 1)) if (cell !== centres[name]) add(cell, day, perRing(day));
        }
      }
      // Background: 20 single cases a day in random cells at least 3 from every cluster centre.
      const far = regionCells.filter((c) => chosen.every((centre) => gridDistance(c, centre) >= 3));
      const random = mulberry32(11);
      for (let day = 0; day < DAYS; day++) for (let n = 0; n < 20; n++) add(far[Math.floor(random() * far.length)], day, 1);
      const events = points.map((p, i) => ({ eventId: `em${i}`, caseId: `em${i}`, type: 'reported', at: p.at, category: 'E0505', source: 'public', lon: p.lon, lat: p.lat }));
      expect((await app.get(IngestService).ingest(events)).rejected).toEqual([]);
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('classifies the constructed clusters: intensifying, diminishing, consecutive, new; the background none', async () => {
      const answer = await ask({ from: FROM, to: TO, step: 'day' });
      expect(answer.n).toBe(regionCells.length);
      expect(answer.steps).toHaveLength(DAYS);
      expect(answer.steps[0]).toBe('2026-03-02T00:00:00.000+08:00');
      expect(answer.steps[DAYS - 1]).toBe('2026-03-11T00:00:00.000+08:00');
      const byId = new Map(answer.cells.map((c) => [c.id, c]));
      for (const name of Object.keys(CLUSTERS) as ClusterName[]) {
        expect(byId.get(centres[name])?.pattern, name).toBe(name);
        expect(byId.get(centres[name])?.hot, name).toBe(true);
      }
      expect(byId.get(centres.intensifying)!.trend.z).toBeGreaterThan(0);
      expect(byId.get(centres.diminishing)!.trend.z).toBeLessThan(0);
      // Only cells with a pattern are answered by default, and none of them is in the background.
      expect(answer.cells.every((c) => c.pattern !== 'none')).toBe(true);
      const centreList = Object.values(centres);
      const background = answer.cells.filter((c) => centreList.every((centre) => gridDistance(c.id, centre) >= 3));
      expect(background.map((c) => `${c.id}:${c.pattern}`)).toEqual([]);
      expect(answer.method).toMatchObject({ statistic: 'getis-ord-gi-star', cell: 'h3', resolution: RES, k: 1, step: 'day', timeZone: 'Asia/Shanghai' });
      // Latin-1 only, as the Gi* method (HotspotService.method says why).
      expect(JSON.stringify(answer.method)).toMatch(/^[\u0000-\u00ff]*$/);
    });

    it('all=true: every cell, counts per local day equal to the test\'s own, z/bins/trend/pattern equal to libs/hotspot-stats', async () => {
      const answer = await ask({ from: FROM, to: TO, step: 'day', all: 'true' });
      const ids = answer.cells.map((c) => c.id);
      expect(ids).toEqual(regionCells);
      const index = new Map(ids.map((id, i) => [id, i]));
      const counts = ids.map(() => new Array<number>(DAYS).fill(0));
      for (const p of points) counts[index.get(latLngToCell(p.lat, p.lon, RES))!][p.day]++;
      expect(answer.cells.map((c) => c.counts)).toEqual(counts);
      const neighbours = neighboursOf(ids, 1);
      const z = ids.map(() => new Array<number>(DAYS).fill(0));
      const bins = ids.map(() => new Array<number>(DAYS).fill(0));
      for (let d = 0; d < DAYS; d++) {
        const g = getisOrdGiStar(counts.map((c) => c[d]), neighbours);
        const b = confidenceBins(g.z, g.p);
        ids.forEach((_, i) => {
          z[i][d] = g.z[i];
          bins[i][d] = b[i];
        });
      }
      answer.cells.forEach((c, i) => {
        c.z.forEach((v, d) => expect(Math.abs(v - z[i][d]), `${c.id} step ${d}`).toBeLessThan(1e-9));
        expect(c.bins, c.id).toEqual(bins[i]);
        const expected = classifyEmerging(bins[i], z[i]);
        expect([c.pattern, c.hot], c.id).toEqual([expected.kind, expected.hot]);
        const trend = mannKendall(z[i]);
        expect(c.trend.s, c.id).toBe(trend.s);
        expect(Math.abs(c.trend.z - trend.z), c.id).toBeLessThan(1e-9);
      });
    });

    it('each step\'s z equals GET /api/v1/hotspots over that step\'s window (squares, k = 2)', async () => {
      const query = { cell: 'square', size: '700', k: '2', from: FROM, to: TO, step: 'day', all: 'true' };
      const answer = await app.get(EmergingHotspotService).analyse(emergingQuerySchema.parse({ region: REGION, ...query }));
      expect(answer.method).toMatchObject({ cell: 'square', size: 700, k: 2 });
      for (const d of [0, DAYS - 1]) {
        const to = new Date(Date.parse(FROM) + (d + 1) * DAY_MS).toISOString();
        const from = new Date(Date.parse(FROM) + d * DAY_MS).toISOString();
        const single = await app.get(HotspotService).analyse(hotspotQuerySchema.parse({ region: REGION, cell: 'square', size: '700', k: '2', from, to }));
        expect(answer.cells.map((c) => c.id)).toEqual(single.cells.map((c) => c.id));
        single.cells.forEach((c, i) => {
          expect(answer.cells[i].counts[d], c.id).toBe(c.count);
          expect(Math.abs(answer.cells[i].z[d] - c.z), c.id).toBeLessThan(1e-9);
          expect(answer.cells[i].bins[d], c.id).toBe(c.bin);
        });
      }
      const total = answer.cells.reduce((s, c) => s + c.counts.reduce((a, b) => a + b, 0), 0);
      // The clusters lie well inside the district; a background case near its edge may fall in a square left out.
      expect(total).toBeLessThanOrEqual(points.length);
      expect(total).toBeGreaterThanOrEqual(points.length - 20 * DAYS);
    });

    it('step=week: ISO weeks from Monday in the city time zone, the counts the sums of the days', async () => {
      const to = new Date(Date.parse(FROM) + 14 * DAY_MS).toISOString();
      const weekly = await ask({ from: FROM, to, step: 'week', all: 'true' });
      expect(weekly.steps).toEqual(['2026-03-02T00:00:00.000+08:00', '2026-03-09T00:00:00.000+08:00']);
      const daily = await ask({ from: FROM, to: TO, step: 'day', all: 'true' });
      weekly.cells.forEach((c, i) => {
        const days = daily.cells[i].counts;
        expect(c.counts, c.id).toEqual([days.slice(0, 7).reduce((a, b) => a + b, 0), days.slice(7).reduce((a, b) => a + b, 0)]);
      });
    });

    it('refuses fewer than 2 or more than 366 steps, naming the field', async () => {
      await expect(ask({ from: FROM, to: `${FIRST_DAY}T23:00:00+08:00`, step: 'day' })).rejects.toThrow(/^from: /);
      await expect(ask({ from: '2024-01-01T00:00:00+08:00', to: '2026-01-01T00:00:00+08:00', step: 'day' })).rejects.toThrow(/^step: more than 366/);
    });
  });
}

/**
 * The demo city's stream (libs/city-sim, Changzhou's districts): its one emerging hot spot starts 14 days before the
 * end and ramps up over 3 days. Over the last DEMO_DAYS days, at H3 resolution 8 by day over the whole city, the
 * cell at its centre must be flagged new, consecutive or intensifying. Only the `reported` events are ingested (the
 * endpoint counts cases by report time; the lifecycle events would only slow the test).
 */
const DEMO_DAYS = 45;
const DEMO_TO = '2026-11-23T00:00:00+08:00';
const DEMO_FROM = new Date(Date.parse(DEMO_TO) - DEMO_DAYS * DAY_MS).toISOString();

for (const backend of testBackends()) {
  describe(`the demo city's emerging hot spot on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    const options: GeneratorOptions = {
      seed: 'emerging-demo',
      from: DEMO_FROM,
      to: DEMO_TO,
      districts: loadChangzhouDistricts(),
      catalogue: loadCatalogue(),
    };

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      const reported: IngestEvent[] = [];
      for (const e of generateEvents(options)) if (e.type === 'reported') reported.push(e);
      console.info(`demo stream: ${reported.length} cases over ${DEMO_DAYS} days`);
      for (let i = 0; i < reported.length; i += 5000) {
        expect((await app.get(IngestService).ingest(reported.slice(i, i + 5000))).rejected).toEqual([]);
      }
    }, 180_000);
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('flags the cell at the emerging hot spot\'s centre as new, consecutive or intensifying', async () => {
      const site = buildCity(options).hotspots.find((h) => h.emergesAt !== undefined)!;
      const centre = latLngToCell(site.centre[1], site.centre[0], 8);
      const started = performance.now();
      const answer = await app.get(EmergingHotspotService).analyse(emergingQuerySchema.parse({ cell: 'h3', resolution: '8', step: 'day', from: DEMO_FROM, to: DEMO_TO }));
      console.info(`emerging hot spots, ${answer.n} cells × ${answer.steps.length} days on ${backend.name}: ${Math.round(performance.now() - started)} ms`);
      const cell = answer.cells.find((c) => c.id === centre);
      console.info(`the site's centre cell ${centre}: ${cell?.pattern}, cases per day ${cell?.counts.join(' ')}`);
      expect(cell?.pattern, JSON.stringify(cell)).toMatch(/^(new|consecutive|intensifying)$/);
      expect(cell?.hot).toBe(true);
      // Hot on every day since the site reached full strength (3 days after it emerged), with a rising trend of z.
      expect(cell!.bins.slice(-11).every((b) => b > 0), cell!.bins.join(' ')).toBe(true);
      expect(cell!.trend.z).toBeGreaterThan(0);
    });
  });
}
