/**
 * GET /api/v1/tiles/{z}/{x}/{y}.mvt through the built server: a signed-in user gets the tile as
 * application/vnd.mapbox-vector-tile (decoded here with @mapbox/vector-tile), private and short-cached; an empty
 * tile is 204; no or a bad token is 401; bad z/x/y and filters are 400s naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { CASE_TILE_LAYER, MVT_TYPE } from '@gridlens/contracts';
import { e2eBackends, launch, messageOf, qs, type E2eServer } from '../support/e2e-harness';
import { isoCst } from '../support/event-factory';
import { TIANNING, reported } from '../support/ingest-cases';

const HOUR = 3600_000;
const Z = 14;
const tileX = Math.floor(((TIANNING[0] + 180) / 360) * 2 ** Z);
const rad = (TIANNING[1] * Math.PI) / 180;
const tileY = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** Z);

for (const backend of e2eBackends(['pglite', 'postgres'])) {
  describe.skipIf(!backend.enabled)(`vector tiles through the server on ${backend.name}`, () => {
    let app: E2eServer;
    let window: { from: string; to: string };

    beforeAll(async () => {
      app = await launch(backend.name);
      const now = Date.now();
      const result = await app.api.ingestOk([reported('T-1', 'T-1-0', now - 2 * HOUR), reported('T-2', 'T-2-0', now - HOUR, { category: 'C0101' })]);
      expect(result.accepted).toBe(2);
      window = { from: isoCst(now - 24 * HOUR), to: isoCst(now + HOUR) };
    });
    afterAll(async () => {
      await app?.close();
    });

    const get = async (path: string, token?: string | null) => {
      const bearer = token === undefined ? await app.api.adminToken() : token;
      return fetch(`${app.url}${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
    };

    it('answers the tile with its cases as MVT, private and short-cached', async () => {
      const res = await get(`/api/v1/tiles/${Z}/${tileX}/${tileY}.mvt${qs(window)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(MVT_TYPE);
      expect(res.headers.get('cache-control')).toBe('private, max-age=60');
      const layer = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer()))).layers[CASE_TILE_LAYER];
      const ids = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties.caseId).sort();
      expect(ids).toEqual(['T-1', 'T-2']);

      const filtered = await get(`/api/v1/tiles/${Z}/${tileX}/${tileY}.mvt${qs({ ...window, categories: 'C01' })}`);
      const only = new VectorTile(new PbfReader(new Uint8Array(await filtered.arrayBuffer()))).layers[CASE_TILE_LAYER];
      expect(only.length).toBe(1);
      expect(only.feature(0).properties).toMatchObject({ caseId: 'T-2', category: 'C0101', status: 'reported' });
    });

    it('an empty tile is 204 with no body', async () => {
      const res = await get(`/api/v1/tiles/${Z}/0/0.mvt${qs(window)}`);
      expect(res.status).toBe(204);
      expect((await res.arrayBuffer()).byteLength).toBe(0);
    });

    it('needs a signed-in user', async () => {
      expect((await get(`/api/v1/tiles/${Z}/${tileX}/${tileY}.mvt`, null)).status).toBe(401);
      expect((await get(`/api/v1/tiles/${Z}/${tileX}/${tileY}.mvt`, 'not-a-token')).status).toBe(401);
    });

    it.each([
      ['/api/v1/tiles/23/0/0.mvt', /^z: must be at most 22/],
      ['/api/v1/tiles/a/0/0.mvt', /^z: expected a whole number/],
      ['/api/v1/tiles/-1/0/0.mvt', /^z: expected a whole number/],
      ['/api/v1/tiles/4/16/0.mvt', /^x: must be below 2\^z/],
      ['/api/v1/tiles/4/0/16.mvt', /^y: must be below 2\^z/],
      ['/api/v1/tiles/4/0/3.png', /^y: expected the tile row followed by \.mvt/],
      ['/api/v1/tiles/4/0/3.mvt?status=lost', /^status: unknown status lost/],
      ['/api/v1/tiles/4/0/3.mvt?region=999999', /^region: unknown region code/],
      ['/api/v1/tiles/4/0/3.mvt?categories=Z9999', /^categories: unknown category/],
      ['/api/v1/tiles/4/0/3.mvt?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', /^from: from must be before to/],
    ])('%s → 400 naming the field', async (path, message) => {
      const res = await app.api.get(path);
      expect(res.status, res.text).toBe(400);
      expect(messageOf(res.body)).toMatch(message);
    });
  });
}
