/**
 * The map's read endpoints through the built server: the Arrow stream of GET /api/v1/cases decodes (with
 * apache-arrow's tableFromIPC, as the browser does) to the same cases as format=json, with the seq and truncated
 * headers; everything but the client settings needs a signed-in user; GET /api/v1/client-config is public and
 * reflects MAP_TILE_URL / MAP_TILE_ATTRIBUTION, and a bad MAP_TILE_URL stops the server with a message naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import {
  ARROW_STREAM_TYPE,
  SEQ_HEADER,
  TRUNCATED_HEADER,
  type AreaSummary,
  type CasePointsResponse,
  type ClientConfig,
  type RegionCountsResponse,
} from '@gridlens/contracts';
import { e2eBackends, launch, messageOf, qs, type E2eServer } from '../support/e2e-harness';
import { batches, factoryCategories, generateDataset, isoCst, type Dataset } from '../support/event-factory';
import { startServer } from '../support/server-process';

const HOUR = 3600_000;

for (const backend of e2eBackends(['pglite', 'postgres'])) {
  describe.skipIf(!backend.enabled)(`map reads through the server on ${backend.name}`, () => {
    let app: E2eServer;
    let data: Dataset;
    let window: { from: string; to: string };

    const getArrow = async (query: Record<string, string | undefined>) => {
      const res = await fetch(`${app.url}/api/v1/cases${qs(query)}`, { headers: { authorization: `Bearer ${await app.api.adminToken()}` } });
      expect(res.status, await res.clone().text().catch(() => '')).toBe(200);
      return { res, table: tableFromIPC(new Uint8Array(await res.arrayBuffer())) };
    };

    beforeAll(async () => {
      app = await launch(backend.name);
      const now = Date.now();
      data = generateDataset({ seed: 9191, cases: 400, now, categories: factoryCategories(await app.api.categories()), idPrefix: `mr-${backend.name}` });
      for (const part of batches(data.events, 2500)) {
        const result = await app.api.ingestOk(part);
        if (result.accepted !== part.length) throw new Error(`generated events were refused: ${JSON.stringify(result.rejected.slice(0, 5))}`);
      }
      window = { from: isoCst(now - 4 * 24 * HOUR), to: isoCst(now + HOUR) };
    });
    afterAll(async () => {
      await app?.close();
    });

    it('streams Arrow that decodes to the same cases as format=json, with the seq and truncated headers', async () => {
      const json = await app.api.get<CasePointsResponse>(`/api/v1/cases${qs({ ...window, format: 'json' })}`);
      expect(json.status).toBe(200);
      expect(json.body.seq).toBe(data.events.length);
      expect(json.body.cases).toHaveLength(data.cases.length);
      expect(json.headers.get(SEQ_HEADER)).toBe(String(data.events.length));

      const { res, table } = await getArrow(window);
      expect(res.headers.get('content-type')).toBe(ARROW_STREAM_TYPE);
      expect(res.headers.get(SEQ_HEADER)).toBe(String(data.events.length));
      expect(res.headers.get(TRUNCATED_HEADER)).toBe('false');
      expect(table.schema.fields.map((f) => f.name)).toEqual(['caseId', 'lon', 'lat', 'status', 'category', 'district', 'reportedAtMs']);
      expect(table.toArray().map((row) => ({ ...row.toJSON() }))).toEqual(json.body.cases);
      // What was sent comes back: each case's category, district and report time.
      const sent = new Map(data.cases.map((c) => [c.caseId, c]));
      for (const c of json.body.cases) {
        const e = sent.get(c.caseId)!;
        expect([c.category, c.district, c.reportedAtMs, c.status]).toEqual([e.category, e.district, e.reportedAt, e.status]);
      }
    });

    it('cuts at limit and says so, in both formats', async () => {
      const { res, table } = await getArrow({ ...window, categories: 'E,C', limit: '9' });
      expect(res.headers.get(TRUNCATED_HEADER)).toBe('true');
      expect(table.numRows).toBe(9);
      const json = await app.api.getOk<CasePointsResponse>(`/api/v1/cases${qs({ ...window, categories: 'E,C', limit: '9', format: 'json' })}`);
      expect(json.truncated).toBe(true);
      expect(table.getChild('caseId')!.toArray()).toEqual(json.cases.map((c) => c.caseId));
    });

    it('serves region counts and area summaries consistent with the case points', async () => {
      const cases = (await app.api.getOk<CasePointsResponse>(`/api/v1/cases${qs({ ...window, format: 'json', region: '320402' })}`)).cases;
      const counts = await app.api.getOk<RegionCountsResponse>(`/api/v1/regions/counts${qs(window)}`);
      expect(counts.counts.find((c) => c.code === '320402')?.count).toBe(cases.length);
      const summary = await app.api.getOk<AreaSummary>(`/api/v1/areas/summary${qs({ ...window, region: '320402' })}`);
      expect(summary.count).toBe(cases.length);
      expect(summary.seq).toBe(data.events.length);
    });

    it('keeps GET /api/v1/cases/{id} beside the list', async () => {
      const one = await app.api.get<{ caseId: string }>(`/api/v1/cases/${encodeURIComponent(data.cases[0].caseId)}`);
      expect(one.status).toBe(200);
      expect(one.body.caseId).toBe(data.cases[0].caseId);
    });

    it('requires a signed-in user for the reads and answers 400 naming the field', async () => {
      for (const path of ['/api/v1/cases', '/api/v1/regions/counts', '/api/v1/areas/summary?region=320402']) {
        expect((await app.api.get(path, null)).status, path).toBe(401);
      }
      const bad = await app.api.get(`/api/v1/cases${qs({ limit: '0' })}`);
      expect(bad.status).toBe(400);
      expect(messageOf(bad.body)).toMatch(/^limit: /);
      const level = await app.api.get(`/api/v1/regions/counts${qs({ level: 'planet' })}`);
      expect([level.status, messageOf(level.body)]).toEqual([400, expect.stringMatching(/^level: /)]);
    });

    it('gives the client settings without sign-in', async () => {
      const config = await app.api.get<ClientConfig>('/api/v1/client-config', null);
      expect(config.status).toBe(200);
      expect(config.body).toEqual({ mapTileUrl: null, mapTileAttribution: null, timeZone: 'Asia/Shanghai', demo: false });
    });
  });
}

describe('client settings from the configuration', () => {
  it('serves MAP_TILE_URL and MAP_TILE_ATTRIBUTION, and refuses a tile URL without {z}/{x}/{y}', async () => {
    const tiles = 'https://tiles.example.org/{z}/{x}/{y}.png';
    const server = await startServer({ env: { MAP_TILE_URL: tiles, MAP_TILE_ATTRIBUTION: '© Example', TZ_CITY: 'Asia/Urumqi' } });
    try {
      const res = await fetch(`${server.url}/api/v1/client-config`);
      expect(await res.json()).toEqual({ mapTileUrl: tiles, mapTileAttribution: '© Example', timeZone: 'Asia/Urumqi', demo: false });
    } finally {
      await server.stop();
    }
    await expect(startServer({ env: { MAP_TILE_URL: 'https://tiles.example.org/{z}/{x}.png' } })).rejects.toThrow(/MAP_TILE_URL: expected an http\(s\) URL/);
  }, 240_000); // a first start on a fresh PGlite (migrations, seed) takes a minute on a busy machine
});
