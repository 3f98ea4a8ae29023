/**
 * Alerts on both databases, through the server's services on hand-made cases around the real "now" (ingest refuses
 * events from the future): each rule raises one alert per condition (dedupe: updated, never repeated), an
 * evaluation after a restart raises nothing new, rate alerts end with their hour and emergencies with their case,
 * the overdue-now count equals the KPIs', and acknowledgements are single rows that cannot be rewritten.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictException, NotFoundException, type INestApplicationContext } from '@nestjs/common';
import { HOUR_MS, WEEK_MS, hourStart, referenceHours } from '@gridlens/alerts';
import type { LiveEvent } from '@gridlens/contracts';
import { loadConfig } from '../../apps/server/src/config/app-config';
import type { Database } from '../../apps/server/src/db/database';
import { AlertRepository } from '../../apps/server/src/repositories/alert.repository';
import { AlertRulesService } from '../../apps/server/src/services/alert-rules.service';
import { AlertService } from '../../apps/server/src/services/alert.service';
import { CatalogueService } from '../../apps/server/src/services/catalogue.service';
import { ClockService } from '../../apps/server/src/services/clock.service';
import { EmergingAlertService } from '../../apps/server/src/services/emerging-alert.service';
import { EmergingHotspotService } from '../../apps/server/src/services/emerging-hotspot.service';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { KpiService } from '../../apps/server/src/services/kpi.service';
import { LiveBus } from '../../apps/server/src/services/live-bus.service';
import { TIANNING, ZHONGLOU, plain, reported } from '../support/ingest-cases';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

const MIN = 60_000;
const DAY = 86_400_000;

for (const backend of testBackends()) {
  describe(`alerts on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let repo: AlertRepository;
    let rules: AlertRulesService;
    let service: AlertService;
    const published: LiveEvent[] = [];
    const now = Date.now();
    const hour = hourStart(now);
    let serial = 0;

    const ingest = async (events: Record<string, unknown>[]) => {
      const result = await app.get(IngestService).ingest(events as never);
      expect(result.rejected).toEqual([]);
    };
    const report = (at: number, extra: Record<string, unknown> = {}) => {
      const id = `AL-${++serial}`;
      return reported(id, `${id}-0`, at, extra);
    };
    /** A fresh rules service over the same database: what a restarted server has (no memory of its own). */
    const restarted = () => new AlertRulesService(loadConfig({ DEMO: 'off' }), repo, app.get(CatalogueService), app.get(ClockService), app.get(KpiService));
    const restartedEmerging = () => new EmergingAlertService(loadConfig({ DEMO: 'off' }), repo, app.get(EmergingHotspotService), restarted());

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db, { ALERTS: 'off' });
      repo = app.get(AlertRepository);
      rules = app.get(AlertRulesService);
      service = app.get(AlertService);
      app.get(LiveBus).subscribe((events) => published.push(...events));
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('rate anomaly: quiet at the usual count, one alert when far above it, updated as cases come, ended with the hour', async () => {
      const clock = app.get(ClockService).clock;
      const isWorkday = (t: number) => clock.calendar.isWorkday(clock.localDateAt(t));
      const first = hour - 8 * WEEK_MS - HOUR_MS;
      const refs = referenceHours(hour, isWorkday, first, rules.rate).hours;
      expect(refs.length).toBeGreaterThanOrEqual(2);
      // History: one case at the start, two in every reference hour of 天宁区; one in 钟楼区's too.
      await ingest([report(first), ...refs.flatMap((r) => [report(r + 10 * MIN), report(r + 20 * MIN), report(r + 5 * MIN, { lon: ZHONGLOU[0], lat: ZHONGLOU[1] })])]);
      const inHour = (i: number, n: number) => hour + Math.floor(((now - hour) * i) / (n + 1));
      await ingest([report(inHour(1, 2)), report(inHour(2, 2))]);
      expect((await rules.rates(now)).raised).toEqual([]);

      const burst = Array.from({ length: 10 }, (_, i) => report(inHour(i + 1, 11)));
      await ingest(burst);
      const first1 = await rules.rates(now);
      expect(first1.raised).toHaveLength(1);
      const alert = (await repo.get(first1.raised[0].id))!;
      expect(alert).toMatchObject({ kind: 'rate_anomaly', severity: expect.stringMatching(/medium|high/), region: { code: '320402', level: 'district' }, district: '320402', state: 'open', endedAt: null, caseCount: 12 });
      expect(alert.dedupeKey).toBe(`rate_anomaly:320402:${new Date(hour).toISOString()}`);
      expect(alert.figures).toMatchObject({ kind: 'rate_anomaly', observed: 12, expected: 2, references: refs.length, variance: 0, alpha: 0.001, model: 'negative_binomial' });
      expect(alert.caseIds).toHaveLength(12);
      expect(alert.reason.en).toMatch(/12 new cases this hour against a usual 2/);
      expect(alert.link).toContain('region=320402');

      // Evaluated again, and again after a restart: the same alert, unchanged.
      expect((await rules.rates(now)).raised).toEqual([{ id: alert.id, key: alert.dedupeKey, changed: false }]);
      expect((await restarted().rates(now)).raised).toEqual([{ id: alert.id, key: alert.dedupeKey, changed: false }]);
      // One more case: the same alert, updated.
      await ingest([report(now - 1)]);
      const again = await rules.rates(now);
      expect(again.raised).toEqual([{ id: alert.id, key: alert.dedupeKey, changed: true }]);
      expect((await repo.get(alert.id))!.figures).toMatchObject({ observed: 13 });
      expect((await repo.list({ state: 'all', since: null, limit: 100 })).filter((a) => a.kind === 'rate_anomaly')).toHaveLength(1);

      // The hour ends: so does the alert, and the same hour never raises it again.
      expect((await rules.rateEnds(hour + HOUR_MS - 1)).ended).toEqual([]);
      expect((await rules.rateEnds(hour + HOUR_MS)).ended).toEqual([alert.id]);
      expect((await repo.get(alert.id))!.endedAt).toBe(new Date(hour + HOUR_MS).toISOString());
      expect((await rules.rates(now)).raised).toEqual([]);
    });

    it('emergency: one high alert per case reported in an emergency category, none for old reports, ended when closed', async () => {
      published.length = 0;
      const gas = report(now - 2 * MIN, { category: 'E0403' });
      const water = report(now - 3 * MIN, { category: 'E0402', lon: ZHONGLOU[0], lat: ZHONGLOU[1] });
      const old = report(now - 3 * HOUR_MS, { category: 'E0401' });
      const ordinary = report(now - MIN);
      await ingest([old, water, gas, ordinary]);
      const events = [...published];
      expect(events).toHaveLength(4);
      const out = await rules.emergencies(events, now);
      expect(out.raised).toHaveLength(2);
      const alerts = await repo.getMany(out.raised.map((r) => r.id));
      expect(alerts.map((a) => [a.kind, a.severity, a.caseIds, a.district])).toEqual([
        ['emergency_reported', 'high', [water.caseId], '320404'],
        ['emergency_reported', 'high', [gas.caseId], '320402'],
      ]);
      expect(alerts[1].figures).toMatchObject({ category: 'E0403', categoryNameZh: '燃气管道破裂' });
      expect(alerts[1].reason.zh).toContain('燃气管道破裂');
      // The same events again, here and after a restart: nothing new.
      expect((await rules.emergencies(events, now)).raised.every((r) => !r.changed)).toBe(true);
      expect((await restarted().emergencies(events, now)).raised.every((r) => !r.changed)).toBe(true);
      // Voiding the gas case ends its alert at once; replaying its report then raises nothing.
      published.length = 0;
      await ingest([plain(gas.caseId as string, `${gas.caseId}-v`, 'voided', now - MIN)]);
      const ends = await rules.emergencyEnds(published, now);
      expect(ends.ended).toEqual([alerts[1].id]);
      // A restarted server does not know which cases have alerts: its minute sweep ends them.
      published.length = 0;
      await ingest([plain(water.caseId as string, `${water.caseId}-v`, 'voided', now - MIN)]);
      const fresh = restarted();
      expect((await fresh.emergencyEnds(published, now)).ended).toEqual([]);
      expect((await fresh.emergencySweep(now)).ended).toEqual([alerts[0].id]);
      expect((await repo.active('emergency_reported')).map((a) => a.id)).toEqual([]);
      expect((await rules.emergencies(events, now)).raised).toEqual([]);
      expect((await repo.list({ state: 'all', since: null, limit: 100 })).filter((a) => a.kind === 'emergency_reported')).toHaveLength(2);
    });

    it('overdue rising: the count equals the KPIs’; fires on a rise of max(10, 50 %) in the hour, ends when it stops', async () => {
      const cases = Array.from({ length: 12 }, (_, i) => `AL-OD-${i}`);
      await ingest(cases.flatMap((id, i) => [reported(id, `${id}-0`, now - 10 * DAY + i * MIN), plain(id, `${id}-1`, 'registered', now - 10 * DAY + (i + 5) * MIN)]));
      const counts = await repo.overdueCounts(new Date(now), await app.get(KpiService).openPlan());
      const kpis = await app.get(KpiService).snapshot({ region: null, categories: null, from: null, to: null });
      expect(counts.get('')).toBe(kpis.counts.overdue);
      const district = await app.get(KpiService).snapshot({ region: '320402', categories: null, from: null, to: null });
      expect(counts.get('320402')).toBe(district.counts.overdue);
      expect(counts.get('')).toBeGreaterThanOrEqual(12);

      // An hour ago the city had 12 fewer overdue cases (the sample the minute timer took then).
      const before = new Map([...counts].map(([scope, n]) => [scope, Math.max(0, n - 12)]));
      await repo.storeOverdueSamples(new Date(now - 60 * MIN), before);
      const out = await rules.overdueRising(now);
      const raised = await repo.getMany(out.raised.map((r) => r.id));
      const city = raised.find((a) => a.dedupeKey === 'overdue_rising:city')!;
      expect(city.figures).toMatchObject({ kind: 'overdue_rising', overdueNow: counts.get(''), overdueBefore: before.get(''), rise: 12, minRise: 10, minRatio: 0.5 });
      expect(city.caseIds).toEqual([]); // their deadlines passed days ago, not in the last hour
      expect(raised.find((a) => a.dedupeKey === 'overdue_rising:320402')).toBeTruthy();
      // A minute later, same figures: same alerts, unchanged (also after a restart).
      expect((await restarted().overdueRising(now + MIN)).raised.every((r) => !r.changed)).toBe(true);
      // The sample an hour before equals now: the rise is over, the alerts end.
      await repo.storeOverdueSamples(new Date(now + 2 * MIN - 60 * MIN), counts);
      const calm = await rules.overdueRising(now + 2 * MIN);
      expect(calm.raised).toEqual([]);
      expect(calm.ended.sort()).toEqual(raised.map((a) => a.id).sort());
    });

    it('overdue rising: every district is counted, 0 included, so a district whose overdue cases are gone ends its alert', async () => {
      const open = await app.get(KpiService).openPlan();
      const districts = (await db.query<{ code: string }>(`SELECT code FROM region WHERE level = 'district' ORDER BY code`)).map((r) => r.code);
      expect(districts.length).toBeGreaterThan(2);
      // Before any deadline: nothing is overdue, and every district says so (a sample of 0, not a missing one).
      expect(await repo.overdueCounts(new Date(Date.parse('2000-01-01T00:00:00Z')), open)).toEqual(new Map([['', 0], ...districts.map((d) => [d, 0] as const)]));

      // 320402 rose by 12 in the hour: its alert is raised.
      const at = now + 10 * MIN;
      const counts = await repo.overdueCounts(new Date(at), open);
      expect(counts.get('320402')).toBeGreaterThanOrEqual(12);
      await repo.storeOverdueSamples(new Date(at - 60 * MIN), new Map([...counts].map(([scope, n]) => [scope, Math.max(0, n - 12)])));
      const raised = await repo.getMany((await rules.overdueRising(at)).raised.map((r) => r.id));
      const alert = raised.find((a) => a.dedupeKey === 'overdue_rising:320402');
      expect(alert, JSON.stringify(raised.map((a) => a.dedupeKey))).toBeTruthy();

      // Its overdue cases are voided: the district counts 0 and the next minute ends its alert.
      const overdue = await db.query<{ case_id: string }>(
        `SELECT case_id FROM cases WHERE district_code = '320402' AND status NOT IN ('closed', 'voided') AND deadline < $1 ORDER BY case_id`,
        [new Date(at).toISOString()],
      );
      await ingest(overdue.map((c, i) => plain(c.case_id, `AL-OD-VOID-${i}`, 'voided', now)));
      const later = await rules.overdueRising(at + MIN);
      expect((await repo.overdueCounts(new Date(at + MIN), await app.get(KpiService).openPlan())).get('320402')).toBe(0);
      expect(later.ended).toContain(alert!.id);
      expect((await repo.active('overdue_rising')).map((a) => a.dedupeKey)).not.toContain('overdue_rising:320402');
    });

    it('emerging hot spot: a cell newly hot in the last day raises one alert; the next run raises nothing new', async () => {
      const id = (i: number) => `AL-EM-${i}`;
      // Forty cases in one place today (the last step), between the city's midnight (or an hour ago) and now.
      const dayStart = Date.parse(`${new Date(now + 8 * HOUR_MS).toISOString().slice(0, 10)}T00:00:00+08:00`);
      const since = Math.max(dayStart, now - HOUR_MS);
      const burst = Array.from({ length: 40 }, (_, i) => reported(id(i), `${id(i)}-0`, since + Math.floor(((now - since) * (i + 1)) / 42), { lon: TIANNING[0] + 0.03, lat: TIANNING[1] + 0.02 }));
      await ingest(burst);
      const started = Date.now();
      const out = await app.get(EmergingAlertService).run(now);
      const ms = Date.now() - started;
      expect(ms).toBeLessThan(30_000);
      const alerts = await repo.getMany(out.raised.map((r) => r.id));
      const mine = alerts.find((a) => a.caseIds.includes(id(0)));
      expect(mine, JSON.stringify(alerts.map((a) => a.figures))).toBeTruthy();
      expect(mine!.figures).toMatchObject({ kind: 'emerging_hotspot', resolution: 8, classification: 'new', previous: null, step: 'day' });
      expect(mine!.caseCount).toBe(40);
      expect(mine!.link).toContain('layer=emerging');
      const next = await restartedEmerging().run(now + MIN);
      expect(next.raised.filter((r) => r.changed)).toEqual([]);
    });

    it('lists newest first by state, since and limit; an acknowledgement is one row, a second is 409, rows are not rewritable', async () => {
      const all = await service.list({ state: 'all', limit: 100 });
      expect(all.alerts.length).toBeGreaterThanOrEqual(5);
      const raised = all.alerts.map((a) => Date.parse(a.raisedAt));
      expect(raised).toEqual([...raised].sort((a, b) => b - a));
      const target = all.alerts[0];
      const acked = await service.acknowledge(target.id, 'leader1', 'seen, dispatching');
      expect(acked).toMatchObject({ id: target.id, state: 'acknowledged', acknowledgement: { by: 'leader1', note: 'seen, dispatching' } });
      await expect(service.acknowledge(target.id, 'admin', null)).rejects.toBeInstanceOf(ConflictException);
      await expect(service.acknowledge('999999', 'admin', null)).rejects.toBeInstanceOf(NotFoundException);
      expect((await repo.get(target.id))!.acknowledgement!.by).toBe('leader1');
      await expect(db.query(`UPDATE alert_ack SET username = 'x'`)).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM alert_ack`)).rejects.toThrow(/append-only/);

      const open = await service.list({ state: 'open', limit: 100 });
      const done = await service.list({ state: 'acknowledged', limit: 100 });
      expect(done.alerts.map((a) => a.id)).toEqual([target.id]);
      expect(open.alerts.length).toBe(all.alerts.length - 1);
      expect((await service.list({ state: 'all', limit: 2 })).alerts).toHaveLength(2);
      expect((await service.list({ state: 'all', limit: 100, since: new Date(Date.now() + DAY).toISOString() })).alerts).toEqual([]);
      // `since` = the acknowledgement: the acknowledged alert, and only alerts updated since (none before it).
      const ackAt = acked.acknowledgement!.at;
      const sinceAck = (await service.list({ state: 'all', limit: 100, since: ackAt })).alerts;
      expect(sinceAck.map((a) => a.id)).toContain(target.id);
      expect(sinceAck.filter((a) => a.id !== target.id).every((a) => a.updatedAt >= ackAt)).toBe(true);
      expect(sinceAck.length).toBeLessThan(all.alerts.length);
    });
  });
}
