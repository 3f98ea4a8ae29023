import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { Database } from '../../apps/server/src/db/database';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

const AT = (minute: number) => new Date(Date.parse('2026-03-02T02:00:00Z') + minute * 60_000).toISOString();

/** Batches that race on the same cases and the same event ids. */
function racingBatches(cases: number) {
  const ids = Array.from({ length: cases }, (_, i) => `R${i}`);
  const report = ids.map((id) => ({ eventId: `${id}-rep`, caseId: id, type: 'reported', at: AT(0), category: 'E0505', lon: 119.97, lat: 31.78, source: 'public' }));
  const register = ids.map((id) => ({ eventId: `${id}-reg`, caseId: id, type: 'registered', at: AT(1) }));
  const dispatch = ids.map((id) => ({ eventId: `${id}-dis`, caseId: id, type: 'dispatched', at: AT(2), department: 'D10' }));
  const extend = ids.map((id) => ({ eventId: `${id}-ext`, caseId: id, type: 'extended', at: AT(3), extendBy: 'PT1H' }));
  return [report, [...report.slice(0, cases / 2), ...register], register, [...dispatch, ...extend], extend, report];
}

for (const backend of testBackends()) {
  describe(`concurrent ingest on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('judges every event on the database state even when another instance changed a case it has cached', async () => {
      // Two server instances (each with its own cache) on one database of their own.
      const own = await backend.open();
      const first = await createTestContext(own.db);
      const other = await createTestContext(own.db);
      const db = own.db;
      try {
        const a = first.get(IngestService);
        const b = other.get(IngestService);
        const ev = (n: number, type: string, extra = {}) => ({ eventId: `S-${n}`, caseId: 'S', type, at: AT(n), ...extra });
        expect((await a.ingest([ev(0, 'reported', { category: 'E0505', lon: 119.97, lat: 31.78, source: 'public' })])).accepted).toBe(1);
        expect((await b.ingest([ev(1, 'registered')])).accepted).toBe(1);
        // A still caches S as reported: dispatch must be accepted (refusal would be on a stale state) …
        expect(await a.ingest([ev(2, 'dispatched', { department: 'D10' })])).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
        expect((await b.ingest([ev(3, 'handled')])).accepted).toBe(1);
        // … and a write over a stale cached version must not overwrite B's change.
        expect(await a.ingest([ev(4, 'closed')])).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
        const [s] = await db.query<{ status: string; handled_at: Date | null; version: number }>(`SELECT status, handled_at, version FROM cases WHERE case_id = 'S'`);
        expect([s.status, s.handled_at?.toISOString(), s.version]).toEqual(['closed', AT(3), 5]);
        // A real refusal stays a refusal.
        const late = await b.ingest([ev(5, 'handled')]);
        expect(late.rejected.map((r) => r.error)).toEqual(['type: case "S" is closed; no event may follow']);
      } finally {
        await first.close();
        await other.close();
        await own.drop();
      }
    });

    it('applies each event at most once, numbers the log without gaps, and leaves states the log explains', async () => {
      const ingest = app.get(IngestService);
      const batches = racingBatches(200);
      const results = await Promise.all(batches.map((b) => ingest.ingest(b)));
      const sent = new Set(batches.flat().map((e) => e.eventId));
      const accepted = results.reduce((n, r) => n + r.accepted, 0);

      const log = await db.query<{ seq: number; event_id: string; case_id: string; type: string; status: string }>(
        `SELECT seq, event_id, case_id, type, status FROM case_event ORDER BY seq`,
      );
      // Every distinct event id at most once in the log; the log is numbered 1..n; n = everything accepted.
      expect(log.length).toBe(accepted);
      expect(new Set(log.map((e) => e.event_id)).size).toBe(log.length);
      expect(log.map((e) => Number(e.seq))).toEqual(log.map((_, i) => i + 1));
      for (const r of results) expect(r.accepted + r.duplicates + r.rejected.length).toBeGreaterThan(0);
      expect(results.reduce((n, r, i) => n + r.accepted + r.duplicates + r.rejected.length - batches[i].length, 0)).toBe(0);
      // All 200 reports landed once, whatever the interleaving.
      expect(log.filter((e) => e.type === 'reported')).toHaveLength(200);
      expect([...sent].filter((id) => id.endsWith('-rep')).length).toBe(200);

      // The state of each case is the status after its last logged event, and extensions appear once each.
      const last = new Map(log.map((e) => [e.case_id, e.status]));
      const cases = await db.query<{ case_id: string; status: string; extensions: unknown[] }>(`SELECT case_id, status, extensions FROM cases`);
      expect(cases).toHaveLength(200);
      for (const c of cases) {
        expect(c.status, c.case_id).toBe(last.get(c.case_id));
        const extendedInLog = log.filter((e) => e.case_id === c.case_id && e.type === 'extended').length;
        expect(c.extensions.length, c.case_id).toBe(extendedInLog);
      }
      const [counter] = await db.query<{ last_seq: number }>(`SELECT last_seq FROM event_counter`);
      expect(Number(counter.last_seq)).toBe(log.length);
    });
  });
}
