/**
 * The public rankings API through the built server, with NO sign-in: cases for October 2026 ingested over HTTP,
 * published by the admin (POST /api/v1/evaluations/publish), then every public endpoint and download answers;
 * the public figures are the published ones with suppression applied; ETag / 304 and Cache-Control; a correction
 * shows at once on the public answers (the publishing instance drops its cache); 404 and 400s naming the parameter.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicationDetail, PublicRanking, PublicRankingList, PublicUnitHistory } from '@gridlens/contracts';
import { e2eBackends, launch, messageOf, type E2eServer, type HttpResult } from '../support/e2e-harness';
import { lateNewbeiCases, octoberCases } from '../support/public-cases';

const ID = '2026-10.district.1';

for (const backend of e2eBackends(['pglite', 'postgres'])) {
  describe.skipIf(!backend.enabled)(`public rankings through the server on ${backend.name}`, () => {
    let app: E2eServer;
    let published: PublicationDetail;
    /** Anonymous GET: no Authorization header. */
    const pub = <T = unknown>(path: string, headers: Record<string, string> = {}) => app.api.request<T>('GET', path, { headers });
    const bytes = async (path: string) => {
      const res = await fetch(`${app.url}${path}`);
      return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
    };
    const post = async <T>(path: string, body: unknown): Promise<HttpResult<T>> =>
      app.api.request<T>('POST', path, {
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await app.api.adminToken()}` },
        body: JSON.stringify(body),
      });

    beforeAll(async () => {
      app = await launch(backend.name);
      const result = await app.api.ingestOk(octoberCases().events);
      expect(result.rejected).toEqual([]);
      // Read before publishing: the empty list is now in the server's cache.
      expect((await pub<PublicRankingList>('/api/public/rankings')).body).toEqual({ items: [], periods: [] });
      const r = await post<PublicationDetail>('/api/v1/evaluations/publish', { period: '2026-10', level: 'district', schemeVersion: 'default-2026.1', note: '十月排名' });
      expect(r.status, r.text).toBe(201);
      published = r.body;
      expect(published.id).toBe(ID);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('lists the new publication at once (publishing dropped the cached list), cacheable for 5 minutes', async () => {
      const r = await pub<PublicRankingList>('/api/public/rankings');
      expect(r.status, r.text).toBe(200);
      expect(r.body.items.map((i) => i.id)).toEqual([ID]);
      expect(r.body.items[0]).toMatchObject({ period: '2026-10', level: 'district', schemeVersion: 'default-2026.1', hash: published.hash, supersedes: null, supersededBy: null });
      expect(r.body.periods).toEqual([{ period: '2026-10', level: 'district', id: ID }]);
      expect(r.headers.get('cache-control')).toBe('public, max-age=300');
      expect((await pub<PublicRankingList>('/api/public/rankings?level=department')).body.items).toEqual([]);
      expect((await pub<PublicRankingList>('/api/public/rankings?period=2026-10&level=district')).body.items).toHaveLength(1);
    });

    it('gives the publication: the published ranks and scores, suppressed under PUBLIC_MIN_COUNT', async () => {
      const r = await pub<PublicRanking>(`/api/public/rankings/${ID}`);
      expect(r.status, r.text).toBe(200);
      expect(r.headers.get('cache-control')).toBe('public, max-age=3600');
      expect(r.body).toMatchObject({ id: ID, hash: published.hash, minCount: 5, note: '十月排名', correction: null, supersededBy: null });
      expect(r.body.scheme.version).toBe('default-2026.1');
      const byCode = new Map(r.body.rows.map((row) => [row.code, row]));
      const stored = new Map(published.rows.map((row) => [row.code, row]));
      expect(byCode.get('320402')).toMatchObject({ rank: 1, score: stored.get('320402')!.score, grade: stored.get('320402')!.grade });
      expect(byCode.get('320404')).toMatchObject({ rank: 2, score: stored.get('320404')!.score });
      expect(byCode.get('320402')!.counts.due).toEqual({ value: 10, suppressed: false });
      expect(byCode.get('320404')!.rates.onTimeClosureRate).toEqual({ value: 0.571429, suppressed: false });
      // 新北区: 2 cases. Every figure under 5 is hidden, and so are its score, grade and rank.
      const newbei = byCode.get('320411')!;
      expect([newbei.score, newbei.grade, newbei.rank, newbei.suppressed]).toEqual([null, null, null, true]);
      expect(newbei.counts.due).toEqual({ value: null, suppressed: true });
      expect(newbei.counts.registered).toEqual({ value: null, suppressed: true });
      // 天宁区's two manhole-cover cases are merged into "other", itself hidden (2 < 5).
      expect(byCode.get('320402')!.topCategories).toEqual([
        { code: 'E0505', name: { zh: '机动车乱停放', en: 'Illegal car parking' }, registered: 8 },
        { code: 'other', name: { zh: '其他', en: 'Other' }, registered: 0 },
      ]);
    });

    it('answers 304 to If-None-Match with the strong ETag, 200 to another', async () => {
      for (const path of [`/api/public/rankings/${ID}`, '/api/public/rankings', `/api/public/rankings/${ID}.csv`, `/api/public/rankings/${ID}.xlsx?lang=en`,
        '/api/public/units/district/320402/history', '/api/public/regions?level=district']) {
        const first = await pub(path);
        const etag = first.headers.get('etag')!;
        expect(etag, path).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
        const again = await pub(path, { 'if-none-match': etag });
        expect(again.status, path).toBe(304);
        expect(again.text).toBe('');
        expect(again.headers.get('etag')).toBe(etag);
        expect(again.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
        expect((await pub(path, { 'if-none-match': '"something-else"' })).status).toBe(200);
        expect((await pub(path)).headers.get('etag'), `${path}: same bytes, same ETag`).toBe(etag);
      }
    });

    it('downloads CSV (UTF-8 with BOM, Chinese by default) and XLSX (English on request) with a file name', async () => {
      const csv = await bytes(`/api/public/rankings/${ID}.csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="ranking-${ID}-zh.csv"`);
      expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = csv.body.toString('utf8').slice(1).split('\r\n');
      expect(lines[0]).toMatch(/^数字城管综合评价排名/);
      expect(lines.find((l) => l.startsWith('内容哈希（SHA-256）,'))).toContain(published.hash);
      expect(lines.find((l) => l.includes(',320402,天宁区,'))).toMatch(/^1,320402,天宁区,\d+\.\d\d,[A-E],/);
      expect(lines.find((l) => l.includes(',320411,'))).toMatch(/^—,320411,新北区,—,—,—,—,—,—,/);
      expect(lines).toContain('注：“—”表示该数字所依据的案件少于 5 件，为保护隐私不予公开。' + ','.repeat(lines.find((l) => l.startsWith('排名,'))!.split(',').length - 1));

      const xlsx = await bytes(`/api/public/rankings/${ID}.xlsx?lang=en`);
      expect(xlsx.status).toBe(200);
      expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(xlsx.headers.get('content-disposition')).toBe(`attachment; filename="ranking-${ID}-en.xlsx"`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('Ranking')!;
      const rows = Array.from(sheet.getSheetValues(), (v) => (Array.isArray(v) ? v.slice(1) : []));
      const header = rows.findIndex((r) => r[0] === 'Rank');
      expect(rows[header].slice(0, 5)).toEqual(['Rank', 'Code', 'Unit', 'Score', 'Grade']);
      expect(rows[header + 1].slice(0, 4)).toEqual([1, '320402', 'Tianning District', published.rows.find((x) => x.code === '320402')!.score]);
      expect(rows.find((r) => r[1] === '320411')!.slice(0, 4)).toEqual(['—', '320411', expect.any(String), '—']);
      expect(rows.some((r) => r[0] === '— means fewer than 5 cases: not shown to protect privacy.')).toBe(true);
    });

    it('gives a unit’s history and the region boundaries', async () => {
      const h = await pub<PublicUnitHistory>('/api/public/units/district/320404/history');
      expect(h.status, h.text).toBe(200);
      expect(h.body).toEqual({ level: 'district', code: '320404', name: { zh: '钟楼区', en: expect.any(String) }, points: [{ period: '2026-10', id: ID, score: expect.any(Number), grade: expect.any(String), rank: 2, of: 2 }] });
      const regions = await pub<{ type: string; features: { properties: { code: string; name_zh: string } }[] }>('/api/public/regions?level=district');
      expect(regions.status).toBe(200);
      expect(regions.body.features.map((f) => f.properties.code)).toEqual(['320402', '320404', '320411', '320412', '320413', '320481']);
      expect(regions.headers.get('content-type')).toBe('application/json; charset=utf-8');
    });

    it('answers 404 for unknown publications and units, 400 naming the bad parameter', async () => {
      for (const path of ['/api/public/rankings/2026-10.district.9', '/api/public/rankings/2026-10.district.9.csv', '/api/public/units/district/999999/history']) {
        expect((await pub(path)).status, path).toBe(404);
      }
      const bad: [string, RegExp][] = [
        ['/api/public/rankings?period=October', /^period: expected YYYY-MM/],
        ['/api/public/rankings?level=inspector', /^level: expected one of district, street, community, department/],
        [`/api/public/rankings/${ID}.csv?lang=fr`, /^lang: expected zh or en/],
        ['/api/public/units/inspector/320402/history', /^level: /],
        ['/api/public/units/district/a%20b/history', /^code: /],
        ['/api/public/regions?level=city', /^level: expected one of district, street, community/],
        ['/api/public/regions', /^level: /],
      ];
      for (const [path, message] of bad) {
        const r = await pub(path);
        expect(r.status, path).toBe(400);
        expect(messageOf(r.body), path).toMatch(message);
      }
    });

    it('shows a correction at once: the old publication names its successor, the new one what changed', async () => {
      const before = await pub(`/api/public/rankings/${ID}`);
      expect((await app.api.ingestOk(lateNewbeiCases().events)).rejected).toEqual([]);
      const r = await post<PublicationDetail>(`/api/v1/evaluations/${ID}/corrections`, { reason: '新北区 4 件案件漏录，已补录' });
      expect(r.status, r.text).toBe(201);
      const next = r.body.id;
      expect(next).toBe('2026-10.district.2');

      const old = await pub<PublicRanking>(`/api/public/rankings/${ID}`, { 'if-none-match': before.headers.get('etag')! });
      expect(old.status).toBe(200); // its ETag changed with supersededBy
      expect(old.body.supersededBy).toBe(next);
      const now = await pub<PublicRanking>(`/api/public/rankings/${next}`);
      expect(now.body.supersedes).toEqual({ id: ID, reason: '新北区 4 件案件漏录，已补录' });
      expect(now.body.correction!.previousId).toBe(ID);
      expect(now.body.correction!.reason).toBe('新北区 4 件案件漏录，已补录');
      const newbei = now.body.correction!.changes.find((c) => c.code === '320411')!;
      expect(newbei.before).toEqual({ score: null, grade: null, rank: null }); // suppressed before: still not shown
      expect(newbei.after.score).toEqual(now.body.rows.find((x) => x.code === '320411')!.score);
      expect(newbei.after.rank).not.toBeNull();
      const list = (await pub<PublicRankingList>('/api/public/rankings')).body;
      expect(list.items.map((i) => [i.id, i.supersededBy])).toEqual([[next, null], [ID, next]]);
      expect(list.periods).toEqual([{ period: '2026-10', level: 'district', id: next }]);
      expect((await pub<PublicUnitHistory>('/api/public/units/district/320411/history')).body.points.map((p) => p.id)).toEqual([next]);
    });
  });
}
