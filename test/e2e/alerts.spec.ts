/**
 * Alerts from the outside (issue 6 §2): an event in an emergency category ingested over HTTP reaches socket.io
 * clients on `/live` as an `alerts` frame (the city's subscriber and the district's, not another district's),
 * is listed by GET /api/v1/alerts, is acknowledged by a leader over HTTP (planner 403, twice 409, the frame goes
 * out again), and is still there, still single, after a restart and a replay of the same event. With two instances
 * and Redis (PostgreSQL suites), an alert raised and acknowledged through one reaches the other's subscribers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertList } from '@gridlens/contracts';
import { Api, e2eBackends, launch, messageOf, type E2eServer } from '../support/e2e-harness';
import { TIANNING, ZHONGLOU, reported } from '../support/ingest-cases';
import { LiveRecorder } from '../support/live-client';
import { startServer, type ServerProcess } from '../support/server-process';
import { createScratchDatabase, postgresSuitesEnabled } from '../support/test-databases';
import { Changes } from '../support/wait';

const MIN = 60_000;

/** A /live subscriber that records its `alerts` frames. */
class AlertWatcher {
  readonly alerts: Alert[] = [];
  /** When each alert id first arrived (epoch ms). */
  readonly arrivals = new Map<string, number>();
  readonly changes = new Changes();
  constructor(readonly client: LiveRecorder) {
    client.socket.on('alerts', (alerts) => {
      for (const a of alerts) if (!this.arrivals.has(a.id)) this.arrivals.set(a.id, Date.now());
      this.alerts.push(...alerts);
      this.changes.notify();
    });
  }
  until(check: (a: Alert) => boolean, what: string): Promise<Alert> {
    return this.changes.until(() => this.alerts.find(check), { timeoutMs: 30_000, what, state: () => `${this.alerts.length} alerts received` });
  }
}

for (const backend of e2eBackends(['pglite', 'postgres'])) {
  describe.skipIf(!backend.enabled)(`alerts on ${backend.name}`, () => {
    let app: E2eServer;
    let admin: string;
    let leader: string;
    let planner: string;
    const clients: LiveRecorder[] = [];
    const watcher = async (name: string, region?: string) => {
      const client = await LiveRecorder.connect(name, app.url, admin);
      clients.push(client);
      const w = new AlertWatcher(client);
      await client.subscribeOk(region ? { region } : {});
      return w;
    };
    const post = (path: string, token: string | null, body: unknown) =>
      app.api.request<Alert>('POST', path, { headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    const list = (query: string, token = admin) => app.api.get<AlertList>(`/api/v1/alerts${query}`, token);
    const gas = reported('AE-GAS-1', 'AE-GAS-1-0', Date.now() - MIN, { category: 'E0403', lon: TIANNING[0], lat: TIANNING[1] });

    beforeAll(async () => {
      app = await launch(backend.name);
      await app.addUsers([
        { name: 'leader1', role: 'leader', password: 'leader-pass-1' },
        { name: 'planner1', role: 'planner', password: 'planner-pass-1' },
      ]);
      admin = await app.api.adminToken();
      leader = await app.api.login('leader1', 'leader-pass-1');
      planner = await app.api.login('planner1', 'planner-pass-1');
    }, 180_000);
    afterAll(async () => {
      for (const c of clients) c.close();
      await app?.close();
    });

    it('an emergency category ingested over HTTP reaches the city and district subscribers as an alerts frame', async () => {
      const city = await watcher('city');
      const tianning = await watcher('tianning', '320402');
      const zhonglou = await watcher('zhonglou', '320404');
      await app.api.ingestOk([gas]);
      const answered = Date.now();
      const pushed = await city.until((a) => a.caseIds.includes('AE-GAS-1'), 'the gas alert on the city socket');
      const latency = city.arrivals.get(pushed.id)! - answered;
      console.log(`emergency alert on the socket ${latency} ms after the ingest response (${backend.name})`);
      expect(latency).toBeLessThan(10_000);
      expect(pushed).toMatchObject({ kind: 'emergency_reported', severity: 'high', district: '320402', state: 'open', caseCount: 1, endedAt: null });
      expect(pushed.figures).toMatchObject({ kind: 'emergency_reported', category: 'E0403', categoryNameZh: '燃气管道破裂' });
      expect(pushed.reason.zh).toContain('燃气管道破裂');
      await tianning.until((a) => a.id === pushed.id, 'the gas alert on the 天宁区 socket');
      // Another district's emergency reaches 钟楼区's subscriber, which never got 天宁区's (frames keep their order).
      await app.api.ingestOk([reported('AE-COLLAPSE-1', 'AE-COLLAPSE-1-0', Date.now() - MIN, { category: 'E0401', lon: ZHONGLOU[0], lat: ZHONGLOU[1] })]);
      await zhonglou.until((a) => a.caseIds.includes('AE-COLLAPSE-1'), 'the road collapse alert on the 钟楼区 socket');
      expect(zhonglou.alerts.some((a) => a.id === pushed.id)).toBe(false);

      const open = await list('?state=open');
      expect(open.status).toBe(200);
      expect(open.body.alerts.find((a) => a.id === pushed.id)).toMatchObject({ kind: 'emergency_reported', state: 'open', caseIds: ['AE-GAS-1'] });
      expect((await list('?state=open', planner)).status).toBe(200);
      expect((await app.api.get('/api/v1/alerts', null)).status).toBe(401);
      const bad = await list('?state=closed');
      expect(bad.status).toBe(400);
      expect(messageOf(bad.body)).toMatch(/state/);
      expect(messageOf((await list('?limit=0')).body)).toMatch(/limit/);
    });

    it('a leader acknowledges it over HTTP (recorded, pushed); a planner may not; a second time is 409', async () => {
      const city = await watcher('city-ack');
      const alert = (await list('?state=open')).body.alerts.find((a) => a.caseIds.includes('AE-GAS-1'))!;
      const refused = await post(`/api/v1/alerts/${alert.id}/ack`, planner, {});
      expect(refused.status).toBe(403);
      expect(messageOf((await post(`/api/v1/alerts/${alert.id}/ack`, leader, { note: 7 })).body)).toMatch(/note/);
      const acked = await post(`/api/v1/alerts/${alert.id}/ack`, leader, { note: '已通知燃气公司' });
      expect(acked.status).toBe(200);
      expect(acked.body).toMatchObject({ id: alert.id, state: 'acknowledged', acknowledgement: { by: 'leader1', note: '已通知燃气公司' } });
      expect(Math.abs(Date.parse(acked.body.acknowledgement!.at) - Date.now())).toBeLessThan(60_000);
      await city.until((a) => a.id === alert.id && a.state === 'acknowledged', 'the acknowledged alert on the socket');
      const again = await post(`/api/v1/alerts/${alert.id}/ack`, admin, {});
      expect(again.status).toBe(409);
      expect(messageOf(again.body)).toMatch(/leader1/);
      expect((await post('/api/v1/alerts/987654/ack', admin, {})).status).toBe(404);
      expect((await list('?state=acknowledged')).body.alerts.map((a) => a.id)).toContain(alert.id);
      expect((await list('?state=open')).body.alerts.map((a) => a.id)).not.toContain(alert.id);
    });

    it('survives a restart: the same alerts, and replaying the event raises nothing new', async () => {
      const emergencies = async () => (await list('?state=all')).body.alerts.filter((a) => a.kind === 'emergency_reported');
      const before = await emergencies();
      await app.restart();
      admin = await app.api.adminToken();
      const after = await emergencies();
      expect(after.map((a) => [a.id, a.state, a.dedupeKey])).toEqual(before.map((a) => [a.id, a.state, a.dedupeKey]));
      const replay = await app.api.ingestOk([gas]);
      expect(replay.duplicates).toBe(1);
      // A fresh emergency after the replay proves the server has evaluated what came before it.
      const city = await watcher('city-restart');
      await app.api.ingestOk([reported('AE-GAS-2', 'AE-GAS-2-0', Date.now() - MIN, { category: 'E0403', lon: TIANNING[0], lat: TIANNING[1] })]);
      await city.until((a) => a.caseIds.includes('AE-GAS-2'), 'the second gas alert');
      const now = await emergencies();
      expect(now.filter((a) => a.caseIds.includes('AE-GAS-1'))).toHaveLength(1);
      expect(now).toHaveLength(before.length + 1);
    });
  });
}

describe.runIf(postgresSuitesEnabled())('alerts across two instances with REDIS_URL on postgres', () => {
  const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;
  let client: LiveRecorder | null = null;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    a = await startServer({ databaseUrl: scratch.url, env: { REDIS_URL } });
    b = await startServer({ databaseUrl: scratch.url, env: { REDIS_URL } });
  }, 180_000);
  afterAll(async () => {
    client?.close();
    await a?.stop();
    await b?.stop();
    await scratch?.drop();
  });

  it('an emergency ingested on A and acknowledged on A reaches a subscriber of B, acknowledged', async () => {
    const apiA = new Api(() => a.url);
    const token = await apiA.adminToken();
    client = await LiveRecorder.connect('on B', b.url, token);
    const onB = new AlertWatcher(client);
    await client.subscribeOk({});
    await apiA.ingestOk([reported('AE-MI-1', 'AE-MI-1-0', Date.now() - MIN, { category: 'E0401', lon: TIANNING[0], lat: TIANNING[1] })]);
    const raised = await onB.until((x) => x.caseIds.includes('AE-MI-1'), 'the alert on instance B');
    const acked = await apiA.request<Alert>('POST', `/api/v1/alerts/${raised.id}/ack`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ note: 'from A' }),
    });
    expect(acked.status).toBe(200);
    const seen = await onB.until((x) => x.id === raised.id && x.state === 'acknowledged', 'the acknowledgement on instance B');
    expect(seen.acknowledgement).toMatchObject({ by: 'admin', note: 'from A' });
  });
});
