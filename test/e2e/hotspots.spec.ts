/**
 * GET /api/v1/hotspots through the built server: it needs a signed-in user, answers the contract's shape with a
 * whole-city study area by default (a cluster sent over HTTP comes out hot at 99 %), and refuses bad parameters
 * and an oversized study area with a 400 naming the field. (The statistics and counts are checked against
 * independent recounts in test/db/hotspots.spec.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import type { HotspotResponse } from '@gridlens/contracts';
import { e2eBackends, launch, messageOf, qs, type E2eServer } from '../support/e2e-harness';

const CENTRE = latLngToCell(31.7777, 119.9963, 7); // 天宁区, resolution 7

for (const backend of e2eBackends(['pglite'])) {
  describe.skipIf(!backend.enabled)(`GET /api/v1/hotspots on ${backend.name}`, () => {
    let app: E2eServer;

    beforeAll(async () => {
      app = await launch(backend.name);
      const events = gridDisk(CENTRE, 1).flatMap((cell, c) => {
        const [lat, lon] = cellToLatLng(cell);
        return Array.from({ length: 10 }, (_, n) => ({
          eventId: `hot-${c}-${n}`, caseId: `hot-${c}-${n}`, type: 'reported', at: '2026-03-02T10:00:00+08:00',
          category: 'E0505', source: 'public', lon, lat,
        }));
      });
      expect((await app.api.ingestOk(events)).rejected).toEqual([]);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('needs a signed-in user', async () => {
      const res = await app.api.get('/api/v1/hotspots', null);
      expect(res.status).toBe(401);
    });

    it('answers cells, n and the method over the whole city by default; the cluster is hot at 99 %', async () => {
      const answer = await app.api.getOk<HotspotResponse>(`/api/v1/hotspots${qs({ cell: 'h3', resolution: '7', k: '1' })}`);
      expect(answer.n).toBe(answer.cells.length);
      expect(answer.n).toBeGreaterThan(1000); // 常州市 is about 4,400 km²; a resolution-7 cell about 5 km²
      expect(answer.method).toMatchObject({ statistic: 'getis-ord-gi-star', cell: 'h3', resolution: 7, k: 1, fdr: false, region: '320400' });
      expect(answer.cells.reduce((s, c) => s + c.count, 0)).toBe(70);
      const centre = answer.cells.find((c) => c.id === CENTRE)!;
      expect(centre).toMatchObject({ count: 10, bin: 3 });
      expect(centre.z).toBeGreaterThan(2.5758);
      expect(Object.keys(centre).sort()).toEqual(['bin', 'count', 'id', 'p', 'z']);
      const fdr = await app.api.getOk<HotspotResponse>(`/api/v1/hotspots${qs({ resolution: '7', fdr: 'true' })}`);
      expect(fdr.cells.find((c) => c.id === CENTRE)?.bin).toBe(3);
      const squares = await app.api.getOk<HotspotResponse>(`/api/v1/hotspots${qs({ cell: 'square', size: '2000', k: '2', region: '320402' })}`);
      expect(squares.method).toMatchObject({ cell: 'square', size: 2000, k: 2, region: '320402' });
      expect(squares.cells.every((c) => /^s:-?\d+:-?\d+$/.test(c.id))).toBe(true);
      expect(Math.max(...squares.cells.map((c) => c.bin))).toBe(3);
    });

    it('GET /api/v1/grid?cell=h3 counts cases per H3 cell; a bad resolution is a 400 naming it', async () => {
      const grid = await app.api.getOk<{ cells: { id: string; count: number }[]; total: number; cell: string; resolution: number }>(
        `/api/v1/grid${qs({ cell: 'h3', resolution: '7' })}`,
      );
      expect(grid).toMatchObject({ cell: 'h3', resolution: 7, total: 70 });
      expect(grid.cells.find((c) => c.id === CENTRE)?.count).toBe(10);
      const bad = await app.api.get(`/api/v1/grid${qs({ cell: 'h3', resolution: '11' })}`);
      expect(bad.status).toBe(400);
      expect(messageOf(bad.body)).toMatch(/resolution/);
    });

    it.each([
      [{ resolution: '5' }, /resolution/],
      [{ resolution: '11' }, /resolution/],
      [{ resolution: 'x' }, /resolution/],
      [{ k: '0' }, /\bk\b/],
      [{ k: '4' }, /\bk\b/],
      [{ k: '1.5' }, /\bk\b/],
      [{ cell: 'hex' }, /cell/],
      [{ cell: 'square', size: '10' }, /size/],
      [{ fdr: 'yes' }, /fdr/],
      [{ from: 'yesterday' }, /from/],
      [{ from: '2026-03-02T00:00:00+08:00', to: '2026-03-01T00:00:00+08:00' }, /from/],
      [{ region: 'nowhere' }, /region/],
      [{ categories: 'NOPE' }, /categories/],
      [{ resolution: '10' }, /study area: .*limit of 200000/],
    ])('400 for %o', async (query, field) => {
      const res = await app.api.get(`/api/v1/hotspots${qs(query)}`);
      expect(res.status).toBe(400);
      expect(messageOf(res.body)).toMatch(field);
    });
  });
}
