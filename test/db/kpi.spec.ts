import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { Database } from '../../apps/server/src/db/database';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { KpiService } from '../../apps/server/src/services/kpi.service';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

// Hand-computed fixture: category C0101 (上水井盖) has a plain 6-hour limit, so every deadline is
// registration + 6 h (+ suspended time). Window: 2 March 2026 (Shanghai), "now" 20:00 that day.
const d = (hhmm: string, day = '02') => `2026-03-${day}T${hhmm}:00+08:00`;
const FROM = d('00:00');
const TO = d('00:00', '03');
const NOW = new Date(d('20:00'));

function lifecycle(id: string, point: { lon: number; lat: number }, steps: [string, string, Record<string, unknown>?][]) {
  return steps.map(([type, at, extra], i) => ({
    eventId: `${id}-${i}`,
    caseId: id,
    type,
    at,
    ...(type === 'reported' ? { category: 'C0101', source: 'inspector', ...point } : {}),
    ...(type === 'dispatched' ? { department: 'D03' } : {}),
    ...extra,
  }));
}

for (const backend of testBackends()) {
  describe(`KPIs on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let kpis: KpiService;

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      kpis = app.get(KpiService);
      const tianning = { lon: 119.97, lat: 31.78 };
      const [z] = await db.query<{ lon: number; lat: number }>(
        `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM region WHERE code = '320404') s`,
      );
      const events = [
        ...lifecycle('K1', tianning, [['reported', d('08:00')], ['registered', d('08:10')], ['dispatched', d('08:20')], ['handled', d('10:00')], ['closed', d('11:00')]]),
        ...lifecycle('K2', tianning, [['reported', d('09:00')], ['registered', d('09:30')], ['dispatched', d('10:00')], ['handled', d('17:00')], ['closed', d('18:00')]]),
        ...lifecycle('K3', tianning, [['reported', d('10:00')], ['registered', d('10:20')], ['dispatched', d('11:00')]]),
        ...lifecycle('K4', tianning, [['reported', d('12:00')], ['registered', d('12:00')], ['suspended', d('13:00')]]),
        ...lifecycle('K5', tianning, [['reported', d('13:00')], ['voided', d('13:30')]]),
        ...lifecycle('K6', tianning, [['reported', d('19:00')]]),
        ...lifecycle('K7', z, [['reported', d('08:00')], ['registered', d('08:05')], ['closed', d('09:00')]]),
        // K8: dispatched 1 March 10:20, handled 2 March 08:00 (21 h 40 min = 78,000 s), closed 09:00.
        ...lifecycle('K8', tianning, [['reported', d('10:00', '01')], ['registered', d('10:10', '01')], ['dispatched', d('10:20', '01')], ['handled', d('08:00')], ['closed', d('09:00')]]),
      ];
      const result = await app.get(IngestService).ingest(events);
      expect(result.rejected).toEqual([]);
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('counts the window, the open and overdue cases, and the due cohort exactly', async () => {
      const k = await kpis.snapshot({ from: FROM, to: TO }, NOW);
      expect(k.seq).toBe(27); // 5 + 5 + 3 + 3 + 2 + 1 + 3 + 5 events
      expect(k.counts).toEqual({ reported: 7, registered: 5, closed: 4, closedOnTime: 2, voided: 1, open: 3, overdue: 1, due: 4 });
      expect(k.rates.closure).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
      expect(k.rates.onTimeClosure).toEqual({ numerator: 2, denominator: 4, value: 0.5 });
    });

    it('gives mean, p50 and p90 (linear interpolation) of each stage in seconds', async () => {
      const k = await kpis.snapshot({ from: FROM, to: TO }, NOW);
      expect(k.durations.reportToRegister).toEqual({ count: 5, meanSeconds: 780, p50Seconds: 600, p90Seconds: 1560 });
      expect(k.durations.registerToDispatch).toEqual({ count: 3, meanSeconds: 1600, p50Seconds: 1800, p90Seconds: 2280 });
      expect(k.durations.dispatchToHandled).toEqual({ count: 3, meanSeconds: (6000 + 25200 + 78000) / 3, p50Seconds: 25200, p90Seconds: 25200 + 0.8 * (78000 - 25200) });
      expect(k.durations.reportToClose).toEqual({ count: 4, meanSeconds: 32400, p50Seconds: 21600, p90Seconds: 67680 });
    });

    it('scopes to a region and to categories at any level', async () => {
      const zhonglou = await kpis.snapshot({ region: '320404', from: FROM, to: TO }, NOW);
      expect(zhonglou.counts).toEqual({ reported: 1, registered: 1, closed: 1, closedOnTime: 1, voided: 0, open: 0, overdue: 0, due: 1 });
      const components = await kpis.snapshot({ categories: ['C01'], from: FROM, to: TO }, NOW);
      expect(components.counts.reported).toBe(7);
      const events = await kpis.snapshot({ categories: ['E'], from: FROM, to: TO }, NOW);
      expect(events.counts).toEqual({ reported: 0, registered: 0, closed: 0, closedOnTime: 0, voided: 0, open: 0, overdue: 0, due: 0 });
      expect(events.rates.closure.value).toBeNull();
    });

    it('defaults to today in the city time zone and names bad scopes', async () => {
      const today = await kpis.snapshot({}, NOW);
      expect([today.scope.from, today.scope.to]).toEqual([new Date(FROM).toISOString(), new Date(TO).toISOString()]);
      await expect(kpis.snapshot({ region: '999999' }, NOW)).rejects.toThrow('region: unknown region code "999999"');
      await expect(kpis.snapshot({ categories: ['X1'] }, NOW)).rejects.toThrow('categories: unknown category code(s) X1');
    });
  });
}
