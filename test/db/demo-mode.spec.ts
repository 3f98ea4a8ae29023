import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { type IngestEvent } from '@gridlens/contracts';
import { generateEvents } from '@gridlens/city-sim';
import type { Database } from '../../apps/server/src/db/database';
import { RegionRepository } from '../../apps/server/src/repositories/region.repository';
import { CatalogueService } from '../../apps/server/src/services/catalogue.service';
import { loadDemoCity } from '../../apps/server/src/services/demo-city';
import type { DemoClock } from '../../apps/server/src/services/demo-clock';
import { demoGeneratorOptions, parseDemoPlan } from '../../apps/server/src/services/demo-plan';
import { DemoService } from '../../apps/server/src/services/demo.service';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

/** A clock the test moves: timers fire only when it is advanced past them. */
class ManualClock implements DemoClock {
  private timers: { at: number; fn: () => void }[] = [];
  constructor(private t: number) {}

  now(): number {
    return this.t;
  }

  schedule(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return () => (this.timers = this.timers.filter((x) => x !== timer));
  }

  /** Jump to the earliest timer and fire it; its time. */
  fireNext(): number {
    const next = [...this.timers].sort((a, b) => a.at - b.at)[0];
    if (!next) throw new Error('no timer is scheduled');
    this.timers = this.timers.filter((x) => x !== next);
    this.t = Math.max(this.t, next.at);
    next.fn();
    return this.t;
  }

  pending(): number {
    return this.timers.length;
  }
}

interface LoggedEvent {
  eventId: string;
  caseId: string;
  type: string;
  atMs: number;
}

const HOUR = 3_600_000;
// A Wednesday morning in Changzhou: cases arrive from every source.
const T0 = Date.parse('2026-11-25T10:00:00+08:00');
const ENV = { DEMO: 'on', DEMO_HISTORY_DAYS: '0.5' };

for (const backend of testBackends()) {
  describe(`demo mode on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    const apps: INestApplicationContext[] = [];

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
    });
    afterAll(async () => {
      for (const app of apps.reverse()) await app.close();
      await drop?.();
    });

    const start = async (clock: ManualClock) => {
      const app = await createTestContext(db, ENV);
      apps.push(app);
      const demo = app.get(DemoService);
      return { app, demo, runs: await demo.prepare(clock) };
    };

    const logged = async (): Promise<LoggedEvent[]> =>
      (await db.query<{ event_id: string; case_id: string; type: string; at: Date | string }>(`SELECT event_id, case_id, type, at FROM case_event ORDER BY seq`)).map(
        (r) => ({ eventId: r.event_id, caseId: r.case_id, type: r.type, atMs: new Date(r.at).getTime() }),
      );

    /** What the generator makes of the stored plan for the same city, before `until`. */
    const expected = async (app: INestApplicationContext, until: number): Promise<LoggedEvent[]> => {
      const [row] = await db.query<{ value: string }>(`SELECT value FROM app_secret WHERE name = 'demo:plan'`);
      const city = await loadDemoCity(app.get(RegionRepository), app.get(CatalogueService));
      expect(city.grids.length).toBeGreaterThan(1000); // the synthetic grids were seeded: inspectors patrol them
      const options = demoGeneratorOptions(parseDemoPlan(row.value), city);
      const out: LoggedEvent[] = [];
      for (const e of generateEvents(options) as Iterable<IngestEvent>) {
        const atMs = Date.parse(e.at);
        if (atMs >= until) break;
        out.push({ eventId: e.eventId, caseId: e.caseId, type: e.type, atMs });
      }
      return out;
    };

    let firstApp: INestApplicationContext;
    let liveUntil = 0;

    it('backfills the history through the ingest path: the log is the generator stream, in order', async () => {
      const clock = new ManualClock(T0);
      const { app, demo, runs } = await start(clock);
      firstApp = app;
      expect(runs).toBe(true);
      expect(demo.status.state).toBe('backfilling');
      await demo.run();
      expect(demo.status).toEqual({ state: 'live', events: 0 });
      const log = await logged();
      expect(log.length).toBeGreaterThan(400);
      expect(log.every((e) => e.caseId.startsWith('DEMO-'))).toBe(true);
      expect(log).toEqual(await expected(app, T0));
      expect(Math.min(...log.map((e) => e.atMs))).toBeGreaterThanOrEqual(T0 - 12 * HOUR);
      expect(Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM rejected_event`))[0].n)).toBe(0);
    });

    it('goes live: each event is ingested when its time comes, never before', async () => {
      const demo = firstApp.get(DemoService);
      const clock = (demo as unknown as { prepared: { clock: ManualClock } }).prepared.clock;
      const before = (await logged()).length;
      for (let i = 0; i < 5; i++) {
        const now = clock.fireNext();
        await demo.idle();
        const log = await logged();
        expect(Math.max(...log.map((e) => e.atMs))).toBeLessThanOrEqual(now);
        liveUntil = now;
      }
      const log = await logged();
      expect(log.length).toBeGreaterThan(before);
      expect(demo.status).toEqual({ state: 'live', events: log.length - before });
      expect(log).toEqual(await expected(firstApp, liveUntil + 1));
      expect(clock.pending()).toBe(1);
    });

    it('after a restart, resumes the same stream without losing or repeating an event', async () => {
      // Stop the first instance as a shutdown does, then start another one two hours later.
      await firstApp.get(DemoService).beforeApplicationShutdown();
      const later = liveUntil + 2 * HOUR;
      const clock = new ManualClock(later);
      const { app, demo, runs } = await start(clock);
      expect(runs).toBe(true);
      await demo.run();
      const log = await logged();
      expect(new Set(log.map((e) => e.eventId)).size).toBe(log.length);
      expect(log).toEqual(await expected(app, later));
      expect(Math.max(...log.map((e) => e.atMs))).toBeGreaterThan(liveUntil); // the two hours were filled in
      clock.fireNext();
      await demo.idle();
      expect((await logged()).length).toBeGreaterThanOrEqual(log.length);
    });

    it('leaves a database with cases of its own alone', async () => {
      const other = await backend.open();
      try {
        const app = await createTestContext(other.db, ENV);
        apps.push(app);
        await app.get(IngestService).ingest([
          { eventId: 'X-0', caseId: 'X', type: 'reported', at: '2026-11-25T09:00:00+08:00', category: 'E0505', source: 'inspector', lon: 119.97, lat: 31.78 },
        ]);
        const demo = app.get(DemoService);
        expect(await demo.prepare(new ManualClock(T0))).toBe(false);
        expect(demo.status).toEqual({ state: 'off' });
      } finally {
        await other.drop();
      }
    });
  });
}
