/**
 * GET /api/v1/hotspots/emerging through the built server: it needs a signed-in user, is not shadowed by
 * GET /api/v1/hotspots, answers the contract's shape (a cluster sent over HTTP for the last two of three days comes
 * out consecutive), and refuses bad parameters with a 400 naming the field. (Patterns, counts and statistics are
 * checked against independent recounts in test/db/emerging-hotspots.spec.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import type { EmergingResponse } from '@gridlens/contracts';
import { e2eBackends, launch, messageOf, qs, type E2eServer } from '../support/e2e-harness';

const CENTRE = latLngToCell(31.7777, 119.9963, 7); // 天宁区, resolution 7
const WINDOW = { from: '2026-03-01T00:00:00+08:00', to: '2026-03-04T00:00:00+08:00' };

for (const backend of e2eBackends(['pglite', 'postgres'])) {
  describe.skipIf(!backend.enabled)(`GET /api/v1/hotspots/emerging on ${backend.name}`, () => {
    let app: E2eServer;

    beforeAll(async () => {
      app = await launch(backend.name);
      // Ten cases in each cell of the cluster on 2 and 3 March (local time), none on 1 March.
      const events = ['2026-03-02T09:00:00+08:00', '2026-03-03T23:30:00+08:00'].flatMap((at, d) =>
        gridDisk(CENTRE, 1).flatMap((cell, c) => {
          const [lat, lon] = cellToLatLng(cell);
          return Array.from({ length: 10 }, (_, n) => ({
            eventId: `em-${d}-${c}-${n}`, caseId: `em-${d}-${c}-${n}`, type: 'reported', at, category: 'E0505', source: 'public', lon, lat,
          }));
        }),
      );
      expect((await app.api.ingestOk(events)).rejected).toEqual([]);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('needs a signed-in user', async () => {
      const res = await app.api.get(`/api/v1/hotspots/emerging${qs(WINDOW)}`, null);
      expect(res.status).toBe(401);
    });

    it('answers cells with a pattern, steps, n and the method; the cluster is consecutive', async () => {
      const answer = await app.api.getOk<EmergingResponse>(`/api/v1/hotspots/emerging${qs({ ...WINDOW, resolution: '7', step: 'day' })}`);
      expect(answer.steps).toEqual(['2026-03-01T00:00:00.000+08:00', '2026-03-02T00:00:00.000+08:00', '2026-03-03T00:00:00.000+08:00']);
      expect(answer.n).toBeGreaterThan(1000); // the whole city at resolution 7
      expect(answer.method).toMatchObject({ statistic: 'getis-ord-gi-star', cell: 'h3', resolution: 7, k: 1, step: 'day', timeZone: 'Asia/Shanghai', region: '320400' });
      const centre = answer.cells.find((c) => c.id === CENTRE)!;
      expect(centre).toMatchObject({ pattern: 'consecutive', hot: true, counts: [0, 10, 10] });
      expect(centre.bins.slice(1)).toEqual([3, 3]);
      expect(Object.keys(centre).sort()).toEqual(['bins', 'counts', 'hot', 'id', 'pattern', 'trend', 'z']);
      expect(Object.keys(centre.trend).sort()).toEqual(['p', 's', 'z']);
      expect(answer.cells.every((c) => c.pattern !== 'none')).toBe(true);
      const all = await app.api.getOk<EmergingResponse>(`/api/v1/hotspots/emerging${qs({ ...WINDOW, resolution: '7', region: '320402', all: 'true' })}`);
      expect(all.cells).toHaveLength(all.n);
      expect(all.cells.some((c) => c.pattern === 'none')).toBe(true);
      const squares = await app.api.getOk<EmergingResponse>(`/api/v1/hotspots/emerging${qs({ ...WINDOW, cell: 'square', size: '2000', region: '320402' })}`);
      expect(squares.method).toMatchObject({ cell: 'square', size: 2000, k: 1 });
      expect(squares.cells.some((c) => c.pattern === 'consecutive')).toBe(true);
    });

    it.each([
      [{}, /from/],
      [{ from: WINDOW.from }, /\bto\b/],
      [{ ...WINDOW, step: 'month' }, /step/],
      [{ from: '2026-03-02T00:00:00+08:00', to: WINDOW.to, step: 'week' }, /from: .*at least 2/],
      [{ from: '2024-01-01T00:00:00+08:00', to: '2026-01-01T00:00:00+08:00' }, /step: more than 366/],
      [{ from: '2026-01-01T00:00:00+08:00', to: '2026-05-01T00:00:00+08:00', resolution: '9' }, /step: .*limit of 4000000/],
      [{ from: WINDOW.to, to: WINDOW.from }, /from/],
      [{ ...WINDOW, all: 'yes' }, /all/],
      [{ ...WINDOW, resolution: '11' }, /resolution/],
      [{ ...WINDOW, k: '4' }, /\bk\b/],
      [{ ...WINDOW, cell: 'hex' }, /cell/],
      [{ ...WINDOW, fdr: 'maybe' }, /fdr/],
      [{ ...WINDOW, region: 'nowhere' }, /region/],
      [{ ...WINDOW, categories: 'NOPE' }, /categories/],
    ])('400 for %o', async (query, field) => {
      const res = await app.api.get(`/api/v1/hotspots/emerging${qs(query)}`);
      expect(res.status).toBe(400);
      expect(messageOf(res.body)).toMatch(field);
    });
  });
}
