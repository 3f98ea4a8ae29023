/**
 * The wall live (issue 6 §1, §3) from the outside: a socket.io client on `/live` watches the city wall, a
 * district wall and a department view (`watchWall`); events ingested over HTTP must show in the next frames,
 * and each frame must equal GET /api/v1/wall (or /departments/{code}/view) at the frame's seq and asOf.
 * Frames of one scope are at least WALL_MIN_INTERVAL_MS apart (coalesced), whatever the event rate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WALL_MIN_INTERVAL_MS, type DepartmentView, type WallSnapshot, type WatchWallAck } from '@gridlens/contracts';
import { e2eBackends, launch, qs, type E2eServer } from '../support/e2e-harness';
import { isoCst } from '../support/event-factory';
import { TIANNING, ZHONGLOU, plain, reported } from '../support/ingest-cases';
import { LiveRecorder } from '../support/live-client';
import { Changes } from '../support/wait';

const MIN = 60_000;

/** A socket watching one wall scope, recording its frames. */
class WallWatcher {
  readonly walls: WallSnapshot[] = [];
  readonly views: DepartmentView[] = [];
  readonly changes = new Changes();
  constructor(readonly client: LiveRecorder) {
    client.socket.on('wall', (s) => {
      this.walls.push(s);
      this.changes.notify();
    });
    client.socket.on('departmentView', (v) => {
      this.views.push(v);
      this.changes.notify();
    });
  }

  watch(scope: string | null): Promise<WatchWallAck> {
    return new Promise((resolve, reject) =>
      this.client.socket.timeout(15_000).emit('watchWall', { scope }, (error: Error | null, ack: WatchWallAck) => (error ? reject(error) : resolve(ack))),
    );
  }

  untilWall(check: (s: WallSnapshot) => boolean, what: string): Promise<WallSnapshot> {
    return this.changes.until(() => [...this.walls].reverse().find(check), { timeoutMs: 60_000, what, state: () => `${this.walls.length} wall frames` });
  }

  untilView(check: (v: DepartmentView) => boolean, what: string): Promise<DepartmentView> {
    return this.changes.until(() => [...this.views].reverse().find(check), { timeoutMs: 60_000, what, state: () => `${this.views.length} view frames` });
  }
}

for (const backend of e2eBackends(['pglite', 'postgres'])) {
  describe.skipIf(!backend.enabled)(`wall live on ${backend.name}`, () => {
    let app: E2eServer;
    let token: string;
    const clients: LiveRecorder[] = [];
    const watcher = async (name: string) => {
      const client = await LiveRecorder.connect(name, app.url, token);
      clients.push(client);
      return new WallWatcher(client);
    };
    const getWall = (scope: string, asOf?: string) => app.api.getOk<WallSnapshot>(`/api/v1/wall${qs({ scope, asOf })}`);

    beforeAll(async () => {
      app = await launch(backend.name);
      token = await app.api.adminToken();
    }, 120_000);
    afterAll(async () => {
      for (const c of clients) c.close();
      await app?.close();
    });

    it('a watched city wall receives a frame reflecting an ingested event, equal to GET at its seq and asOf', async () => {
      const city = await watcher('city');
      expect(await city.watch('city')).toEqual({ ok: true, scope: 'city' });
      const first = await city.untilWall(() => true, 'a first city frame');
      const now = Date.now();
      await app.api.ingestOk([
        reported('WL-1', 'WL-1-0', now - 3 * MIN, { category: 'E0505', lon: TIANNING[0], lat: TIANNING[1] }),
        plain('WL-1', 'WL-1-1', 'registered', now - 2 * MIN),
      ]);
      const head = await app.api.headSeq();
      const frame = await city.untilWall((s) => s.seq >= head, `a frame at seq ≥ ${head}`);
      expect(frame.today.reported.value).toBe(first.today.reported.value + 1);
      expect(frame.today.registered.value).toBe(first.today.registered.value + 1);
      expect(frame.topCategories).toContainEqual(expect.objectContaining({ code: 'E0505' }));
      expect(frame.timers.total.green + frame.timers.total.yellow + frame.timers.total.red).toBe(1);
      expect(frame.timers.mostUrgent.map((c) => c.caseId)).toEqual(['WL-1']);
      const byGet = await getWall('city', frame.asOf);
      expect(byGet.seq).toBe(frame.seq);
      expect(byGet).toEqual(frame);
      // The same counts as the dashboard's KPIs for today (same seq; nothing here nears a deadline meanwhile).
      const kpis = await app.api.kpis();
      expect(kpis.seq).toBe(frame.seq);
      const t = frame.today;
      expect([t.reported.value, t.registered.value, t.closed.value, t.closedOnTime.value, t.overdueNow.value]).toEqual([
        kpis.counts.reported, kpis.counts.registered, kpis.counts.closed, kpis.counts.closedOnTime, kpis.counts.overdue,
      ]);
    });

    it('a district wall moves with its district only; a department view with its dispatches and returns', async () => {
      const district = await watcher('zhonglou');
      expect(await district.watch('320404')).toEqual({ ok: true, scope: '320404' });
      const before = await district.untilWall(() => true, 'a first 320404 frame');
      const dept = await watcher('d10');
      expect(await dept.watch('department:D10')).toEqual({ ok: true, scope: 'department:D10' });
      await dept.untilView(() => true, 'a first D10 view');

      const now = Date.now();
      await app.api.ingestOk([
        reported('WL-2', 'WL-2-0', now - 4 * MIN, { category: 'E0505', lon: ZHONGLOU[0], lat: ZHONGLOU[1] }),
        plain('WL-2', 'WL-2-1', 'registered', now - 3 * MIN),
        plain('WL-2', 'WL-2-2', 'dispatched', now - 2 * MIN, { department: 'D10' }),
        plain('WL-1', 'WL-1-2', 'dispatched', now - 2 * MIN, { department: 'D10' }),
        plain('WL-1', 'WL-1-3', 'returned', now - 1 * MIN, { department: 'D10' }),
      ]);
      const head = await app.api.headSeq();
      const frame = await district.untilWall((s) => s.seq >= head, `a 320404 frame at seq ≥ ${head}`);
      expect(frame.scope).toMatchObject({ kind: 'district', code: '320404' });
      expect(frame.today.reported.value).toBe(before.today.reported.value + 1);
      expect(frame.timers.mostUrgent.map((c) => [c.caseId, c.department])).toEqual([['WL-2', 'D10']]);
      expect(await getWall('320404', frame.asOf)).toEqual(frame);

      const view = await dept.untilView((v) => v.seq >= head, `a D10 view at seq ≥ ${head}`);
      expect(view.openCases.map((c) => c.caseId)).toEqual(['WL-2']);
      expect(view.returned.map((r) => r.caseId)).toEqual(['WL-1']);
      expect(view.workingWindows.every((w) => Date.parse(w.end) > Date.parse(w.start))).toBe(true);
      expect(await app.api.getOk<DepartmentView>(`/api/v1/departments/D10/view${qs({ asOf: view.asOf })}`)).toEqual(view);
    });

    it('coalesces: frames of a scope at least WALL_MIN_INTERVAL_MS apart while events keep coming', async () => {
      const city = await watcher('city-burst');
      await city.watch('city');
      await city.untilWall(() => true, 'a first frame');
      const start = city.walls.length;
      const base = Date.now() - 10 * MIN;
      for (let i = 0; i < 20; i++) {
        await app.api.ingestOk([reported(`WL-B${i}`, `WL-B${i}-0`, base + i * 1000, { lon: TIANNING[0], lat: TIANNING[1] })]);
      }
      const head = await app.api.headSeq();
      await city.untilWall((s) => s.seq >= head, `a frame at seq ≥ ${head}`);
      const frames = city.walls.slice(start);
      // 20 ingests, each its own commit: far fewer frames than commits, each frame later than the one before.
      expect(frames.length).toBeLessThan(20);
      for (let i = 1; i < frames.length; i++) {
        expect(frames[i].seq).toBeGreaterThanOrEqual(frames[i - 1].seq);
        // asOf is taken when a computation starts, a few ms after the scheduler decided it was due.
        expect(Date.parse(frames[i].asOf) - Date.parse(frames[i - 1].asOf)).toBeGreaterThanOrEqual(WALL_MIN_INTERVAL_MS - 100);
      }
    });

    it('refuses bad scopes and parameters, naming the field; needs a sign-in', async () => {
      const w = await watcher('bad');
      expect(await w.watch('nowhere')).toEqual({ ok: false, error: expect.stringContaining('scope') });
      expect(await w.watch('department:D99')).toEqual({ ok: false, error: expect.stringContaining('D99') });
      expect(await w.watch(null)).toEqual({ ok: true, scope: null });
      const bad = await app.api.get('/api/v1/wall?scope=320402001');
      expect(bad.status).toBe(400);
      expect(bad.text).toMatch(/scope/);
      const old = await app.api.get(`/api/v1/wall${qs({ asOf: isoCst(Date.now() - 3600_000) })}`);
      expect(old.status).toBe(400);
      expect(old.text).toMatch(/asOf/);
      expect((await app.api.get('/api/v1/departments/D99/view')).status).toBe(404);
      expect((await app.api.get('/api/v1/wall', null)).status).toBe(401);
      expect((await app.api.get('/api/v1/departments/D10/view', null)).status).toBe(401);
    });
  });
}
