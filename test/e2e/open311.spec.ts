/**
 * The Open311 GeoReport v2 server through the built server: every answer checked against the JSON Schema written
 * from the specification (test/fixtures/open311), XML well-formed with the specification's root and element names,
 * the GET filters against cases ingested here, POST creating a reported case through the ingest path, errors in the
 * specification's format with their HTTP statuses, and the reporter never shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Category, Open311Request } from '@gridlens/contracts';
import { Api, e2eBackends } from '../support/e2e-harness';
import { TIANNING, ZHONGLOU, plain, reported } from '../support/ingest-cases';
import { getText, launchWithEnv, postForm, schemaErrors, schemaFields, xmlShape, type Open311Server } from '../support/open311';

const KEY = 'open311-test-key-0123456789';
const JURISDICTION = 'changzhou.test';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

for (const backend of e2eBackends(['pglite', 'postgres'])) {
  describe.skipIf(!backend.enabled)(`Open311 GeoReport v2 on ${backend.name}`, () => {
    let app: Open311Server;
    let api: Api;
    let base: string;
    let now: number;
    let minors: Category[];

    beforeAll(async () => {
      app = await launchWithEnv(backend.name, { OPEN311_API_KEYS: KEY, OPEN311_JURISDICTION: JURISDICTION });
      api = new Api(() => app.url);
      base = `${app.url}/open311/v2`;
      now = Date.now();
      minors = (await api.categories()).filter((c) => c.level === 'minor');
      // A: open, reported 3 h ago (E0505); B: closed, 2 h ago (E0505); C: open, another category and district;
      // OLD: reported 100 days ago (outside the default 90-day window).
      await api.ingestOk([
        reported('A', 'A-0', now - 3 * HOUR, { description: 'car on the pavement', reporterId: 'reporter-secret-7' }),
        plain('A', 'A-1', 'registered', now - 3 * HOUR + 60_000),
        reported('B', 'B-0', now - 2 * HOUR),
        plain('B', 'B-1', 'registered', now - 2 * HOUR + 60_000),
        plain('B', 'B-2', 'closed', now - HOUR),
        reported('C', 'C-0', now - 90 * 60_000, { category: 'E0101', lon: ZHONGLOU[0], lat: ZHONGLOU[1] }),
        reported('OLD', 'OLD-0', now - 100 * DAY),
      ]);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('lists every minor category as a service (JSON per the schema, XML per the examples)', async () => {
      const json = await getText(`${base}/services.json`);
      expect(json.status).toBe(200);
      expect(json.type).toMatch(/^application\/json/);
      expect(schemaErrors('services', json.body)).toEqual([]);
      const services = json.body as { service_code: string; service_name: string; metadata: boolean; type: string; group: string }[];
      expect(services.map((s) => s.service_code).sort()).toEqual(minors.map((c) => c.code).sort());
      const e0505 = services.find((s) => s.service_code === 'E0505')!;
      expect(e0505).toMatchObject({ service_name: minors.find((c) => c.code === 'E0505')!.nameZh, metadata: false, type: 'realtime' });

      const xml = await getText(`${base}/services.xml`);
      expect(xml.status).toBe(200);
      expect(xml.type).toMatch(/^text\/xml; charset=utf-8/);
      const shape = xmlShape(xml.text);
      expect(shape.declaration).toMatch(/encoding="UTF-8"/);
      expect(shape.root).toBe('services');
      expect(new Set(shape.children)).toEqual(new Set(['service']));
      expect(shape.children.length).toBe(services.length);
      for (const fields of shape.fields) expect(fields.every((f) => schemaFields('service').includes(f)), fields.join()).toBe(true);
    });

    it('gives a service definition, and 404 in the error format for an unknown code', async () => {
      const json = await getText(`${base}/services/E0505.json`);
      expect(json.status).toBe(200);
      expect(schemaErrors('serviceDefinition', json.body)).toEqual([]);
      expect(json.body).toEqual({ service_code: 'E0505', attributes: [] });
      const xml = xmlShape((await getText(`${base}/services/E0505.xml`)).text);
      expect(xml.root).toBe('service_definition');
      expect(xml.children).toEqual(['service_code', 'attributes']);

      const missing = await getText(`${base}/services/Z9999.json`);
      expect(missing.status).toBe(404);
      expect(schemaErrors('errors', missing.body)).toEqual([]);
      expect((missing.body as { code: number; description: string }[])[0]).toMatchObject({ code: 404, description: expect.stringMatching(/Z9999/) });
      const missingXml = await getText(`${base}/services/Z9999.xml`);
      expect(missingXml.status).toBe(404);
      const errorShape = xmlShape(missingXml.text);
      expect(errorShape.root).toBe('errors');
      expect(errorShape.fields[0]).toEqual(['code', 'description']);
    });

    it('answers requests with the fields of the specification, times in the city zone, the reporter never', async () => {
      const r = await getText(`${base}/requests.json`);
      expect(r.status).toBe(200);
      expect(schemaErrors('requests', r.body)).toEqual([]);
      const list = r.body as Open311Request[];
      // The default window is the last 90 days: OLD is not in it; newest report first.
      expect(list.map((q) => q.service_request_id)).toEqual(['C', 'B', 'A']);
      const a = list.find((q) => q.service_request_id === 'A')!;
      const detail = await api.getOk<{ deadline: string | null; department?: string | null }>('/api/v1/cases/A');
      expect(a).toMatchObject({ status: 'open', status_notes: 'registered', service_code: 'E0505', description: 'car on the pavement', lat: TIANNING[1], long: TIANNING[0] });
      expect(a.requested_datetime).toMatch(/\+08:00$/);
      expect(Date.parse(a.requested_datetime)).toBe(Math.floor((now - 3 * HOUR) / 1000) * 1000);
      expect(Date.parse(a.updated_datetime)).toBe(Math.floor((now - 3 * HOUR + 60_000) / 1000) * 1000);
      expect(detail.deadline).not.toBeNull();
      expect(Date.parse(a.expected_datetime!)).toBe(Math.floor(Date.parse(detail.deadline!) / 1000) * 1000);
      expect(a.agency_responsible).toBeTruthy();
      expect(list.find((q) => q.service_request_id === 'B')!.status).toBe('closed');
      expect(r.text).not.toContain('reporter-secret-7');

      const one = await getText(`${base}/requests/A.json`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual([a]);
      const xml = xmlShape((await getText(`${base}/requests/A.xml`)).text);
      expect(xml.root).toBe('service_requests');
      expect(xml.children).toEqual(['request']);
      expect(xml.fields[0]).toEqual(schemaFields('request'));
      const missing = await getText(`${base}/requests/NOPE.json`);
      expect(missing.status).toBe(404);
      expect(schemaErrors('errors', missing.body)).toEqual([]);
    });

    it.each([
      ['status=closed', ['B']],
      ['status=open', ['C', 'A']],
      ['status=open,closed', ['C', 'B', 'A']],
      ['service_code=E0101', ['C']],
      ['service_code=E0505,E0101&status=open', ['C', 'A']],
      ['service_request_id=A,OLD', ['OLD', 'A'].sort()],
      ['limit=1', ['C']],
    ])('filters: %s', async (query, ids) => {
      const r = await getText(`${base}/requests.json?${query}`);
      expect(r.status, r.text).toBe(200);
      expect(schemaErrors('requests', r.body)).toEqual([]);
      const got = (r.body as Open311Request[]).map((q) => q.service_request_id);
      expect(query.startsWith('service_request_id') ? got.sort() : got).toEqual(ids);
    });

    it('takes start_date / end_date (at most 90 days apart) and updated_after, oldest change first', async () => {
      const iso = (ms: number) => new Date(ms).toISOString();
      const window = await getText(`${base}/requests.json?start_date=${iso(now - 101 * DAY)}&end_date=${iso(now - 99 * DAY)}`);
      expect((window.body as Open311Request[]).map((q) => q.service_request_id)).toEqual(['OLD']);
      const recent = await getText(`${base}/requests.json?start_date=${encodeURIComponent(iso(now - 150 * 60_000))}`);
      expect((recent.body as Open311Request[]).map((q) => q.service_request_id)).toEqual(['C', 'B']);
      const updated = await getText(`${base}/requests.json?updated_after=${iso(now - 200 * DAY)}`);
      expect((updated.body as Open311Request[]).map((q) => q.service_request_id)).toEqual(['OLD', 'A', 'C', 'B']);
      const after = await getText(`${base}/requests.json?updated_after=${iso(now - 80 * 60_000)}`);
      expect((after.body as Open311Request[]).map((q) => q.service_request_id)).toEqual(['B']);
    });

    it.each([
      ['start_date=yesterday', 400, /^start_date: /],
      [`start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`, 400, /span more than 90 days/],
      ['status=pending', 400, /^status: expected open, closed/],
      ['limit=5000', 400, /^limit: at most 1000/],
      ['colour=red', 400, /colour/],
      ['jurisdiction_id=elsewhere', 404, /jurisdiction_id: "elsewhere" not found/],
    ])('GET requests?%s → %i naming the field', async (query, status, message) => {
      for (const format of ['json', 'xml']) {
        const r = await getText(`${base}/requests.${format}?${query}`);
        expect(r.status, r.text).toBe(status);
        if (format === 'json') {
          expect(schemaErrors('errors', r.body)).toEqual([]);
          expect((r.body as { code: number; description: string }[])[0]).toMatchObject({ code: status, description: expect.stringMatching(message) });
        } else {
          const shape = xmlShape(r.text);
          expect(shape.root).toBe('errors');
          expect(String((shape.parsed.errors as { error: { description: string }[] }).error[0].description)).toMatch(message);
        }
      }
    });

    it(`accepts its own jurisdiction_id`, async () => {
      const r = await getText(`${base}/requests.json?jurisdiction_id=${JURISDICTION}&status=closed`);
      expect(r.status).toBe(200);
      expect((r.body as Open311Request[]).map((q) => q.service_request_id)).toEqual(['B']);
    });

    it('POST (form-encoded, api_key) creates a reported case from the public through the ingest path', async () => {
      const before = await api.headSeq();
      const r = await postForm(`${base}/requests.json`, {
        api_key: KEY, jurisdiction_id: JURISDICTION, service_code: 'E0101', lat: String(TIANNING[1]), long: String(TIANNING[0]),
        description: 'rubbish by the gate', email: 'resident@example.org', first_name: 'Wang', last_name: 'Fang', phone: '13800000000',
        address_string: '1 Test Road',
      });
      expect(r.status, r.text).toBe(200);
      expect(schemaErrors('postResult', r.body)).toEqual([]);
      const [created] = r.body as { service_request_id: string; service_notice: string | null; account_id: string | null }[];
      expect(await api.headSeq()).toBe(before + 1);
      const detail = await api.getOk<{ status: string; source: string; category: string }>(`/api/v1/cases/${created.service_request_id}`);
      expect(detail).toMatchObject({ status: 'reported', source: 'public', category: 'E0101' });
      const back = await getText(`${base}/requests/${created.service_request_id}.json`);
      const [request] = back.body as Open311Request[];
      expect(request).toMatchObject({ status: 'open', status_notes: 'reported', service_code: 'E0101', lat: TIANNING[1], long: TIANNING[0] });
      expect(request.description).toBe('rubbish by the gate\n\nAddress: 1 Test Road');
      for (const secret of ['resident@example.org', 'Wang', 'Fang', '13800000000']) expect(back.text).not.toContain(secret);

      const xml = await postForm(`${base}/requests.xml`, { api_key: KEY, service_code: 'E0101', lat: String(TIANNING[1]), long: String(TIANNING[0]) });
      expect(xml.status, xml.text).toBe(200);
      const shape = xmlShape(xml.text);
      expect(shape.root).toBe('service_requests');
      expect(shape.fields[0]).toEqual(schemaFields('postItem').filter((f) => f !== 'token'));
    });

    it.each([
      [{ service_code: 'E0101', lat: '31.7', long: '119.9' }, 403, /api_key: missing or invalid/],
      [{ api_key: 'not-the-key-0123456789', service_code: 'E0101', lat: '31.7', long: '119.9' }, 403, /api_key: missing or invalid/],
      [{ api_key: KEY, lat: '31.7', long: '119.9' }, 400, /^service_code: /],
      [{ api_key: KEY, service_code: 'Z9999', lat: '31.7', long: '119.9' }, 400, /service_code: "Z9999" is not a service/],
      [{ api_key: KEY, service_code: 'E0101', address_string: '1 Test Road' }, 400, /^lat: lat and long are required \(this server does not geocode/],
      [{ api_key: KEY, service_code: 'E0101', lat: '31.7' }, 400, /^long: lat and long are given together/],
      [{ api_key: KEY, service_code: 'E0101', lat: 'north', long: '119.9' }, 400, /^lat: expected a number/],
      [{ api_key: KEY, service_code: 'E0101', lat: '0', long: '0' }, 400, /lat, long: the point lies outside every region/],
      [{ api_key: KEY, service_code: 'E0101', lat: '31.7', long: '119.9', jurisdiction_id: 'elsewhere' }, 404, /jurisdiction_id/],
    ])('POST %o → %i', async (fields, status, message) => {
      const before = await api.headSeq();
      const r = await postForm(`${base}/requests.json`, fields as Record<string, string>);
      expect(r.status, r.text).toBe(status);
      expect(schemaErrors('errors', r.body)).toEqual([]);
      expect((r.body as { description: string }[])[0].description).toMatch(message);
      expect(await api.headSeq()).toBe(before);
    });

    it('serves only .json and .xml', async () => {
      const r = await getText(`${base}/services.csv`);
      expect(r.status).toBe(404);
      expect(schemaErrors('errors', r.body)).toEqual([]);
    });
  });
}
