/**
 * Evaluations through the built server. First an independent checker: hand-made October 2026 cases with known
 * outcomes in four districts go in through POST /api/v1/events; the closure rate, on-time closure rate, scores and
 * district order are worked out below by simple code written from docs/evaluation.md (not the engine), and
 * gridlens must agree exactly. Then the endpoints: publish, corrections, verification, schemes, audit, with their
 * 400 / 401 / 403 / 404 / 409 answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, EvaluationResult, EvaluationScheme, Publication, PublicationDetail, PublicationVerification, SchemeDefinition } from '@gridlens/contracts';
import { e2eBackends, launch, messageOf, qs, type E2eServer } from '../support/e2e-harness';
import { DISTRICT_ANCHORS } from '../support/event-factory';
import { TIANNING, ZHONGLOU, plain, reported } from '../support/ingest-cases';

const cst = (iso: string) => Date.parse(`${iso}+08:00`);
const T = cst('2026-11-01T00:00:00');
const FROM = cst('2026-10-01T00:00:00');
const PLACES: Record<string, readonly [number, number]> = { '320402': TIANNING, '320404': ZHONGLOU, '320411': DISTRICT_ANCHORS['320411'][1], '320412': DISTRICT_ANCHORS['320412'][0] };

/**
 * A case as the checker knows it. Category E0505 has a limit of 2 working hours (08:30–12:00, 13:30–17:30): a
 * registration at 09:00 on a weekday is due by 11:00 that day; one at 16:00 on Friday 30 October by 09:00 on Monday
 * 2 November. Late October 2026 has no holiday.
 */
interface KnownCase {
  id: string;
  district: string;
  source: string;
  reportedAt: number;
  registeredAt: number | null;
  deadline: number | null;
  closedAt: number | null;
  voidedAt: number | null;
  suspendedAt: number | null;
}

function knownCases(): KnownCase[] {
  const cases: KnownCase[] = [];
  let n = 0;
  const add = (district: string, day: string, outcome: 'onTime' | 'late' | 'open' | 'voided' | 'suspended', source = 'inspector') => {
    const reg = cst(`2026-10-${day}T09:00:00`);
    cases.push({
      id: `EV-${district}-${n++}`,
      district,
      source,
      reportedAt: reg - 20 * 60_000,
      registeredAt: reg,
      deadline: reg + 2 * 3600_000,
      closedAt: outcome === 'onTime' ? reg + 3600_000 : outcome === 'late' ? reg + 2 * 86_400_000 : null,
      voidedAt: outcome === 'voided' ? reg + 1800_000 : null,
      suspendedAt: outcome === 'suspended' ? reg + 1800_000 : null,
    });
  };
  // 天宁: 5 on time (2 public), 1 late, 1 open and overdue, 1 voided after registration.
  ['19', '20', '21'].forEach((d) => add('320402', d, 'onTime'));
  ['22', '23'].forEach((d) => add('320402', d, 'onTime', 'public'));
  add('320402', '19', 'late');
  add('320402', '20', 'open');
  add('320402', '21', 'voided', 'hotline');
  // 钟楼: 6 on time (1 by video, 1 by collector), 1 suspended before its deadline and still suspended, and 1 registered
  // on Friday 30 October at 16:00 and closed on time on Monday 2 November (reported and registered in October, due in November).
  ['19', '20', '21', '22', '23', '26'].forEach((d, i) => add('320404', d, 'onTime', ['inspector', 'video', 'collector'][i % 3]));
  add('320404', '27', 'suspended');
  cases.push({ id: 'EV-320404-X', district: '320404', source: 'public', reportedAt: cst('2026-10-30T15:30:00'), registeredAt: cst('2026-10-30T16:00:00'), deadline: cst('2026-11-02T09:00:00'), closedAt: cst('2026-11-02T08:45:00'), voidedAt: null, suspendedAt: null });
  // 新北: 3 on time, 3 late. 武进: 2 on time (too few due to be ranked). A report voided before registration.
  ['26', '27', '28'].forEach((d) => add('320411', d, 'onTime'));
  ['26', '27', '28'].forEach((d) => add('320411', d, 'late', 'public'));
  ['28', '29'].forEach((d) => add('320412', d, 'onTime'));
  cases.push({ id: 'EV-320412-V', district: '320412', source: 'public', reportedAt: cst('2026-10-29T10:00:00'), registeredAt: null, deadline: null, closedAt: null, voidedAt: cst('2026-10-29T10:30:00'), suspendedAt: null });
  return cases;
}

function eventsOf(c: KnownCase): Record<string, unknown>[] {
  const [lon, lat] = PLACES[c.district];
  const out = [reported(c.id, `${c.id}-r`, c.reportedAt, { lon, lat, source: c.source })];
  if (c.registeredAt !== null) out.push(plain(c.id, `${c.id}-g`, 'registered', c.registeredAt));
  if (c.suspendedAt !== null) out.push(plain(c.id, `${c.id}-s`, 'suspended', c.suspendedAt));
  if (c.voidedAt !== null) out.push(plain(c.id, `${c.id}-v`, 'voided', c.voidedAt));
  if (c.closedAt !== null) {
    out.push(plain(c.id, `${c.id}-d`, 'dispatched', c.registeredAt! + 600_000, { department: 'D10' }));
    out.push(plain(c.id, `${c.id}-h`, 'handled', c.closedAt - 600_000), plain(c.id, `${c.id}-c`, 'closed', c.closedAt));
  }
  return out;
}

/** docs/evaluation.md, sections 3 and 5, for the district level, written out plainly. */
function independentRanking(cases: KnownCase[], scheme: SchemeDefinition, districts: string[]) {
  const inP = (t: number | null) => t !== null && t >= FROM && t < T;
  const rate = (num: number, den: number) => ({ numerator: num, denominator: den, value: den === 0 ? null : Math.round((num / den) * 1e6) / 1e6 });
  const rows = districts.map((code) => {
    const mine = cases.filter((c) => c.district === code);
    const dueCases = mine.filter((c) => {
      if (c.registeredAt === null || c.voidedAt !== null) return false;
      const suspendedAtT = c.suspendedAt !== null && c.closedAt === null;
      const effectiveDeadline = suspendedAtT && c.deadline! >= c.suspendedAt! ? null : c.deadline;
      const candidates = [c.closedAt !== null && c.closedAt < T ? c.closedAt : null, effectiveDeadline].filter((t): t is number => t !== null);
      return candidates.length > 0 && inP(Math.min(...candidates));
    });
    const reportedN = mine.filter((c) => inP(c.reportedAt)).length;
    const supervision = mine.filter((c) => inP(c.reportedAt) && ['inspector', 'collector', 'video'].includes(c.source)).length;
    const registered = mine.filter((c) => inP(c.registeredAt)).length;
    const closed = dueCases.filter((c) => c.closedAt !== null && c.closedAt < T).length;
    const onTime = dueCases.filter((c) => c.closedAt !== null && c.closedAt <= c.deadline!).length;
    const values: Record<string, number | null> = {
      supervisionReportRate: rate(supervision, reportedN).value,
      registered,
      closureRate: rate(closed, dueCases.length).value,
      onTimeClosureRate: rate(onTime, dueCases.length).value,
    };
    let weighted = 0;
    let weights = 0;
    for (const item of scheme.levels.district!) {
      const v = values[item.indicator];
      if (v === null || v === undefined) continue;
      const s = item.scoring;
      const itemScore = s.kind === 'rate' ? 100 * v : s.kind === 'inverseRate' ? 100 * (1 - v) : ([...s.bands].reverse().find((b) => b.min <= v)?.score ?? 0);
      weighted += item.weight * itemScore;
      weights += item.weight;
    }
    const score = weights ? Math.round((weighted / weights) * 100 + 1e-9) / 100 : null;
    return { code, due: dueCases.length, closureRate: rate(closed, dueCases.length), onTimeClosureRate: rate(onTime, dueCases.length), score };
  });
  const ranked = rows.filter((r) => r.due >= scheme.minDueToRank && r.score !== null).sort((a, b) => b.score! - a.score! || a.code.localeCompare(b.code));
  const rank = new Map(ranked.map((r) => [r.code, 1 + ranked.filter((o) => o.score! > r.score!).length]));
  return rows.map((r) => ({ ...r, rank: rank.get(r.code) ?? null }));
}

for (const backend of e2eBackends(['pglite', 'postgres'])) {
  describe.skipIf(!backend.enabled)(`evaluations through the server on ${backend.name}`, () => {
    let app: E2eServer;
    let planner: string;
    const cases = knownCases();
    const send = (method: string, path: string, token: string | null, body?: unknown) =>
      app.api.request(method, path, { headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const admin = () => app.api.adminToken();

    beforeAll(async () => {
      app = await launch(backend.name);
      await app.addUsers([{ name: 'planner1', role: 'planner', password: 'planner-password-1' }]);
      planner = await app.api.login('planner1', 'planner-password-1');
      const result = await app.api.ingestOk(cases.flatMap(eventsOf));
      expect(result.rejected).toEqual([]);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('agrees exactly with an independent computation of closure, on-time closure and the district order', async () => {
      const r = await app.api.get<EvaluationResult>(`/api/v1/evaluations${qs({ period: '2026-10', level: 'district' })}`, planner);
      expect(r.status, r.text).toBe(200);
      const expected = independentRanking(cases, r.body.scheme.definition, r.body.rows.map((row) => row.code));
      const got = r.body.rows.map((row) => ({ code: row.code, due: row.counts.due, closureRate: row.rates.closureRate, onTimeClosureRate: row.rates.onTimeClosureRate, score: row.score, rank: row.rank }));
      expect(got.sort((a, b) => a.code.localeCompare(b.code))).toEqual(expected.sort((a, b) => a.code.localeCompare(b.code)));
      // What the checker found, stated: 钟楼 first, 天宁 second, 新北 third; 武进 too few due cases to rank.
      const order = r.body.rows.filter((row) => row.rank !== null).map((row) => row.code);
      expect(order).toEqual(['320404', '320402', '320411']);
      expect(r.body.rows.find((row) => row.code === '320402')!.rates.closureRate).toEqual({ numerator: 6, denominator: 7, value: 0.857143 });
      expect(r.body.rows.find((row) => row.code === '320412')!.rank).toBeNull();
      expect(r.body.caseCount).toBe(cases.length);
    });

    it('needs a signed-in user (401) and an admin to publish, correct, change schemes or read the audit (403)', async () => {
      for (const path of ['/api/v1/evaluations?period=2026-10&level=district', '/api/v1/evaluations/publications', '/api/v1/evaluation-schemes', '/api/v1/audit']) {
        expect((await app.api.get(path, null)).status, path).toBe(401);
      }
      expect((await send('POST', '/api/v1/evaluations/publish', null, { period: '2026-10', level: 'district', schemeVersion: 'default-2026.1' })).status).toBe(401);
      const forbidden = [
        await send('POST', '/api/v1/evaluations/publish', planner, { period: '2026-10', level: 'district', schemeVersion: 'default-2026.1' }),
        await send('POST', '/api/v1/evaluations/2026-10.district.1/corrections', planner, { reason: 'x' }),
        await send('POST', '/api/v1/evaluation-schemes', planner, { version: 'p-1', definition: {} }),
        await send('DELETE', '/api/v1/evaluation-schemes/default-2026.1', planner),
        await app.api.get('/api/v1/audit', planner),
      ];
      expect(forbidden.map((f) => f.status)).toEqual([403, 403, 403, 403, 403]);
    });

    it.each([
      [{ period: '2026-13', level: 'district' }, /^period: /],
      [{ period: '2026-10', level: 'city' }, /^level: expected one of/],
      [{ period: '2026-10-31..2026-10-01', level: 'district' }, /^period: .*before/],
    ])('GET /evaluations %o → 400 naming the field', async (query, message) => {
      const r = await app.api.get(`/api/v1/evaluations${qs(query)}`);
      expect(r.status, r.text).toBe(400);
      expect(messageOf(r.body)).toMatch(message);
    });

    it('publishes (201), refuses twice (409), a running period (400), inspectors (400), an unknown scheme (404); verifies', async () => {
      const token = await admin();
      const body = { period: '2026-10', level: 'district', schemeVersion: 'default-2026.1', note: 'October' };
      const created = await send('POST', '/api/v1/evaluations/publish', token, body);
      expect(created.status, created.text).toBe(201);
      const p = created.body as PublicationDetail;
      expect(p).toMatchObject({ id: '2026-10.district.1', publishedBy: 'admin', caseCount: cases.length, supersedes: null, supersededBy: null });
      expect((await send('POST', '/api/v1/evaluations/publish', token, body)).status).toBe(409);
      const running = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7); // this month in Asia/Shanghai
      const late = await send('POST', '/api/v1/evaluations/publish', token, { ...body, period: running });
      expect([late.status, messageOf(late.body)]).toEqual([400, expect.stringMatching(/^period: .*not ended/)]);
      const inspector = await send('POST', '/api/v1/evaluations/publish', token, { ...body, level: 'inspector' });
      expect([inspector.status, messageOf(inspector.body)]).toEqual([400, expect.stringMatching(/^level: /)]);
      expect((await send('POST', '/api/v1/evaluations/publish', token, { ...body, period: '2026-09', schemeVersion: 'nope' })).status).toBe(404);
      expect((await app.api.get<Publication[]>('/api/v1/evaluations/publications?period=2026-10', planner)).body.map((x) => x.id)).toEqual([p.id]);
      expect((await app.api.get<PublicationDetail>(`/api/v1/evaluations/publications/${p.id}`, planner)).body.rows).toEqual(p.rows);
      expect((await app.api.get('/api/v1/evaluations/publications/2026-10.street.1')).status).toBe(404);
      const verify = await app.api.get<PublicationVerification>(`/api/v1/evaluations/publications/${p.id}/verify`, planner);
      expect(verify.body).toMatchObject({ hash: p.hash, frozen: { hash: p.hash, matches: true }, current: { inputsDigest: p.inputsDigest, hash: p.hash, matches: true } });
      const draft = await app.api.get<EvaluationResult>(`/api/v1/evaluations${qs({ period: '2026-10', level: 'district' })}`);
      expect(draft.body.published).toEqual({ id: p.id, hash: p.hash, matches: true });
    });

    it('corrects (201, revision 2, superseding with the reason); the superseded one cannot be corrected again (409)', async () => {
      const token = await admin();
      expect((await send('POST', '/api/v1/evaluations/2026-10.district.1/corrections', token, { reason: ' ' })).status).toBe(400);
      const r = await send('POST', '/api/v1/evaluations/2026-10.district.1/corrections', token, { reason: 'recounted', note: 'rev 2' });
      expect(r.status, r.text).toBe(201);
      expect(r.body).toMatchObject({ id: '2026-10.district.2', supersedes: { id: '2026-10.district.1', reason: 'recounted' }, note: 'rev 2' });
      expect((await app.api.get<PublicationDetail>('/api/v1/evaluations/publications/2026-10.district.1')).body.supersededBy).toBe('2026-10.district.2');
      expect((await send('POST', '/api/v1/evaluations/2026-10.district.1/corrections', token, { reason: 'again' })).status).toBe(409);
      expect((await send('POST', '/api/v1/evaluations/2099-01.district.1/corrections', token, { reason: 'x' })).status).toBe(404);
    });

    it('schemes: list, read, create (201; 409 twice; 400 naming the problem), delete unused (204) but never a used one (409)', async () => {
      const token = await admin();
      const list = await app.api.get<EvaluationScheme[]>('/api/v1/evaluation-schemes', planner);
      expect(list.body.map((s) => [s.version, s.used])).toEqual([['default-2026.1', true]]);
      const definition = (await app.api.get<EvaluationScheme>('/api/v1/evaluation-schemes/default-2026.1', planner)).body.definition;
      expect((await app.api.get('/api/v1/evaluation-schemes/none')).status).toBe(404);
      expect((await send('POST', '/api/v1/evaluation-schemes', token, { version: 'city-2027.1', definition })).status).toBe(201);
      expect((await send('POST', '/api/v1/evaluation-schemes', token, { version: 'city-2027.1', definition })).status).toBe(409);
      const bad = await send('POST', '/api/v1/evaluation-schemes', token, { version: 'bad', definition: { ...definition, grades: [{ grade: 'A', min: 50 }] } });
      expect([bad.status, messageOf(bad.body)]).toEqual([400, expect.stringMatching(/^definition\.grades/)]);
      const shape = await send('POST', '/api/v1/evaluation-schemes', token, { version: 'bad version!', definition });
      expect([shape.status, messageOf(shape.body)]).toEqual([400, expect.stringMatching(/^version: /)]);
      expect((await send('DELETE', '/api/v1/evaluation-schemes/city-2027.1', token)).status).toBe(204);
      expect((await send('DELETE', '/api/v1/evaluation-schemes/default-2026.1', token)).status).toBe(409);
    });

    it('the audit log tells who did what, newest first (admins only)', async () => {
      const r = await app.api.get<AuditEntry[]>('/api/v1/audit?limit=10');
      expect(r.body.map((e) => [e.action, e.subject, e.actor])).toEqual([
        ['scheme.create', 'city-2027.1', 'admin'],
        ['evaluation.correct', '2026-10.district.2', 'admin'],
        ['evaluation.publish', '2026-10.district.1', 'admin'],
      ]);
      expect((await app.api.get('/api/v1/audit?limit=0')).status).toBe(400);
    });
  });
}
