/**
 * GET /api/v1/trends through the built server: a signed-in user gets the steps and the comparison; no token is
 * 401; bad parameters are 400s naming the field. (The figures themselves: test/db/trends.spec.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrendResponse } from '@gridlens/contracts';
import { e2eBackends, launch, messageOf, qs, type E2eServer } from '../support/e2e-harness';
import { isoCst } from '../support/event-factory';
import { plain, reported } from '../support/ingest-cases';

const HOUR = 3600_000;

for (const backend of e2eBackends(['pglite', 'postgres'])) {
  describe.skipIf(!backend.enabled)(`trends through the server on ${backend.name}`, () => {
    let app: E2eServer;
    let now: number;

    beforeAll(async () => {
      app = await launch(backend.name);
      now = Date.now();
      const result = await app.api.ingestOk([reported('R-1', 'R-1-0', now - 3 * HOUR), plain('R-1', 'R-1-1', 'registered', now - 2 * HOUR)]);
      expect(result.accepted).toBe(2);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('answers steps, totals and the comparison to a signed-in user', async () => {
      const query = { from: isoCst(now - 6 * HOUR), to: isoCst(now), step: 'hour', categories: 'E05', compare: `${isoCst(now - 30 * HOUR)},${isoCst(now - 24 * HOUR)}` };
      const r = await app.api.get<TrendResponse>(`/api/v1/trends${qs(query)}`);
      expect(r.status, r.text).toBe(200);
      expect(r.body.period.total.counts).toEqual({ reported: 1, registered: 1, closed: 0 });
      expect(r.body.period.total.stages.reportToRegister.clock).toEqual({ count: 1, meanSeconds: 3600, p50Seconds: 3600, p90Seconds: 3600 });
      expect(r.body.period.steps.length).toBeGreaterThanOrEqual(6);
      expect(r.body.compare!.total.counts.reported).toBe(0);
      expect(r.body.compare!.changes.reportToRegister.clock.p).toBeNull();
      expect(r.body.method).toMatch(/Mann-Whitney/);
    });

    it('needs a signed-in user', async () => {
      const r = await app.api.get(`/api/v1/trends${qs({ from: isoCst(now - HOUR), to: isoCst(now) })}`, null);
      expect(r.status).toBe(401);
    });

    it.each([
      [{ to: '2026-11-02T00:00:00+08:00' }, /^from: /],
      [{ from: '2026-11-01T00:00:00+08:00' }, /^to: /],
      [{ from: '2026-11-02T00:00:00+08:00', to: '2026-11-01T00:00:00+08:00' }, /^from: from must be before to/],
      [{ from: '2026-11-01T00:00:00+08:00', to: '2026-11-02T00:00:00+08:00', step: 'year' }, /^step: expected one of hour, day, week, month/],
      [{ from: '2026-01-01T00:00:00+08:00', to: '2026-11-02T00:00:00+08:00', step: 'hour' }, /^step: more than 2000 steps/],
      [{ from: '2026-11-01T00:00:00+08:00', to: '2026-11-02T00:00:00+08:00', compare: 'yesterday' }, /^compare: expected <from>,<to>/],
      [{ from: '2026-11-01T00:00:00+08:00', to: '2026-11-02T00:00:00+08:00', compare: '2026-11-02T00:00:00Z,2026-11-01T00:00:00Z' }, /^compare: the first instant must be before the second/],
      [{ from: '2026-11-01T00:00:00+08:00', to: '2026-11-02T00:00:00+08:00', region: '999999' }, /^region: unknown region code/],
      [{ from: '2026-11-01T00:00:00+08:00', to: '2026-11-02T00:00:00+08:00', categories: 'Z9999' }, /^categories: unknown category/],
    ])('%o → 400 naming the field', async (query, message) => {
      const r = await app.api.get(`/api/v1/trends${qs(query)}`);
      expect(r.status, r.text).toBe(400);
      expect(messageOf(r.body)).toMatch(message);
    });
  });
}
