/**
 * The ingest contract (issue #2 §3, docs/api.md) exactly as written, driven over HTTP against the built
 * server: authentication, size limit, envelope shape, a mixed batch with every kind of bad input named
 * by its field, idempotency, the operators' view of rejected events, and datum conversion on the way in.
 * Runs on the embedded PGlite and on the real PostgreSQL + PostGIS (TEST_DATABASE_URL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_EVENTS_PER_BATCH, type IngestResult, type LiveEvent } from '@gridlens/contracts';
import { e2eBackends, launch, messageOf, type E2eServer } from '../support/e2e-harness';
import { factoryCategories, generateDataset } from '../support/event-factory';
import { metresBetween } from '../support/gcj02';
import { gcjOfTianning, mixedBatch, mixedBatchT0, plain, reported, TIANNING, ZHONGLOU, type Entry, type RawEvent } from '../support/ingest-cases';
import { LiveRecorder } from '../support/live-client';
import { TEST_INGEST_KEY } from '../support/server-process';

for (const backend of e2eBackends(['pglite', 'postgres'])) {
  describe.skipIf(!backend.enabled)(`ingest contract on ${backend.name}`, () => {
    let app: E2eServer;

    beforeAll(async () => {
      app = await launch(backend.name);
    });
    afterAll(async () => {
      await app?.close();
    });

    describe('authentication, size and shape', () => {
      it('answers 401 without a key, with a wrong key and with a non-Bearer scheme, and commits nothing', async () => {
        const before = await app.api.headSeq();
        const body = { events: [reported('AUTH-1', 'AUTH-1-e0', Date.now() - 3600_000)] };
        const missing = await app.api.ingest(body, { key: null });
        expect(missing.status).toBe(401);
        const wrong = await app.api.ingest(body, { key: 'not-the-ingest-key-at-all' });
        expect(wrong.status).toBe(401);
        const basic = await app.api.request('POST', '/api/v1/events', {
          headers: { 'content-type': 'application/json', authorization: `Basic ${TEST_INGEST_KEY}` },
          body: JSON.stringify(body),
        });
        expect(basic.status).toBe(401);
        // A user's session token is not an ingest key.
        const userToken = await app.api.ingest(body, { key: await app.api.adminToken() });
        expect(userToken.status).toBe(401);
        expect(await app.api.headSeq()).toBe(before);
      });

      it('answers 401, not 400, to a request without a key whose body has the wrong shape', async () => {
        expect((await app.api.ingest({ evts: [] }, { key: null })).status).toBe(401);
      });

      it('answers 401, not 400, to a request without a key whose body is not JSON', async () => {
        // Authentication comes first: a caller without a key learns nothing about how its body was read.
        expect((await app.api.ingest(null, { key: null, raw: '{"events": [' })).status).toBe(401);
        expect((await app.api.ingest(null, { key: 'not-the-ingest-key-at-all', raw: 'not json' })).status).toBe(401);
      });

      it(`answers 413 for more than ${MAX_EVENTS_PER_BATCH} events and commits none of them`, async () => {
        const before = await app.api.headSeq();
        const t = Date.now() - 3600_000;
        const events = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, (_, i) => reported(`BIG-${i}`, `BIG-${i}-e0`, t));
        const tooMany = await app.api.ingest({ events });
        expect(tooMany.status).toBe(413);
        expect(await app.api.headSeq()).toBe(before);
        // Without a key the answer is 401, whatever the size.
        expect((await app.api.ingest({ events }, { key: null })).status).toBe(401);
      });

      it(`takes exactly ${MAX_EVENTS_PER_BATCH} events (here one event and its repeats: 1 accepted, the rest duplicates)`, async () => {
        const event = reported('MAX-1', 'MAX-1-e0', Date.now() - 3600_000);
        const result = await app.api.ingest({ events: Array.from({ length: MAX_EVENTS_PER_BATCH }, () => event) });
        expect(result.status).toBe(200);
        expect(result.body).toEqual({ accepted: 1, duplicates: MAX_EVENTS_PER_BATCH - 1, rejected: [] });
      });

      it.each([
        ['a body without "events"', JSON.stringify({ evts: [] }), 'application/json', /events/],
        ['an empty object', JSON.stringify({}), 'application/json', /events/],
        ['"events" as an object', JSON.stringify({ events: { 0: {} } }), 'application/json', /events/],
        ['"events" as a string', JSON.stringify({ events: 'x' }), 'application/json', /events/],
        ['"events" as null', JSON.stringify({ events: null }), 'application/json', /events/],
        ['a top-level array', JSON.stringify([{ eventId: 'x' }]), 'application/json', /./],
        ['malformed JSON', '{"events": [', 'application/json', /./],
        ['not JSON at all', 'hello, gridlens', 'application/json', /./],
        ['a text/plain body', 'hello, gridlens', 'text/plain', /./],
      ])('answers 400 with a message for %s', async (_what, raw, contentType, mentions) => {
        const before = await app.api.headSeq();
        const result = await app.api.ingest(null, { raw, contentType });
        expect(result.status).toBe(400);
        expect(messageOf(result.body)).toMatch(mentions);
        expect(messageOf(result.body).length).toBeGreaterThan(0);
        expect(await app.api.headSeq()).toBe(before);
      });
    });

    describe('a mixed batch', () => {
      // Names and indices at collection time; the events themselves, with real times, in beforeAll.
      const kinds = mixedBatch(0);
      let entries: Entry[];
      let batch: RawEvent[];
      let t0: number;
      const min = 60_000;
      const acceptedEntries = () => entries.filter((e) => e.expect === 'accepted');
      const expectedRejections = () =>
        entries.flatMap((e, index) =>
          e.expect === 'accepted'
            ? []
            : [{ index, eventId: typeof e.event === 'object' && e.event && typeof e.event.eventId === 'string' ? e.event.eventId : null }],
        );

      let first: IngestResult;
      let seqBefore: number;
      let applied: LiveEvent[];

      beforeAll(async () => {
        const now = Date.now();
        t0 = mixedBatchT0(now);
        entries = mixedBatch(now);
        batch = entries.map((e) => e.event);
        seqBefore = await app.api.headSeq();
        first = await app.api.ingestOk(batch);
        // The log as the live stream replays it from seqBefore: exactly what was accepted, committed before the response.
        const live = await LiveRecorder.connect('replay', app.url, await app.api.adminToken());
        try {
          const head = await live.subscribeOk({ since: seqBefore });
          expect(head).toBe(seqBefore + first.accepted);
          await live.untilSeq(head);
          applied = [...live.events];
        } finally {
          live.close();
        }
      });

      it('accepts exactly the good events, counts no duplicates, and rejects each bad one with its index and eventId', () => {
        expect(first.accepted).toBe(acceptedEntries().length);
        expect(first.duplicates).toBe(0);
        expect(first.rejected.map(({ index, eventId }) => ({ index, eventId }))).toEqual(expectedRejections());
      });

      it.each(kinds.map((e, index) => [e.kind, index] as const).filter(([, index]) => kinds[index].expect !== 'accepted'))(
        'rejects %s with an error naming the field',
        (_kind, index) => {
          const rejection = first.rejected.find((r) => r.index === index);
          expect(rejection, `event ${index} should be rejected`).toBeDefined();
          const { error } = entries[index].expect as { error: RegExp };
          expect(rejection!.error).toMatch(error);
        },
      );

      it('commits the accepted events, in batch order, with gap-free seqs, before answering', () => {
        const acceptedIds = acceptedEntries().map((e) => (e.event as Record<string, unknown>).eventId);
        expect(applied.map((e) => e.eventId)).toEqual(acceptedIds);
        expect(applied.map((e) => e.seq)).toEqual(acceptedIds.map((_, i) => seqBefore + 1 + i));
      });

      it('applies the workflow: statuses after each accepted event', () => {
        const status = Object.fromEntries(applied.map((e) => [e.eventId, e.status]));
        expect(status).toMatchObject({
          'MX-K1-e0': 'reported',
          'MX-K1-e1': 'registered',
          'MX-K2-e1': 'voided',
          'MX-K1-e2': 'registered',
          'MX-K1-e3': 'dispatched',
          'MX-K1-e4': 'returned',
          'MX-K1-e5': 'dispatched',
          'MX-K1-e6': 'handled',
          'MX-K1-e7': 'dispatched',
          'MX-K16-e1': 'registered',
          'MX-K5-e0': 'reported',
        });
      });

      it('places a gcj02 point where it is in WGS84 (independent forward transform) and in the right district', () => {
        const k6 = applied.find((e) => e.caseId === 'MX-K6');
        expect(k6).toBeDefined();
        expect(metresBetween([k6!.lon, k6!.lat], TIANNING)).toBeLessThan(2);
        expect(metresBetween(gcjOfTianning, TIANNING)).toBeGreaterThan(100); // the conversion did something
        expect(k6!.regions).toMatchObject({ city: '320400', district: '320402' });
      });

      it('places cases itself: region codes sent by the client are ignored', () => {
        const k14 = applied.find((e) => e.caseId === 'MX-K14');
        expect(k14!.regions).toMatchObject({ city: '320400', district: '320402' });
      });

      it('converts bd09 and passes cgcs2000 through', () => {
        const k9 = applied.find((e) => e.caseId === 'MX-K9');
        expect(metresBetween([k9!.lon, k9!.lat], ZHONGLOU)).toBeLessThan(2);
        expect(k9!.regions).toMatchObject({ city: '320400', district: '320404' });
        const k10 = applied.find((e) => e.caseId === 'MX-K10');
        expect([k10!.lon, k10!.lat]).toEqual([ZHONGLOU[0], ZHONGLOU[1]]);
        expect(k10!.regions.district).toBe('320404');
      });

      it('keeps a refused event from changing anything: the case goes on from its last accepted state', async () => {
        // K5's refused `closed` left it `reported`; K1's refused `dispatched` D99 left it as it was.
        const result = await app.api.ingestOk([
          plain('MX-K5', 'MX-K5-e1', 'registered', t0 + 2 * min),
          plain('MX-K5', 'MX-K5-e2', 'closed', t0 + 3 * min),
        ]);
        expect(result).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
      });

      it('counts a re-sent batch as duplicates of everything accepted, accepts nothing, and rejects the same events again', async () => {
        const before = await app.api.headSeq();
        const again = await app.api.ingestOk(batch);
        expect(again.accepted).toBe(0);
        expect(again.duplicates).toBe(first.accepted);
        expect(again.rejected.map(({ index, eventId }) => ({ index, eventId }))).toEqual(expectedRejections());
        expect(await app.api.headSeq()).toBe(before);
      });

      it('shows the rejected events to an admin, with their reason and raw payload', async () => {
        const result = await app.api.get<{ rejected: { eventId: string | null; caseId: string | null; error: string; raw: unknown; receivedAt: string }[] }>(
          '/api/v1/events/rejected?limit=1000',
        );
        expect(result.status).toBe(200);
        for (const r of first.rejected) {
          const stored = result.body.rejected.find(
            (s) => s.eventId === r.eventId && s.error === r.error && deepEqual(s.raw, batch[r.index]),
          );
          expect(stored, `rejected event ${r.index} (${r.eventId}) is listed with its error and payload`).toBeDefined();
          expect(Number.isNaN(Date.parse(stored!.receivedAt))).toBe(false);
        }
      });

      it('shows rejected events to admins only (403 for a planner or a leader, who may read KPIs)', async () => {
        await app.addUsers([
          { name: 'han.mei', role: 'planner', password: 'planner-pass-1' },
          { name: 'li.lei', role: 'leader', password: 'leader-pass-1' },
        ]);
        for (const [name, password] of [['han.mei', 'planner-pass-1'], ['li.lei', 'leader-pass-1']]) {
          const token = await app.api.login(name, password);
          expect((await app.api.get('/api/v1/events/rejected', token)).status).toBe(403);
          expect((await app.api.get('/api/v1/kpis', token)).status).toBe(200);
        }
      });

      it('does not show rejected events without a token (401)', async () => {
        expect((await app.api.get('/api/v1/events/rejected', null)).status).toBe(401);
        expect((await app.api.get('/api/v1/events/rejected', 'forged.token.value')).status).toBe(401);
      });
    });

    describe('duplicates', () => {
      it('applies a batch once when the same batch arrives several times at the same moment', async () => {
        const t = Date.now() - 3 * 3600_000;
        const batch = Array.from({ length: 60 }, (_, i) => [
          reported(`CONC-${i}`, `CONC-${i}-e0`, t + i * 1000),
          plain(`CONC-${i}`, `CONC-${i}-e1`, 'registered', t + i * 1000 + 60_000),
          plain(`CONC-${i}`, `CONC-${i}-e2`, 'dispatched', t + i * 1000 + 120_000, { department: 'D10' }),
        ]).flat();
        const before = await app.api.headSeq();
        const results = await Promise.all([1, 2, 3, 4].map(() => app.api.ingestOk(batch)));
        expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(batch.length);
        expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(3 * batch.length);
        expect(results.flatMap((r) => r.rejected)).toEqual([]);
        expect(await app.api.headSeq()).toBe(before + batch.length);
      });

      it('applies overlapping batches sent at the same moment exactly once, refusing nothing (prefixes of one history)', async () => {
        const data = generateDataset({ seed: 31, cases: 80, categories: factoryCategories(await app.api.categories()), idPrefix: `overlap-${backend.name}` });
        const n = data.events.length;
        const cuts = [Math.floor(n / 4), Math.floor(n / 2), Math.floor((3 * n) / 4), n];
        const before = await app.api.headSeq();
        const results = await Promise.all(cuts.map((cut) => app.api.ingestOk(data.events.slice(0, cut))));
        expect(results.flatMap((r) => r.rejected)).toEqual([]);
        expect(results.reduce((sum, r) => sum + r.accepted, 0)).toBe(n);
        expect(results.reduce((sum, r) => sum + r.duplicates, 0)).toBe(cuts.reduce((a, b) => a + b, 0) - n);
        expect(await app.api.headSeq()).toBe(before + n);
      });

      it('re-evaluates an eventId that was refused before (not a duplicate)', async () => {
        const t = Date.now() - 3600_000;
        const refused = await app.api.ingestOk([reported('REEVAL-1', 'REEVAL-1-e0', t, { lon: 'east' })]);
        expect(refused.accepted).toBe(0);
        expect(refused.rejected.map((r) => r.eventId)).toEqual(['REEVAL-1-e0']);
        const fixed = await app.api.ingestOk([reported('REEVAL-1', 'REEVAL-1-e0', t)]);
        expect(fixed).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
      });

      it('never applies an eventId twice, within a batch or across batches, even with a different payload', async () => {
        const t = Date.now() - 3600_000;
        const before = await app.api.headSeq();
        const first = await app.api.ingestOk([
          reported('DUP-1', 'DUP-1-e0', t),
          reported('DUP-1', 'DUP-1-e0', t),
          plain('DUP-1', 'DUP-1-e1', 'registered', t + 60_000),
        ]);
        expect(first).toEqual({ accepted: 2, duplicates: 1, rejected: [] });
        const second = await app.api.ingestOk([
          plain('DUP-1', 'DUP-1-e1', 'voided', t + 120_000), // same eventId, other content: still a duplicate
          plain('DUP-1', 'DUP-1-e2', 'dispatched', t + 180_000, { department: 'D10' }),
        ]);
        expect(second).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
        expect(await app.api.headSeq()).toBe(before + 3);
      });
    });
  });
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object).sort();
  const kb = Object.keys(b as object).sort();
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
