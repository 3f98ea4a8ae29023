/**
 * The SQL that feeds the evaluation engine (EvaluationFactsRepository) on both databases, on hand-made cases
 * around October 2026 in Asia/Shanghai ([2026-10-01T00:00+08:00, 2026-11-01T00:00+08:00)): which cases can count
 * in the period (reported before its end, not closed or voided before its start), which of their events (at < end),
 * and each event rebuilt exactly as the IngestEvent that was accepted, with the report's placement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { parseIngestEvent, type IngestEvent } from '@gridlens/contracts';
import type { Database } from '../../apps/server/src/db/database';
import { EvaluationFactsRepository, type EvaluationSnapshot } from '../../apps/server/src/repositories/evaluation-facts.repository';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { ZHONGLOU, gcjOfTianning, plain, reported } from '../support/ingest-cases';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

const cst = (iso: string) => Date.parse(`${iso}+08:00`);
const FROM = cst('2026-10-01T00:00:00');
const TO = cst('2026-11-01T00:00:00');

/** Each case with the ids of its events that must come back (those at < TO), or none when it must not. */
function handMadeCases() {
  const events = [
    // Closed before the period: contributes nothing.
    reported('EF-01-OLD', 'EF-01-0', cst('2026-09-10T09:00:00')),
    plain('EF-01-OLD', 'EF-01-1', 'registered', cst('2026-09-10T09:10:00')),
    plain('EF-01-OLD', 'EF-01-2', 'closed', cst('2026-09-10T09:30:00')),
    // Voided before the period.
    reported('EF-02-VOID', 'EF-02-0', cst('2026-09-25T10:00:00'), { source: 'public' }),
    plain('EF-02-VOID', 'EF-02-1', 'voided', cst('2026-09-26T10:00:00')),
    // Closed exactly at the period's start: still counts (closed_at >= from).
    reported('EF-03-EDGE', 'EF-03-0', cst('2026-09-30T23:00:00')),
    plain('EF-03-EDGE', 'EF-03-1', 'registered', cst('2026-09-30T23:10:00')),
    plain('EF-03-EDGE', 'EF-03-2', 'closed', cst('2026-10-01T00:00:00')),
    // Open since September, with every kind of later event and details (reporter, description, department, extension).
    reported('EF-04-OPEN', 'EF-04-0', cst('2026-09-28T09:00:00'), { reporterId: 'insp-7', description: '井盖缺失' }),
    plain('EF-04-OPEN', 'EF-04-1', 'verified', cst('2026-09-28T09:20:00')),
    plain('EF-04-OPEN', 'EF-04-2', 'registered', cst('2026-09-28T09:30:00')),
    plain('EF-04-OPEN', 'EF-04-3', 'dispatched', cst('2026-09-28T09:40:00'), { department: 'D10' }),
    plain('EF-04-OPEN', 'EF-04-4', 'returned', cst('2026-09-28T10:00:00'), { department: 'D10' }),
    plain('EF-04-OPEN', 'EF-04-5', 'dispatched', cst('2026-10-08T09:00:00'), { department: 'D10' }),
    plain('EF-04-OPEN', 'EF-04-6', 'extended', cst('2026-10-08T10:00:00'), { extendBy: 'P2D' }),
    plain('EF-04-OPEN', 'EF-04-7', 'suspended', cst('2026-10-09T10:00:00')),
    plain('EF-04-OPEN', 'EF-04-8', 'resumed', cst('2026-10-12T10:00:00')),
    plain('EF-04-OPEN', 'EF-04-9', 'handled', cst('2026-10-13T10:00:00')),
    plain('EF-04-OPEN', 'EF-04-10', 'rework', cst('2026-10-13T15:00:00'), { department: 'D10' }),
    // Crossing into November: its November events are left out.
    reported('EF-05-CROSS', 'EF-05-0', cst('2026-10-31T22:00:00'), { lon: ZHONGLOU[0], lat: ZHONGLOU[1], source: 'hotline' }),
    plain('EF-05-CROSS', 'EF-05-1', 'registered', cst('2026-10-31T22:30:00')),
    plain('EF-05-CROSS', 'EF-05-2', 'dispatched', cst('2026-10-31T23:59:59.999'), { department: 'D10' }),
    plain('EF-05-CROSS', 'EF-05-3', 'handled', cst('2026-11-01T00:00:00')),
    plain('EF-05-CROSS', 'EF-05-4', 'closed', cst('2026-11-02T09:00:00')),
    // Sent in GCJ-02: the event comes back with the coordinates and datum as sent, the placement in WGS 84.
    reported('EF-06-GCJ', 'EF-06-0', cst('2026-10-10T08:00:00'), { lon: gcjOfTianning[0], lat: gcjOfTianning[1], crs: 'gcj02' }),
    // Reported exactly at the period's end, and later: not in it.
    reported('EF-07-END', 'EF-07-0', TO),
    reported('EF-08-LATER', 'EF-08-0', cst('2026-11-05T08:00:00')),
    // Voided inside the period: counts (voided after registration in P).
    reported('EF-09-VOIDIN', 'EF-09-0', cst('2026-09-30T08:00:00')),
    plain('EF-09-VOIDIN', 'EF-09-1', 'registered', cst('2026-09-30T08:05:00')),
    plain('EF-09-VOIDIN', 'EF-09-2', 'voided', cst('2026-10-20T08:00:00')),
  ] as Record<string, unknown>[];
  const expected: Record<string, string[]> = {
    'EF-03-EDGE': ['EF-03-0', 'EF-03-1', 'EF-03-2'],
    'EF-04-OPEN': ['EF-04-0', 'EF-04-1', 'EF-04-2', 'EF-04-3', 'EF-04-4', 'EF-04-5', 'EF-04-6', 'EF-04-7', 'EF-04-8', 'EF-04-9', 'EF-04-10'],
    'EF-05-CROSS': ['EF-05-0', 'EF-05-1', 'EF-05-2'],
    'EF-06-GCJ': ['EF-06-0'],
    'EF-09-VOIDIN': ['EF-09-0', 'EF-09-1', 'EF-09-2'],
  };
  return { events, expected };
}

/** An event as ingest keeps it: validated, `at` normalised to UTC milliseconds. */
function asAccepted(raw: Record<string, unknown>): IngestEvent {
  const parsed = parseIngestEvent(raw);
  if (!parsed.ok) throw new Error(parsed.error);
  return { ...parsed.event, at: new Date(Date.parse(parsed.event.at)).toISOString() };
}

for (const backend of testBackends()) {
  describe(`evaluation facts SQL on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let repository: EvaluationFactsRepository;
    let snapshot: EvaluationSnapshot;
    const { events, expected } = handMadeCases();

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      repository = app.get(EvaluationFactsRepository);
      const result = await app.get(IngestService).ingest(events as never);
      expect(result.rejected).toEqual([]);
      expect(result.accepted).toBe(events.length);
      snapshot = await repository.snapshot(FROM, TO);
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('returns exactly the cases that can count in the period, by case id, with their events at < end in seq order', () => {
      expect(snapshot.cases.map((c) => c.caseId)).toEqual(Object.keys(expected));
      for (const c of snapshot.cases) expect(c.events.map((e) => e.event.eventId), c.caseId).toEqual(expected[c.caseId]);
      expect(snapshot.cases.find((c) => c.caseId === 'EF-05-CROSS')!.category).toBe('E0505');
    });

    it('rebuilds every event as the IngestEvent that was accepted, the report with its placement', async () => {
      const sent = new Map(events.map((e) => [e.eventId as string, asAccepted(e)]));
      for (const c of snapshot.cases) {
        for (const logged of c.events) {
          expect(logged.event).toEqual(sent.get(logged.event.eventId));
          expect(parseIngestEvent(logged.event).ok).toBe(true);
          expect(logged.placement !== undefined).toBe(logged.event.type === 'reported');
        }
      }
      const placements = await db.query<{ case_id: string; lon: number; lat: number; district_code: string; street_code: string | null; grid_code: string | null }>(
        `SELECT case_id, ST_X(geom) AS lon, ST_Y(geom) AS lat, district_code, street_code, grid_code FROM cases WHERE case_id = ANY($1::text[])`,
        [Object.keys(expected)],
      );
      for (const p of placements) {
        const placement = snapshot.cases.find((c) => c.caseId === p.case_id)!.events[0].placement!;
        expect(placement.regions.district).toBe(p.district_code);
        expect(placement.regions.street).toBe(p.street_code);
        expect(placement.regions.grid).toBe(p.grid_code);
        expect(placement.lon).toBeCloseTo(p.lon, 9);
        expect(placement.lat).toBeCloseTo(p.lat, 9);
      }
      const cross = snapshot.cases.find((c) => c.caseId === 'EF-05-CROSS')!.events[0].placement!;
      expect(cross.regions.district).toBe('320404');
      const gcj = snapshot.cases.find((c) => c.caseId === 'EF-06-GCJ')!.events[0];
      expect(gcj.event).toMatchObject({ crs: 'gcj02', lon: gcjOfTianning[0], lat: gcjOfTianning[1] });
      expect(gcj.placement!.regions.district).toBe('320402');
      expect(Math.abs(gcj.placement!.lon - gcjOfTianning[0])).toBeGreaterThan(1e-3);
    });

    it('reads the log position in the same snapshot, and a period with no case gives none', async () => {
      expect(snapshot.seq).toBe(events.length);
      expect(snapshot.seq).toBe(await repository.lastSeq());
      // The last event logged (EF-09-2) is dated 20 October: it changes facts cut off after it, not before.
      expect(await repository.loggedBefore(snapshot.seq, TO)).toBe(false);
      expect(await repository.loggedBefore(snapshot.seq - 1, TO)).toBe(true);
      expect(await repository.loggedBefore(snapshot.seq - 1, cst('2026-10-20T08:00:00'))).toBe(false);
      expect(await repository.loggedBefore(snapshot.seq - 1, cst('2026-10-20T08:00:00.001'))).toBe(true);
      const empty = await repository.snapshot(cst('2026-06-01T00:00:00'), cst('2026-07-01T00:00:00'));
      expect(empty).toEqual({ seq: events.length, cases: [] });
      // September: everything reported before October 1st that was not finished before September 1st.
      const september = await repository.snapshot(cst('2026-09-01T00:00:00'), FROM);
      expect(september.cases.map((c) => c.caseId)).toEqual(['EF-01-OLD', 'EF-02-VOID', 'EF-03-EDGE', 'EF-04-OPEN', 'EF-09-VOIDIN']);
      expect(september.cases.find((c) => c.caseId === 'EF-03-EDGE')!.events.map((e) => e.event.type)).toEqual(['reported', 'registered']);
    });

    it('lists the units: regions of a level and departments with their names, and category names', async () => {
      const districts = await repository.regionUnits('district');
      expect(districts.find((u) => u.code === '320402')).toEqual({ code: '320402', name: { zh: '天宁区', en: expect.any(String) } });
      expect(districts.map((u) => u.code)).toEqual([...districts.map((u) => u.code)].sort());
      const streets = await db.query<{ code: string }>(`SELECT code FROM region WHERE level = 'street' ORDER BY code`);
      expect((await repository.regionUnits('street')).map((u) => u.code)).toEqual(streets.map((r) => r.code));
      const departments = await repository.departmentUnits();
      expect(departments.find((u) => u.code === 'D10')?.name.zh).toEqual(expect.any(String));
      expect((await repository.categoryNames()).get('E0505')?.zh).toEqual(expect.any(String));
    });
  });
}
