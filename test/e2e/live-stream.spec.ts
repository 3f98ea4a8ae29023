/**
 * The live stream (issue #2 §6, §7) from the outside: socket.io-client on `/live`, typed with the contracts.
 * Several clients subscribe with different scopes while a few thousand generated events are ingested in
 * batches; each must receive exactly the accepted events of its scope, once, in seq order; a client that
 * drops out and one that outlives a server restart resume with `since` and miss nothing; `kpis` frames equal
 * GET /api/v1/kpis at the same seq.
 *
 * KPI comparison: every field is compared except `asOf` and the figures that depend on it — `counts.overdue`,
 * `counts.due` and the rates' denominators and values (their denominator is `due`). The rates' numerators
 * (cases registered in the window and closed by min(to, asOf)) are compared: every close is in the past.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiSnapshot, LiveEvent } from '@gridlens/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type ServerProcess } from '../support/server-process';
import { Api, e2eBackends, launch, type E2eServer } from '../support/e2e-harness';
import { createScratchDatabase } from '../support/test-databases';
import { batches, CITY_CODE, factoryCategories, generateDataset, type Dataset, type FactoryCategory } from '../support/event-factory';
import { expectConnectError, LiveRecorder } from '../support/live-client';

const REGION = '320402';
/** A major code (expanded by the server to its minors) and a minor code. */
const CATEGORY_FILTER = ['E05', 'C0101'];
const inCategoryFilter = (code: string) => code.startsWith('E05') || code === 'C0101';

/** A KPI snapshot without the figures that depend on its `asOf` instant. */
function comparableKpis(s: KpiSnapshot) {
  const { asOf: _asOf, counts, rates, scope, ...rest } = s;
  const { overdue: _overdue, due: _due, ...stable } = counts;
  return {
    ...rest,
    scope: { ...scope, categories: [...scope.categories].sort() },
    counts: stable,
    rates: { closure: rates.closure.numerator, onTimeClosure: rates.onTimeClosure.numerator },
  };
}

function expectGapFree(events: LiveEvent[], from: number, to: number) {
  const seqs = events.map((e) => e.seq);
  expect(seqs.length, `events ${from + 1}..${to}`).toBe(to - from);
  if (to === from) return;
  expect(seqs[0]).toBe(from + 1);
  expect(seqs[seqs.length - 1]).toBe(to);
  for (let i = 1; i < seqs.length; i++) if (seqs[i] !== seqs[i - 1] + 1) expect.fail(`seq ${seqs[i]} follows ${seqs[i - 1]}`);
}

function expectIncreasing(events: LiveEvent[]) {
  for (let i = 1; i < events.length; i++) if (events[i].seq <= events[i - 1].seq) expect.fail(`seq ${events[i].seq} follows ${events[i - 1].seq}`);
}

for (const backend of e2eBackends(['pglite', 'postgres'])) {
  describe.skipIf(!backend.enabled)(`live stream on ${backend.name}`, () => {
    let app: E2eServer;
    let token: string;
    let categories: FactoryCategory[];
    const clients: LiveRecorder[] = [];
    const connect = async (name: string) => {
      const client = await LiveRecorder.connect(name, app.url, token);
      clients.push(client);
      return client;
    };

    beforeAll(async () => {
      app = await launch(backend.name);
      token = await app.api.adminToken();
      categories = factoryCategories(await app.api.categories());
    });
    afterAll(async () => {
      for (const c of clients) c.close();
      await app?.close();
    });

    it('refuses a connection without a token, with a forged one and with an ingest key (connect_error)', async () => {
      expect((await expectConnectError(app.url)).message).toMatch(/token|sign in|auth/i);
      expect((await expectConnectError(app.url, { token: 'forged.token.value' })).message).toMatch(/token|sign in|auth/i);
      expect((await expectConnectError(app.url, { token: 'test-ingest-key-0123456789' })).message.length).toBeGreaterThan(0);
    });

    it('acks a subscription with { ok: true, seq } (the head of the log) and refuses a bad one with { ok: false, error }', async () => {
      const head = await app.api.headSeq();
      const client = await connect('ack');
      expect(await client.subscribe({})).toEqual({ ok: true, seq: head });
      expect(await client.subscribe({ region: REGION, categories: CATEGORY_FILTER, since: head })).toEqual({ ok: true, seq: head });
      const unknownRegion = await client.subscribe({ region: '999999' });
      expect(unknownRegion.ok).toBe(false);
      if (!unknownRegion.ok) expect(unknownRegion.error).toMatch(/region/);
      const unknownCategory = await client.subscribe({ categories: ['Z9999'] });
      expect(unknownCategory.ok).toBe(false);
      if (!unknownCategory.ok) expect(unknownCategory.error).toMatch(/categor/);
      const beyond = await client.subscribe({ since: head + 1000 });
      expect(beyond.ok).toBe(false);
      if (!beyond.ok) expect(beyond.error).toMatch(/since/);
      const negative = await client.subscribe({ since: -1 });
      expect(negative.ok).toBe(false);
      client.close();
    });

    describe('while a few thousand events are ingested in batches', () => {
      let data: Dataset;
      let head0: number;
      let finalSeq: number;
      let all: LiveRecorder;
      let region: LiveRecorder;
      let byCategory: LiveRecorder;
      let dropped: LiveRecorder;
      let resumed: LiveRecorder;
      let droppedAt: number;
      const accepted: number[] = [];

      beforeAll(async () => {
        data = generateDataset({ seed: 20261128, cases: 650, categories, idPrefix: `live-${backend.name}` });
        all = await connect('all');
        region = await connect(`region ${REGION}`);
        byCategory = await connect(`categories ${CATEGORY_FILTER.join(',')}`);
        dropped = await connect('drops out');
        head0 = await all.subscribeOk({});
        expect(await region.subscribeOk({ region: REGION })).toBe(head0);
        expect(await byCategory.subscribeOk({ categories: CATEGORY_FILTER })).toBe(head0);
        expect(await dropped.subscribeOk({})).toBe(head0);

        const parts = batches(data.events, 400);
        for (const [i, part] of parts.entries()) {
          const result = await app.api.ingestOk(part);
          accepted.push(result.accepted);
          if (result.rejected.length) throw new Error(`generated events were rejected: ${JSON.stringify(result.rejected.slice(0, 5))}`);
          if (i === 2) {
            // Drop out mid-stream, whatever has or has not arrived yet.
            droppedAt = dropped.events.length ? dropped.lastSeq() : head0;
            dropped.close();
          }
          if (i === 5) {
            resumed = await connect('resumes');
            await resumed.subscribeOk({ since: droppedAt });
          }
        }
        finalSeq = head0 + accepted.reduce((a, b) => a + b, 0);
        await Promise.all([
          all.untilSeq(finalSeq),
          resumed.untilSeq(finalSeq),
          region.untilCount(data.districtOf.filter((d) => d === REGION).length),
          byCategory.untilCount(data.categoryOf.filter(inCategoryFilter).length),
        ]);
      });

      it('accepts every generated event', () => {
        expect(accepted.reduce((a, b) => a + b, 0)).toBe(data.events.length);
        expect(data.events.length).toBeGreaterThan(2000);
        expect(finalSeq).toBe(head0 + data.events.length);
      });

      it('delivers every accepted event exactly once, in seq order, with gap-free seqs, in the order they were sent', () => {
        expectGapFree(all.events, head0, finalSeq);
        expect(new Set(all.events.map((e) => e.eventId)).size).toBe(all.events.length);
        expect(all.events.map((e) => e.eventId)).toEqual(data.events.map((e) => e.eventId));
      });

      it('carries each event with its case, type, time, category, point, regions and the status it left the case in', () => {
        const cases = new Map(data.cases.map((c) => [c.caseId, c]));
        const mismatches: string[] = [];
        all.events.forEach((live, i) => {
          const sent = data.events[i];
          const c = cases.get(sent.caseId)!;
          const expected = {
            caseId: sent.caseId,
            type: sent.type,
            at: Date.parse(sent.at),
            category: c.category,
            regions: { city: CITY_CODE, district: data.districtOf[i] },
            status: data.statusAfter[i],
          };
          const got = {
            caseId: live.caseId,
            type: live.type,
            at: Date.parse(live.at),
            category: live.category,
            regions: { city: live.regions.city, district: live.regions.district },
            status: live.status,
          };
          if (JSON.stringify(got) !== JSON.stringify(expected) || Math.abs(live.lon - c.lon) > 1e-9 || Math.abs(live.lat - c.lat) > 1e-9) {
            mismatches.push(`${sent.eventId}: expected ${JSON.stringify({ ...expected, lon: c.lon, lat: c.lat })}, got ${JSON.stringify({ ...got, lon: live.lon, lat: live.lat })}`);
          }
        });
        expect(mismatches.slice(0, 10)).toEqual([]);
      });

      it('sends events frames at most every 250 ms', () => {
        const gaps = all.frames.slice(1).map((f, i) => f.receivedAt - all.frames[i].receivedAt);
        expect(all.frames.length).toBeGreaterThan(1);
        // Measured on arrival, so allow for delivery jitter: a server that did not throttle would send one frame per commit.
        expect(Math.min(...gaps)).toBeGreaterThanOrEqual(125);
      });

      it(`gives a client subscribed to region ${REGION} exactly the events whose regions include it`, () => {
        const expected = data.events.filter((_, i) => data.districtOf[i] === REGION).map((e) => e.eventId);
        expect(expected.length).toBeGreaterThan(100);
        expect(region.events.map((e) => e.eventId)).toEqual(expected);
        expectIncreasing(region.events);
        for (const e of region.events) expect(Object.values(e.regions)).toContain(REGION);
        const seqOf = new Map(all.events.map((e) => [e.eventId, e.seq]));
        expect(region.events.every((e) => seqOf.get(e.eventId) === e.seq)).toBe(true);
      });

      it(`gives a client subscribed to categories ${CATEGORY_FILTER.join(', ')} exactly their events`, () => {
        const expected = data.events.filter((_, i) => inCategoryFilter(data.categoryOf[i])).map((e) => e.eventId);
        expect(expected.length).toBeGreaterThan(100);
        expect(byCategory.events.map((e) => e.eventId)).toEqual(expected);
        expectIncreasing(byCategory.events);
        const seqOf = new Map(all.events.map((e) => [e.eventId, e.seq]));
        expect(byCategory.events.every((e) => seqOf.get(e.eventId) === e.seq)).toBe(true);
      });

      it('lets a client that dropped out resume with since = the last seq it saw: no gap, no duplicate', () => {
        expect(droppedAt).toBeLessThan(finalSeq);
        const before = dropped.events.filter((e) => e.seq <= droppedAt);
        expect(before.length).toBe(dropped.events.length); // nothing after it closed
        expectGapFree(before, head0, droppedAt);
        expectGapFree(resumed.events, droppedAt, finalSeq);
        expect([...before, ...resumed.events].map((e) => e.eventId)).toEqual(data.events.map((e) => e.eventId));
      });

      it('replays a filtered scope from the log with since: exactly the events the live subscribers got', async () => {
        const lateRegion = await connect('late region');
        const lateCategories = await connect('late categories');
        expect(await lateRegion.subscribeOk({ region: REGION, since: head0 })).toBe(finalSeq);
        expect(await lateCategories.subscribeOk({ categories: CATEGORY_FILTER, since: head0 })).toBe(finalSeq);
        await lateRegion.untilCount(region.events.length);
        await lateCategories.untilCount(byCategory.events.length);
        expect(lateRegion.events).toEqual(region.events);
        expect(lateCategories.events).toEqual(byCategory.events);
        // And unfiltered, the log replays what the live path sent.
        expect(resumed.events).toEqual(all.events.filter((e) => e.seq > droppedAt));
      });

      it('sends kpis frames that equal GET /api/v1/kpis at the same seq (whole city, a region, categories)', async () => {
        // No ingest after finalSeq: the endpoint answers at the same seq as the last frames.
        const [cityFrame, regionFrame, categoryFrame] = await Promise.all([
          all.untilKpis((s) => s.seq === finalSeq, `seq ${finalSeq}`),
          region.untilKpis((s) => s.seq === finalSeq, `seq ${finalSeq}`),
          byCategory.untilKpis((s) => s.seq === finalSeq, `seq ${finalSeq}`),
        ]);
        const [city, inRegion, inCategories] = await Promise.all([
          app.api.kpis(),
          app.api.kpis({ region: REGION }),
          app.api.kpis({ categories: CATEGORY_FILTER.join(',') }),
        ]);
        for (const s of [city, inRegion, inCategories]) expect(s.seq).toBe(finalSeq);
        expect(comparableKpis(cityFrame)).toEqual(comparableKpis(city));
        expect(comparableKpis(regionFrame)).toEqual(comparableKpis(inRegion));
        expect(comparableKpis(categoryFrame)).toEqual(comparableKpis(inCategories));
        expect(cityFrame.scope.region).toBeNull();
        expect(regionFrame.scope.region).toBe(REGION);
        expect(cityFrame.counts.open).toBe(data.cases.filter((c) => c.status !== 'closed' && c.status !== 'voided').length);
      });

      it('sent nothing more afterwards (no late repeats), as of the last kpis frames', () => {
        expect(all.events.length).toBe(data.events.length);
        expect(resumed.events.length).toBe(finalSeq - droppedAt);
        expect(region.events.length).toBe(data.districtOf.filter((d) => d === REGION).length);
        expect(byCategory.events.length).toBe(data.categoryOf.filter(inCategoryFilter).length);
      });
    });

    it('delivers every event exactly once, gap-free, while several systems ingest at the same time', async () => {
      const sets = [1, 2, 3].map((k) => generateDataset({ seed: 100 + k, cases: 120, categories, idPrefix: `conc${k}-${backend.name}` }));
      const client = await connect('concurrent');
      const head = await client.subscribeOk({});
      const accepted = await Promise.all(
        sets.map(async (set) => {
          let n = 0;
          for (const part of batches(set.events, 120)) n += (await app.api.ingestOk(part)).accepted;
          return n;
        }),
      );
      expect(accepted).toEqual(sets.map((set) => set.events.length));
      const end = head + accepted.reduce((a, b) => a + b, 0);
      await client.untilSeq(end);
      expectGapFree(client.events, head, end);
      expect(new Set(client.events.map((e) => e.eventId)).size).toBe(client.events.length);
      for (const [k, set] of sets.entries()) {
        const prefix = `conc${k + 1}-${backend.name}-`;
        expect(client.events.filter((e) => e.eventId.startsWith(prefix)).map((e) => e.eventId)).toEqual(set.events.map((e) => e.eventId));
      }
    });

    it('replaces the subscription when a client subscribes again', async () => {
      const set = generateDataset({ seed: 55, cases: 80, categories, idPrefix: `resub-${backend.name}` });
      const client = await connect('resubscribes');
      await client.subscribeOk({ region: '320404' });
      await client.subscribeOk({ region: '320411' });
      expect((await app.api.ingestOk(set.events)).accepted).toBe(set.events.length);
      const expected = set.events.filter((_, i) => set.districtOf[i] === '320411').map((e) => e.eventId);
      expect(expected.length).toBeGreaterThan(0);
      await client.untilCount(expected.length);
      // Frames are in seq order: once the last event of 320411 is in, any earlier 320404 one would be too.
      expect(client.events.map((e) => e.eventId)).toEqual(expected);
    });

    it('computes the kpis frames over the subscription window (from/to) when given, today otherwise', async () => {
      const now = Date.now();
      const window = { from: new Date(now - 36 * 3600_000).toISOString(), to: new Date(now - 3600_000).toISOString() };
      const set = generateDataset({ seed: 77, cases: 120, categories, idPrefix: `window-${backend.name}`, now });
      const windowed = await connect('window');
      const today = await connect('today');
      const bad = await windowed.subscribe({ from: window.to, to: window.from });
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.error).toMatch(/from/);
      const notATime = await windowed.subscribe({ from: 'yesterday' });
      expect(notATime.ok).toBe(false);
      if (!notATime.ok) expect(notATime.error).toMatch(/from/);
      await windowed.subscribeOk({ region: REGION, ...window });
      await today.subscribeOk({ region: REGION });
      const end = (await app.api.headSeq()) + (await app.api.ingestOk(set.events)).accepted;
      const [windowFrame, todayFrame] = await Promise.all([
        windowed.untilKpis((s) => s.seq === end, `seq ${end}`),
        today.untilKpis((s) => s.seq === end, `seq ${end}`),
      ]);
      const [windowApi, todayApi] = await Promise.all([app.api.kpis({ region: REGION, ...window }), app.api.kpis({ region: REGION })]);
      expect(windowApi.seq).toBe(end);
      expect(windowFrame.scope).toEqual({ region: REGION, categories: [], from: window.from, to: window.to });
      expect(comparableKpis(windowFrame)).toEqual(comparableKpis(windowApi));
      expect(comparableKpis(todayFrame)).toEqual(comparableKpis(todayApi));
      expect(todayFrame.scope.from).not.toBe(window.from);
      // The data spans three days: a 35-hour window and today count different reports.
      const reportedIn = (from: number, to: number) =>
        set.events.filter((e, i) => e.type === 'reported' && set.districtOf[i] === REGION && Date.parse(e.at) >= from && Date.parse(e.at) < to).length;
      const generatedInWindow = reportedIn(Date.parse(window.from), Date.parse(window.to));
      expect(generatedInWindow).toBeGreaterThan(0);
      expect(windowFrame.counts.reported).toBeGreaterThanOrEqual(generatedInWindow);
    });

    it('resumes with since across a server restart: nothing missed, nothing twice', async () => {
      const data = generateDataset({ seed: 7, cases: 160, categories, idPrefix: `restart-${backend.name}` });
      const [p1, p2, p3] = [data.events.slice(0, 300), data.events.slice(300, 600), data.events.slice(600)];
      expect(p3.length).toBeGreaterThan(0);
      const before = await connect('before restart');
      const head = await before.subscribeOk({});
      expect((await app.api.ingestOk(p1)).accepted).toBe(p1.length);
      // Stop the server while the stream may still be catching up.
      await app.restart();
      await before.until(() => before.disconnected, 'the server to go away');
      const last = before.events.length ? before.lastSeq() : head;
      expect((await app.api.ingestOk(p2)).accepted).toBe(p2.length);

      // A token signed before the restart is still good (the signing key lives in the database).
      const after = await connect('after restart');
      expect(await after.subscribeOk({ since: last })).toBe(head + p1.length + p2.length);
      expect((await app.api.ingestOk(p3)).accepted).toBe(p3.length);
      const end = head + data.events.length;
      await after.untilSeq(end);
      expectGapFree(after.events, last, end);
      expect([...before.events, ...after.events].map((e) => e.eventId)).toEqual(data.events.map((e) => e.eventId));
    });


    it('loses nothing accepted when the server is killed (SIGKILL) right after answering, and resumes with since', async () => {
      // Its own database and process, so that it can be crashed without shutdown hooks.
      const scratch = backend.name === 'postgres' ? await createScratchDatabase() : null;
      const dataDir = scratch ? undefined : mkdtempSync(join(tmpdir(), 'gridlens-e2e-crash-'));
      const start = () => startServer({ databaseUrl: scratch?.url ?? null, dataDir });
      let server: ServerProcess = await start();
      const api = new Api(() => server.url);
      try {
        const data = generateDataset({ seed: 4242, cases: 200, categories, idPrefix: `crash-${backend.name}` });
        const cut = Math.floor(data.events.length * 0.6);
        const [before, after] = [data.events.slice(0, cut), data.events.slice(cut)];
        const crashToken = await api.adminToken();
        const watcher = await LiveRecorder.connect('crash watcher', server.url, crashToken);
        clients.push(watcher);
        const head = await watcher.subscribeOk({});
        let accepted = 0;
        for (const part of batches(before, 300)) accepted += (await api.ingestOk(part)).accepted;
        expect(accepted).toBe(before.length);
        await server.crash();
        await watcher.until(() => watcher.disconnected, 'the crash');
        const last = watcher.events.length ? watcher.lastSeq() : head;

        server = await start();
        expect(await api.headSeq()).toBe(head + before.length);
        const again = await api.ingestOk(before);
        expect(again).toEqual({ accepted: 0, duplicates: before.length, rejected: [] });
        const resumed = await LiveRecorder.connect('after crash', server.url, crashToken);
        clients.push(resumed);
        await resumed.subscribeOk({ since: last });
        for (const part of batches(after, 300)) expect((await api.ingestOk(part)).accepted).toBe(part.length);
        const end = head + data.events.length;
        await resumed.untilSeq(end);
        expectGapFree(resumed.events, last, end);
        expect([...watcher.events, ...resumed.events].map((e) => e.eventId)).toEqual(data.events.map((e) => e.eventId));
      } finally {
        await server.stop();
        await scratch?.drop();
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
