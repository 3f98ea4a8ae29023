/**
 * A server configured for New York by settings alone (docs/configuration.md): TZ_CITY=America/New_York,
 * WORK_CALENDAR=weekends with Thanksgiving and Christmas as CALENDAR_EXTRA_HOLIDAYS, WORKING_HOURS 09:00-17:00,
 * CATALOGUE_FILE=db/seed/catalogues/nyc311.json, DEFAULT_LANGUAGE=en; regions imported with `import regions`.
 * Checked: the catalogue is New York's and only that; deadlines follow the weekends calendar, the holidays and the
 * city's clock (worked out by hand below); Open311 shows English names and New York offsets (EST and EDT); the
 * dashboard's page opens in English.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, Open311Request, RegionList } from '@gridlens/contracts';
import { Api } from '../support/e2e-harness';
import { getText, runCli } from '../support/open311';
import { startServer, type ServerProcess } from '../support/server-process';

const NEW_YORK = {
  TZ_CITY: 'America/New_York',
  WORK_CALENDAR: 'weekends',
  CALENDAR_EXTRA_HOLIDAYS: '2026-11-26,2026-12-25',
  WORKING_HOURS: '09:00-17:00',
  CATALOGUE_FILE: 'db/seed/catalogues/nyc311.json',
  DEFAULT_LANGUAGE: 'en',
  SEED_REGIONS: 'none',
};
const MIDTOWN = { lon: -73.9855, lat: 40.758 }; // in the west test box
const QUEENS = { lon: -73.83, lat: 40.72 }; // in the east test box

describe('a deployment for New York, by configuration only', () => {
  let dataDir: string;
  let server: ServerProcess;
  let api: Api;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gridlens-nyc-'));
    const cli = { DATABASE_URL: '', DATA_DIR: dataDir, ...NEW_YORK };
    const fixtures = resolve('test/fixtures/open311');
    await runCli(['import', 'regions', `${fixtures}/nyc-test-city.geojson`, '--level', 'city', '--code-property', 'code', '--name-property', 'name'], cli);
    await runCli(['import', 'regions', `${fixtures}/nyc-test-districts.geojson`, '--level', 'district', '--code-property', 'code', '--name-property', 'name', '--parent-property', 'parent'], cli);
    server = await startServer({ dataDir, env: NEW_YORK });
    api = new Api(() => server.url);
    const at = (local: string) => new Date(local).toISOString();
    await api.ingestOk([
      // Plumbing: 5 working days. Registered Wednesday 25 Nov 2026 10:00 EST.
      { eventId: 'N1-0', caseId: 'N1', type: 'reported', at: at('2026-11-25T09:30:00-05:00'), category: 'H0102', ...MIDTOWN, source: 'hotline' },
      { eventId: 'N1-1', caseId: 'N1', type: 'registered', at: at('2026-11-25T10:00:00-05:00') },
      // Heat/hot water: 24 clock hours, holiday or not.
      { eventId: 'N2-0', caseId: 'N2', type: 'reported', at: at('2026-11-25T09:30:00-05:00'), category: 'H0101', ...QUEENS, source: 'public' },
      { eventId: 'N2-1', caseId: 'N2', type: 'registered', at: at('2026-11-25T10:00:00-05:00') },
      // Street light: 10 working days, registered Friday 3 July 2026 16:00 EDT (summer time).
      { eventId: 'N3-0', caseId: 'N3', type: 'reported', at: at('2026-07-03T15:00:00-04:00'), category: 'S0202', ...MIDTOWN, source: 'public' },
      { eventId: 'N3-1', caseId: 'N3', type: 'registered', at: at('2026-07-03T16:00:00-04:00') },
    ]);
  });
  afterAll(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("has New York's catalogue and no other", async () => {
    const file = JSON.parse(readFileSync(resolve('db/seed/catalogues/nyc311.json'), 'utf8')) as { categories: { code: string }[]; departments: { code: string }[] };
    const categories = await api.categories();
    expect(categories.map((c) => c.code).sort()).toEqual(file.categories.map((c) => c.code).sort());
    expect(categories.find((c) => c.code === 'H0102')).toMatchObject({ nameEn: 'Plumbing', department: 'HPD', timeLimit: { amount: 5, unit: 'working_days' } });
  });

  it("has New York's regions and no bundled ones (SEED_REGIONS=none)", async () => {
    const cities = await api.getOk<RegionList>('/api/v1/regions?level=city');
    const districts = await api.getOk<RegionList>('/api/v1/regions?level=district');
    expect(cities.regions.map((r) => r.code)).toEqual(['NYC-T']);
    expect(districts.regions.map((r) => r.code).sort()).toEqual(['NYC-E', 'NYC-W']);
  });

  it('counts working days Monday to Friday in New York time, skipping its holidays', async () => {
    const n1 = await api.getOk<CaseDetail>('/api/v1/cases/N1');
    expect(n1.regions).toMatchObject({ city: 'NYC-T', district: 'NYC-W' });
    // 5 working days of 8 h = 40 h from Wed 25 Nov 10:00: Wed 7 h, Thu 26 Thanksgiving (holiday), Fri 8 h (15),
    // weekend, Mon 30 8 h (23), Tue 1 Dec (31), Wed 2 Dec (39), Thu 3 Dec 1 h → 10:00 EST.
    expect(Date.parse(n1.deadline!)).toBe(Date.parse('2026-12-03T10:00:00-05:00'));
    const n2 = await api.getOk<CaseDetail>('/api/v1/cases/N2');
    expect(n2.regions).toMatchObject({ city: 'NYC-T', district: 'NYC-E' });
    expect(Date.parse(n2.deadline!)).toBe(Date.parse('2026-11-26T10:00:00-05:00'));
    // 10 working days = 80 h from Fri 3 Jul 16:00 EDT: Fri 1 h, Mon 6 to Thu 16 Jul (9 days, 72 h → 73), 7 h of Fri 17 Jul
    // → 16:00 EDT. (Independence Day is a Saturday; its observed Friday 3 Jul is not listed here, so it is worked.)
    const n3 = await api.getOk<CaseDetail>('/api/v1/cases/N3');
    expect(Date.parse(n3.deadline!)).toBe(Date.parse('2026-07-17T16:00:00-04:00'));
  });

  it('speaks English on Open311, with New York offsets in winter and summer', async () => {
    const r = await getText(`${server.url}/open311/v2/requests.json?service_request_id=N1,N3`);
    expect(r.status, r.text).toBe(200);
    const byId = new Map((r.body as Open311Request[]).map((q) => [q.service_request_id, q]));
    expect(byId.get('N1')).toMatchObject({
      service_name: 'Plumbing',
      agency_responsible: 'Department of Housing Preservation and Development',
      requested_datetime: '2026-11-25T09:30:00-05:00',
      expected_datetime: '2026-12-03T10:00:00-05:00',
    });
    expect(byId.get('N3')).toMatchObject({ requested_datetime: '2026-07-03T15:00:00-04:00', expected_datetime: '2026-07-17T16:00:00-04:00' });
    const services = (await getText(`${server.url}/open311/v2/services.json`)).body as { service_code: string; service_name: string; group: string }[];
    expect(services.find((s) => s.service_code === 'E0303')).toMatchObject({ service_name: 'Rodent', group: 'Health and air' });
  });

  it('opens the dashboard in English', async () => {
    const page = await getText(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="en"');
    expect(page.text).toContain('<meta name="gridlens-language" content="en" />');
  });
});
