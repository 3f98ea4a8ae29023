import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import gcoord from 'gcoord';
import type { Database } from '../../apps/server/src/db/database';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { LiveBus } from '../../apps/server/src/services/live-bus.service';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

const TIANNING = { lon: 119.97, lat: 31.78 }; // inside 天宁区 (320402)

for (const backend of testBackends()) {
  describe(`ingest on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let ingest: IngestService;
    const published: number[] = [];

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      ingest = app.get(IngestService);
      app.get(LiveBus).subscribe((events) => published.push(...events.map((e) => e.seq)));
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    const base = (caseId: string, n: number) => ({ caseId, eventId: `${caseId}-${n}` });
    const reported = (caseId: string, at: string, point = TIANNING, extra = {}) => ({
      ...base(caseId, 0), type: 'reported', at, category: 'E0505', source: 'inspector', ...point, ...extra,
    });

    it('applies a lifecycle, places the case and numbers the log without gaps', async () => {
      const result = await ingest.ingest([
        reported('A', '2026-03-02T10:00:00+08:00'),
        { ...base('A', 1), type: 'registered', at: '2026-03-02T10:05:00+08:00' },
        { ...base('A', 2), type: 'dispatched', at: '2026-03-02T10:10:00+08:00', department: 'D04' },
        { ...base('A', 3), type: 'handled', at: '2026-03-02T11:00:00+08:00' },
        { ...base('A', 4), type: 'closed', at: '2026-03-02T11:30:00+08:00' },
      ]);
      expect(result).toEqual({ accepted: 5, duplicates: 0, rejected: [] });
      const [c] = await db.query<Record<string, unknown>>(
        `SELECT status, district_code, city_code, department_code, closed_on_time, deadline, major_code, family_code FROM cases WHERE case_id = 'A'`,
      );
      expect(c).toMatchObject({ status: 'closed', district_code: '320402', city_code: '320400', department_code: 'D04', closed_on_time: true, major_code: 'E05', family_code: 'E' });
      const limit = await db.query<{ limit_amount: unknown; limit_unit: string }>(`SELECT limit_amount, limit_unit FROM category WHERE code = 'E0505'`);
      expect(limit[0].limit_unit).toBeDefined();
      const seqs = (await db.query<{ seq: number }>(`SELECT seq FROM case_event ORDER BY seq`)).map((r) => Number(r.seq));
      expect(seqs).toEqual([1, 2, 3, 4, 5]);
      expect(published).toEqual([1, 2, 3, 4, 5]);
    });

    it('applies a batch of later events for cases reported in earlier batches', async () => {
      await ingest.ingest([reported('L', '2026-03-02T10:00:00+08:00')]);
      const later = await ingest.ingest([{ ...base('L', 1), type: 'registered', at: '2026-03-02T10:05:00+08:00' }]);
      expect(later).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    });

    it('counts repeats as duplicates and never applies them twice', async () => {
      const again = await ingest.ingest([reported('A', '2026-03-02T10:00:00+08:00'), { ...base('A', 1), type: 'registered', at: '2026-03-02T10:05:00+08:00' }]);
      expect(again).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
      const within = await ingest.ingest([reported('B', '2026-03-02T10:00:00+08:00'), reported('B', '2026-03-02T10:00:00+08:00')]);
      expect(within).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
      expect(Number((await db.query<{ n: number }>(`SELECT count(*) AS n FROM case_event`))[0].n)).toBe(8);
    });

    it('rejects bad events one by one, keeps them for operators, and changes nothing for them', async () => {
      const result = await ingest.ingest([
        reported('C', '2026-03-02T10:00:00+08:00'),
        reported('D', '2026-03-02T10:00:00+08:00', { lon: 10, lat: 10 }),
        reported('E', '2026-03-02T10:00:00+08:00', TIANNING, { category: 'E05' }),
        reported('F', '2026-03-02T10:00:00+08:00', TIANNING, { category: 'Z9999' }),
        { ...base('C', 1), type: 'dispatched', at: '2026-03-02T10:10:00+08:00', department: 'D04' },
        { ...base('C', 2), type: 'closed', at: '2026-03-02T10:20:00+08:00' },
      ]);
      expect(result.accepted).toBe(1);
      expect(result.rejected.map((r) => [r.index, r.error])).toEqual([
        [1, 'lon, lat: the point lies outside every region of the city'],
        [2, 'category: "E05" is a major class; report a minor category under it'],
        [3, 'category: unknown category code "Z9999"'],
        [4, 'type: "dispatched" is not allowed when the case is reported (allowed from: registered, returned)'],
        [5, 'type: "closed" is not allowed when the case is reported (allowed from: registered, handled, checked)'],
      ]);
      const kept = await db.query<{ event_id: string; error: string; raw: { caseId: string } }>(`SELECT event_id, error, raw FROM rejected_event ORDER BY id`);
      expect(kept.map((k) => k.event_id)).toEqual(['D-0', 'E-0', 'F-0', 'C-1', 'C-2']);
      expect(kept[0].raw.caseId).toBe('D');
      expect((await db.query(`SELECT 1 FROM cases WHERE case_id IN ('D', 'E', 'F')`)).length).toBe(0);
      const [c] = await db.query<{ status: string }>(`SELECT status FROM cases WHERE case_id = 'C'`);
      expect(c.status).toBe('reported');
    });

    it('converts GCJ-02 to WGS84 before placing and storing', async () => {
      const [gx, gy] = gcoord.transform([TIANNING.lon, TIANNING.lat], gcoord.WGS84, gcoord.GCJ02);
      const result = await ingest.ingest([reported('G', '2026-03-02T10:00:00+08:00', { lon: gx, lat: gy }, { crs: 'gcj02' })]);
      expect(result.accepted).toBe(1);
      const [g] = await db.query<{ lon: number; lat: number; district_code: string }>(`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, district_code FROM cases WHERE case_id = 'G'`);
      expect(g.district_code).toBe('320402');
      // The log keeps what the event carried beyond its columns: here the datum and the coordinates as sent.
      const [logged] = await db.query<{ details: Record<string, unknown>; lon: number }>(`SELECT details, lon FROM case_event WHERE event_id = 'G-0'`);
      expect(logged.details).toEqual({ source: 'inspector', crs: 'gcj02', lon: gx, lat: gy });
      expect(Math.abs(logged.lon - TIANNING.lon)).toBeLessThan(1e-6);
      const details = await db.query<{ event_id: string; details: unknown }>(`SELECT event_id, details FROM case_event WHERE case_id = 'A' ORDER BY seq`);
      expect(details.map((d) => d.details)).toEqual([{ source: 'inspector' }, null, { department: 'D04' }, null, null]);
      expect(Math.abs(g.lon - TIANNING.lon)).toBeLessThan(1e-6);
      expect(Math.abs(g.lat - TIANNING.lat)).toBeLessThan(1e-6);
    });

    it('computes the deadline in working time and keeps it across suspension', async () => {
      // E0101-style limits come from the catalogue; take the category's own limit to compute the expectation.
      const [cat] = await db.query<{ limit_amount: string | number; limit_unit: string }>(`SELECT limit_amount, limit_unit FROM category WHERE code = 'E0505'`);
      expect(cat.limit_unit).toMatch(/working_hours|working_days|hours/);
      const result = await ingest.ingest([
        reported('H', '2026-03-06T16:00:00+08:00'), // a Friday
        { ...base('H', 1), type: 'registered', at: '2026-03-06T16:00:00+08:00' },
        { ...base('H', 2), type: 'dispatched', at: '2026-03-06T16:30:00+08:00', department: 'D04' },
        { ...base('H', 3), type: 'suspended', at: '2026-03-09T08:30:00+08:00' },
        { ...base('H', 4), type: 'resumed', at: '2026-03-09T10:30:00+08:00' },
      ]);
      expect(result.rejected).toEqual([]);
      const [h] = await db.query<{ deadline: Date; suspensions: unknown }>(`SELECT deadline, suspensions FROM cases WHERE case_id = 'H'`);
      expect(h.suspensions).toEqual([[Date.parse('2026-03-09T08:30:00+08:00'), Date.parse('2026-03-09T10:30:00+08:00')]]);
      if (cat.limit_unit === 'working_hours') {
        // Friday 16:00-17:30 = 1.5 h; Monday 08:30-10:30 suspended; then the rest from 10:30.
        const rest = Number(cat.limit_amount) - 1.5;
        expect(rest).toBeGreaterThan(0);
        expect(rest).toBeLessThanOrEqual(1.5);
        expect(h.deadline.getTime()).toBe(Date.parse('2026-03-09T10:30:00+08:00') + rest * 3_600_000);
      }
    });

    it('numbers concurrent batches gap-free and in commit order', async () => {
      const batches = Array.from({ length: 4 }, (_, b) =>
        Array.from({ length: 50 }, (_, i) => reported(`P${b}-${i}`, '2026-03-02T10:00:00+08:00')),
      );
      const results = await Promise.all(batches.map((batch) => ingest.ingest(batch)));
      expect(results.map((r) => r.accepted)).toEqual([50, 50, 50, 50]);
      const seqs = (await db.query<{ seq: number }>(`SELECT seq FROM case_event ORDER BY seq`)).map((r) => Number(r.seq));
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      const [counter] = await db.query<{ last_seq: number }>(`SELECT last_seq FROM event_counter`);
      expect(Number(counter.last_seq)).toBe(seqs.length);
    });
  });
}
