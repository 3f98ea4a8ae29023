/**
 * The privacy walker: cases ingested over HTTP with values that must stay private (case ids, descriptions,
 * reporter ids, exact coordinates), published for three levels and corrected once; then, anonymously, EVERY public
 * endpoint is fetched — the list (and each period/level filter), each publication, its CSV and XLSX in both
 * languages (the XLSX unzipped and read cell by cell with exceljs), each unit's history, the region boundaries of
 * each level — and no answer may contain any of those values, nor a case-level field name; every published count is
 * 0 (describing no case), at least PUBLIC_MIN_COUNT, or suppressed, and the small units and categories are shown as suppressed.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicRanking, PublicRankingList } from '@gridlens/contracts';
import { e2eBackends, launch, type E2eServer } from '../support/e2e-harness';
import { octoberCases, secretsOf } from '../support/public-cases';

const MIN_COUNT = 5;
const CASE_LEVEL_KEYS = /^(caseId|case_id|eventId|description|reporterId|reporter_id|reporter|inspector|inspectorId|lon|lat|longitude|latitude|point|address|publishedBy|published_by|facts)$/i;

interface Fetched {
  path: string;
  text: string;
  json: unknown;
}

function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysOf(v, out);
    }
  }
  return out;
}

async function xlsxText(body: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
  return cells.join('\n');
}

for (const backend of e2eBackends(['pglite', 'postgres'])) {
  describe.skipIf(!backend.enabled)(`the public API leaks no case on ${backend.name}`, () => {
    let app: E2eServer;
    const data = octoberCases('PRIVCASE');
    const fetched: Fetched[] = [];

    async function get(path: string): Promise<Fetched> {
      const res = await fetch(`${app.url}${path}`); // anonymous: no Authorization header
      expect(res.status, path).toBe(200);
      const body = Buffer.from(await res.arrayBuffer());
      const type = res.headers.get('content-type') ?? '';
      const text = type.includes('spreadsheetml') ? await xlsxText(body) : body.toString('utf8');
      const f = { path, text, json: type.startsWith('application/json') ? JSON.parse(text) : null };
      fetched.push(f);
      return f;
    }
    const post = async (path: string, body: unknown) => {
      const r = await app.api.request('POST', path, {
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await app.api.adminToken()}` },
        body: JSON.stringify(body),
      });
      expect(r.status, r.text).toBe(201);
      return r.body as { id: string };
    };

    beforeAll(async () => {
      app = await launch(backend.name);
      expect((await app.api.ingestOk(data.events)).rejected).toEqual([]);
      for (const level of ['district', 'street', 'department']) await post('/api/v1/evaluations/publish', { period: '2026-10', level, schemeVersion: 'default-2026.1' });
      await post('/api/v1/evaluations/2026-10.district.1/corrections', { reason: '复核后重新发布' });

      // The walk: everything reachable from the list, and the boundaries.
      const list = (await get('/api/public/rankings')).json as PublicRankingList;
      for (const p of list.periods) await get(`/api/public/rankings?period=${p.period}&level=${p.level}`);
      for (const item of list.items) {
        const ranking = (await get(`/api/public/rankings/${encodeURIComponent(item.id)}`)).json as PublicRanking;
        for (const lang of ['zh', 'en']) {
          await get(`/api/public/rankings/${encodeURIComponent(item.id)}.csv?lang=${lang}`);
          await get(`/api/public/rankings/${encodeURIComponent(item.id)}.xlsx?lang=${lang}`);
        }
        if (item.supersededBy) continue; // histories list current publications only
        for (const row of ranking.rows) await get(`/api/public/units/${item.level}/${encodeURIComponent(row.code)}/history`);
      }
      for (const level of ['district', 'street', 'community']) await get(`/api/public/regions?level=${level}`);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('walked every publication (4), its downloads, each unit’s history and the boundaries', () => {
      const paths = fetched.map((f) => f.path);
      expect(paths.filter((p) => /^\/api\/public\/rankings\/[^?]+$/.test(p)).sort()).toEqual(
        ['2026-10.department.1', '2026-10.district.1', '2026-10.district.2', '2026-10.street.1'].map((id) => `/api/public/rankings/${id}`),
      );
      expect(paths.filter((p) => p.includes('.xlsx'))).toHaveLength(8);
      expect(paths.filter((p) => p.includes('.csv'))).toHaveLength(8);
      expect(paths).toContain('/api/public/units/district/320411/history');
      expect(paths.filter((p) => p.startsWith('/api/public/units/department/')).length).toBeGreaterThanOrEqual(2);
      expect(paths.filter((p) => p.startsWith('/api/public/regions'))).toHaveLength(3);
    });

    it('no answer contains a case id, description, reporter id or exact coordinate of the ingested cases', () => {
      const secrets = secretsOf(data.cases);
      expect(secrets).toHaveLength(5 * 19);
      const leaks = fetched.flatMap((f) => secrets.filter((s) => f.text.includes(s)).map((s) => `${f.path}: ${s}`));
      expect(leaks).toEqual([]);
      // Nor any fragment that would identify them: the id prefix, the description's marker, the reporters' prefixes.
      for (const f of fetched) expect(f.text, f.path).not.toMatch(/PRIVCASE|秘密描述|insp-王|citizen-138/);
    });

    it('no JSON answer has a case-level field', () => {
      for (const f of fetched.filter((x) => x.json && !x.path.startsWith('/api/public/regions'))) {
        // The scheme (the methodology: its description, its inspector-level items) is not about any case.
        const { scheme: _scheme, ...rest } = f.json as { scheme?: unknown };
        expect([...keysOf(rest)].filter((k) => CASE_LEVEL_KEYS.test(k)), f.path).toEqual([]);
      }
      for (const f of fetched.filter((x) => x.path.startsWith('/api/public/regions'))) {
        const fc = f.json as { features: { properties: Record<string, unknown> }[] };
        for (const feature of fc.features) expect(Object.keys(feature.properties).sort()).toEqual(['code', 'level', 'name_en', 'name_zh', 'parent', 'synthetic']);
      }
    });

    it(`shows every count as 0, ≥ ${MIN_COUNT} or suppressed, and the small units and categories as suppressed`, () => {
      const rankings = fetched.filter((f) => /^\/api\/public\/rankings\/[^?]+$/.test(f.path) && !/\.(csv|xlsx)$/.test(f.path)).map((f) => f.json as PublicRanking);
      for (const r of rankings) {
        expect(r.minCount).toBe(MIN_COUNT);
        for (const row of r.rows) {
          for (const [k, c] of Object.entries(row.counts)) {
            expect(c!.value === null ? c!.suppressed : (c!.value === 0 || c!.value >= MIN_COUNT) && !c!.suppressed, `${r.id} ${row.code} ${k}`).toBe(true);
          }
          for (const t of row.topCategories) expect(t.registered >= MIN_COUNT || (t.code === 'other' && t.registered === 0), `${r.id} ${row.code} ${t.code}`).toBe(true);
          if (row.counts.due?.suppressed) expect([row.score, row.grade, row.rank, row.change.previous, row.change.yearAgo]).toEqual([null, null, null, null, null]);
        }
      }
      const district = rankings.find((r) => r.id === '2026-10.district.2')!;
      const newbei = district.rows.find((r) => r.code === '320411')!; // 2 cases
      expect(newbei).toMatchObject({ score: null, grade: null, rank: null, suppressed: true, counts: { due: { value: null, suppressed: true }, reported: { value: null, suppressed: true } } });
      const tianning = district.rows.find((r) => r.code === '320402')!; // 2 manhole-cover cases among 10
      expect(tianning.topCategories.map((t) => [t.code, t.registered])).toEqual([['E0505', 8], ['other', 0]]);
      expect(tianning.suppressed).toBe(true);
      const d03 = rankings.find((r) => r.id === '2026-10.department.1')!.rows.find((r) => r.code === 'D03')!; // 2 cases
      expect([d03.score, d03.rank, d03.counts.due, d03.suppressed]).toEqual([null, null, { value: null, suppressed: true }, true]);
      // The downloads say so.
      const csv = fetched.find((f) => f.path === '/api/public/rankings/2026-10.district.2.csv?lang=en')!;
      expect(csv.text).toMatch(/^—,320411,Xinbei District,—,—,—,—,/m);
      expect(csv.text).toContain('\r\n— means fewer than 5 cases: not shown to protect privacy.,');
    });
  });
}
