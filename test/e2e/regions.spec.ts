/**
 * GET /api/v1/regions through the built server: `limit` cuts the answer in code order and says so (`truncated` in
 * JSON, the x-gridlens-truncated header with GeoJSON), `bbox` keeps the regions meeting the box, bad values are a
 * 400 naming the field, and the answer stays publicly cacheable. (The synthetic grids themselves are seeded by the
 * demo mode; test/db/synthetic-regions.spec.ts covers them.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Region, type RegionList, TRUNCATED_HEADER } from '@gridlens/contracts';
import { e2eBackends, launch, messageOf, qs, type E2eServer } from '../support/e2e-harness';

for (const backend of e2eBackends(['pglite'])) {
  describe.skipIf(!backend.enabled)(`GET /api/v1/regions on ${backend.name}`, () => {
    let app: E2eServer;
    let districts: Region[];

    beforeAll(async () => {
      app = await launch(backend.name);
      districts = (await app.api.getOk<RegionList>('/api/v1/regions?level=district')).regions;
    });
    afterAll(async () => {
      await app?.close();
    });

    it('cuts the answer at `limit` in code order and says so, in JSON and GeoJSON', async () => {
      expect(districts).toHaveLength(6);
      const all = await app.api.get<RegionList>('/api/v1/regions?level=district', null);
      expect(all.body.truncated).toBe(false);
      expect(all.headers.get('cache-control')).toBe('public, max-age=60');

      const cut = await app.api.get<RegionList>(`/api/v1/regions${qs({ level: 'district', limit: '2' })}`, null);
      expect(cut.status).toBe(200);
      expect(cut.body).toEqual({ regions: districts.slice(0, 2), truncated: true });

      const geo = await app.api.get<{ features: { id: string; properties: { synthetic: boolean } }[] }>(
        `/api/v1/regions${qs({ level: 'district', limit: '2', format: 'geojson' })}`,
        null,
      );
      expect(geo.headers.get(TRUNCATED_HEADER)).toBe('true');
      expect(geo.body.features.map((f) => f.id)).toEqual(districts.slice(0, 2).map((d) => d.code));
      expect(geo.body.features.every((f) => f.properties.synthetic === false)).toBe(true);
      const whole = await app.api.get(`/api/v1/regions${qs({ level: 'district', format: 'geojson' })}`, null);
      expect(whole.headers.get(TRUNCATED_HEADER)).toBe('false');
    });

    it('keeps the regions meeting `bbox`', async () => {
      // A box round the first district's centre of its bbox meets it, and not a far-away box.
      const [w, s, e, n] = districts[0].bbox;
      const box = [w + (e - w) * 0.45, s + (n - s) * 0.45, w + (e - w) * 0.55, s + (n - s) * 0.55].join(',');
      const near = await app.api.getOk<RegionList>(`/api/v1/regions${qs({ level: 'district', bbox: box })}`);
      expect(near.regions.map((r) => r.code)).toContain(districts[0].code);
      const far = await app.api.getOk<RegionList>(`/api/v1/regions${qs({ bbox: '10,10,10.1,10.1' })}`);
      expect(far).toEqual({ regions: [], truncated: false });
    });

    it('rejects a bad bbox or limit with a 400 naming the field', async () => {
      for (const [field, value] of [['bbox', '1,2,3'], ['bbox', '120,31,119,32'], ['limit', '0'], ['limit', '20001'], ['limit', 'x']]) {
        const res = await app.api.get(`/api/v1/regions${qs({ [field]: value })}`, null);
        expect(res.status, `${field}=${value}`).toBe(400);
        expect(messageOf(res.body)).toContain(field);
      }
    });
  });
}
