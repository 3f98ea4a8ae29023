/**
 * PublicRankingService and its repository on both databases, over publications written here with SQL (as the
 * publishing service stores them): the list (current and superseded, filters), a publication with the public
 * suppression (PUBLIC_MIN_COUNT 5) and a correction whose changes never show a suppressed score, the unit history
 * ("rank r of n" over current publications only), region boundaries as simplified GeoJSON, and the cache: N reads
 * of a cached answer make 0 database queries (counted with a spy on the Database), invalidate() makes the next one
 * read again.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import {
  COUNT_INDICATORS,
  RATE_INDICATORS,
  type CountIndicator,
  type EvaluationRow,
  type PublicRanking,
  type PublicRankingList,
  type PublicUnitHistory,
} from '@gridlens/contracts';
import { DEFAULT_SCHEME } from '@gridlens/evaluation';
import { APP_CONFIG, type AppConfig } from '../../apps/server/src/config/app-config';
import type { Database } from '../../apps/server/src/db/database';
import { PublicRankingRepository } from '../../apps/server/src/repositories/public-ranking.repository';
import { PublicCache } from '../../apps/server/src/services/public-cache';
import { PublicRankingService } from '../../apps/server/src/services/public-ranking.service';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

/** A stored line: the given counts (others 0), rates from them, and the given score, grade and rank. */
function row(code: string, zh: string, c: Partial<Record<CountIndicator, number>>, score: number | null, grade: string | null, rank: number | null): EvaluationRow {
  const counts = Object.fromEntries(COUNT_INDICATORS.map((k) => [k, c[k] ?? 0])) as Record<CountIndicator, number>;
  const rate = (n: number, d: number) => ({ numerator: n, denominator: d, value: d ? Math.round((n / d) * 1e6) / 1e6 : null });
  const rates = Object.fromEntries(RATE_INDICATORS.map((k) => [k, rate(0, 0)])) as EvaluationRow['rates'];
  rates.closureRate = rate(counts.closed, counts.due);
  rates.onTimeClosureRate = rate(counts.closedOnTime, counts.due);
  return { code, name: { zh, en: `${code} en` }, counts, rates, items: [], score, grade, rank, change: { previous: null, yearAgo: null } };
}

const OCT_1 = [
  row('320402', '天宁区', { due: 12, closed: 11, closedOnTime: 10, registered: 14 }, 93.5, 'A', 1),
  row('320404', '钟楼区', { due: 8, closed: 6, closedOnTime: 5, registered: 9 }, 80, 'B', 2),
  // Ranked by the scheme (as if minDueToRank were lower) but under PUBLIC_MIN_COUNT: not shown in public.
  row('320413', '金坛区', { due: 4, closed: 4, closedOnTime: 4, registered: 4 }, 70, 'C', 3),
];
const OCT_2 = [OCT_1[0], row('320404', '钟楼区', { due: 8, closed: 7, closedOnTime: 6, registered: 9 }, 85, 'B', 2), { ...OCT_1[2], score: 72 }];
const SEP_1 = [
  row('320404', '钟楼区', { due: 9, closed: 9, closedOnTime: 9, registered: 9 }, 95, 'A', 1),
  row('320402', '天宁区', { due: 7, closed: 5, closedOnTime: 5, registered: 8 }, 70, 'C', 2),
];
// Departments: D10 had 3 due cases in September (its score then was never public), D11 had 10.
const change = (period: string, score: number, rank: number | null, scoreDelta: number, rankDelta: number | null) => ({ period, score, rank, scoreDelta, rankDelta });
const DEPT_SEP = [row('D11', '市政', { due: 10 }, 88, 'B', 1), row('D10', '城管局', { due: 3 }, 40, 'D', null)];
const DEPT_OCT = [
  { ...row('D11', '市政', { due: 12 }, 90, 'A', 1), change: { previous: change('2026-09', 88, 1, 2, 0), yearAgo: change('2025-10', 80, 1, 10, 0) } },
  { ...row('D10', '城管局', { due: 20 }, 60, 'C', 2), change: { previous: change('2026-09', 40, null, 20, null), yearAgo: null } },
];
const TOP = { '320402': [{ code: 'E0505', name: { zh: '机动车乱停放', en: 'Illegal parking' }, registered: 9 }, { code: 'C0101', name: { zh: '上水井盖', en: 'Water cover' }, registered: 3 }] };

async function publish(db: Database, p: { id: string; period: string; level?: string; revision?: number; at: string; rows: EvaluationRow[]; supersedes?: string }) {
  const [year, month] = p.period.split('-').map(Number);
  const from = `${p.period}-01T00:00:00+08:00`;
  const to = `${month === 12 ? year + 1 : year}-${String((month % 12) + 1).padStart(2, '0')}-01T00:00:00+08:00`;
  await db.transaction(async (tx) => {
    // The corrected one first: at most one current publication per period and level.
    if (p.supersedes) await tx.query(`UPDATE evaluation_publication SET superseded_by = $2 WHERE id = $1`, [p.supersedes, p.id]);
    await tx.query(
      `INSERT INTO evaluation_publication (id, period, level, revision, period_from, period_to, scheme_version, note, published_at,
         published_by, hash, inputs_digest, case_count, rows, top_categories, supersedes_id, correction_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, '', $8, 'admin-person', $9, 'digest-1', 40, $10::jsonb, $11::jsonb, $12, $13)`,
      [p.id, p.period, p.level ?? 'district', p.revision ?? 1, from, to, DEFAULT_SCHEME.version, p.at, `hash-of-${p.id}`, JSON.stringify(p.rows),
        JSON.stringify(TOP), p.supersedes ?? null, p.supersedes ? '钟楼区漏录案件' : null],
    );
  });
}

for (const backend of testBackends()) {
  describe(`public rankings on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let service: PublicRankingService;
    const body = <T>(a: { body: Buffer } | null) => JSON.parse(a!.body.toString('utf8')) as T;

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db, { PUBLIC_MIN_COUNT: '5' });
      service = app.get(PublicRankingService);
      await db.query(`INSERT INTO evaluation_scheme (version, definition, created_by) VALUES ($1, $2::jsonb, 'system') ON CONFLICT DO NOTHING`, [
        DEFAULT_SCHEME.version,
        JSON.stringify(DEFAULT_SCHEME.definition),
      ]);
      await db.query(`INSERT INTO evaluation_input (digest, period, case_count, facts) VALUES ('digest-1', '2026-10', 40, '[]')`);
      await publish(db, { id: '2026-09.district.1', period: '2026-09', at: '2026-10-02T01:00:00Z', rows: SEP_1 });
      await publish(db, { id: '2026-10.district.1', period: '2026-10', at: '2026-11-02T01:00:00Z', rows: OCT_1 });
      await publish(db, { id: '2026-09.department.1', period: '2026-09', level: 'department', at: '2026-10-02T02:00:00Z', rows: DEPT_SEP });
      await publish(db, { id: '2026-10.department.1', period: '2026-10', level: 'department', at: '2026-11-02T02:00:00Z', rows: DEPT_OCT });
      await publish(db, { id: '2026-10.district.2', period: '2026-10', revision: 2, at: '2026-11-03T01:00:00Z', rows: OCT_2, supersedes: '2026-10.district.1' });
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('lists publications newest first, current and superseded; periods name the current ones', async () => {
      const list = await service.buildList({});
      expect(list.items.map((i) => [i.id, i.supersededBy, i.supersedes?.id ?? null])).toEqual([
        ['2026-10.district.2', null, '2026-10.district.1'],
        ['2026-10.department.1', null, null],
        ['2026-10.district.1', '2026-10.district.2', null],
        ['2026-09.department.1', null, null],
        ['2026-09.district.1', null, null],
      ]);
      expect(list.items[0]).toMatchObject({ period: '2026-10', level: 'district', schemeVersion: DEFAULT_SCHEME.version, publishedAt: '2026-11-03T01:00:00.000Z', hash: 'hash-of-2026-10.district.2' });
      expect(list.periods).toEqual([
        { period: '2026-10', level: 'district', id: '2026-10.district.2' },
        { period: '2026-10', level: 'department', id: '2026-10.department.1' },
        { period: '2026-09', level: 'district', id: '2026-09.district.1' },
        { period: '2026-09', level: 'department', id: '2026-09.department.1' },
      ]);
      expect((await service.buildList({ level: 'department' })).items.map((i) => i.id)).toEqual(['2026-10.department.1', '2026-09.department.1']);
      expect((await service.buildList({ period: '2026-09' })).items.map((i) => i.id)).toEqual(['2026-09.department.1', '2026-09.district.1']);
      expect(JSON.stringify(list)).not.toContain('admin-person');
    });

    it('gives a publication with suppressed figures, its scheme and what the correction changed (public figures only)', async () => {
      const r = (await service.buildRanking('2026-10.district.2'))!;
      expect(r).toMatchObject({ id: '2026-10.district.2', from: '2026-09-30T16:00:00.000Z', to: '2026-10-31T16:00:00.000Z', minCount: 5 });
      expect(r.scheme).toEqual({ version: DEFAULT_SCHEME.version, definition: DEFAULT_SCHEME.definition });
      const [tianning, zhonglou, jintan] = r.rows;
      expect([tianning.rank, tianning.score, tianning.counts.due, tianning.rates.closureRate]).toEqual([1, 93.5, { value: 12, suppressed: false }, { value: 0.916667, suppressed: false }]);
      expect(tianning.topCategories).toEqual([TOP['320402'][0], { code: 'other', name: { zh: '其他', en: 'Other' }, registered: 0 }]);
      expect(zhonglou.score).toBe(85);
      expect([jintan.score, jintan.grade, jintan.rank, jintan.counts.due, jintan.suppressed]).toEqual([null, null, null, { value: null, suppressed: true }, true]);
      // 金坛区's score moved 70 → 72, but it is suppressed: the public list of changes names 钟楼区 only.
      expect(r.correction).toEqual({
        reason: '钟楼区漏录案件',
        previousId: '2026-10.district.1',
        changes: [{ code: '320404', before: { score: 80, grade: 'B', rank: 2 }, after: { score: 85, grade: 'B', rank: 2 } }],
      });
      expect((await service.buildRanking('2026-10.district.1'))!.supersededBy).toBe('2026-10.district.2');
      expect(await service.buildRanking('2026-11.district.1')).toBeNull();
      expect(JSON.stringify(r)).not.toMatch(/admin-person|digest-1|numerator|denominator/);
    });

    it('shows a change only against a published period where the unit’s score was public', async () => {
      const r = (await service.buildRanking('2026-10.department.1'))!;
      expect(r.rows.map((x) => [x.code, x.change])).toEqual([
        ['D11', { previous: change('2026-09', 88, 1, 2, 0), yearAgo: null }], // October 2025 was never published
        ['D10', { previous: null, yearAgo: null }], // 3 due in September: its score there was suppressed
      ]);
    });

    it('follows PUBLIC_MIN_COUNT', async () => {
      const config = { ...app.get<AppConfig>(APP_CONFIG), PUBLIC_MIN_COUNT: 9 };
      const strict = new PublicRankingService(app.get(PublicRankingRepository), new PublicCache(), config);
      const r = (await strict.buildRanking('2026-10.district.2'))!;
      expect(r.minCount).toBe(9);
      expect(r.rows.map((x) => [x.code, x.rank, x.score, x.counts.due, x.counts.registered])).toEqual([
        ['320402', 1, 93.5, { value: 12, suppressed: false }, { value: 14, suppressed: false }],
        ['320404', null, null, { value: null, suppressed: true }, { value: 9, suppressed: false }],
        ['320413', null, null, { value: null, suppressed: true }, { value: null, suppressed: true }],
      ]);
      // September: 钟楼区 (9 due) is ranked, 天宁区 (7 due) no longer.
      expect((await strict.buildUnitHistory('district', '320402'))!.points.map((p) => [p.rank, p.of])).toEqual([[null, 1], [1, 1]]);
    });

    it('gives a unit’s rank over the current publications, "of" the units ranked in public', async () => {
      const h = (await service.buildUnitHistory('district', '320402'))!;
      expect(h).toEqual({
        level: 'district',
        code: '320402',
        name: { zh: '天宁区', en: '320402 en' },
        points: [
          { period: '2026-09', id: '2026-09.district.1', score: 70, grade: 'C', rank: 2, of: 2 },
          { period: '2026-10', id: '2026-10.district.2', score: 93.5, grade: 'A', rank: 1, of: 2 },
        ],
      });
      const jintan = (await service.buildUnitHistory('district', '320413'))!;
      expect(jintan.points).toEqual([{ period: '2026-10', id: '2026-10.district.2', score: null, grade: null, rank: null, of: 2 }]);
      expect(await service.buildUnitHistory('street', '320402')).toBeNull();
      expect(await service.buildUnitHistory('district', '999999')).toBeNull();
    });

    it('gives region boundaries as simplified GeoJSON with codes and names only', async () => {
      const fc = body<{ type: string; features: { id: string; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[] }>(
        await service.regions('district'),
      );
      expect(fc.type).toBe('FeatureCollection');
      expect(fc.features.map((f) => f.id)).toEqual(['320402', '320404', '320411', '320412', '320413', '320481']);
      expect(Object.keys(fc.features[0].properties).sort()).toEqual(['code', 'level', 'name_en', 'name_zh', 'parent', 'synthetic']);
      expect(fc.features[0].properties).toMatchObject({ code: '320402', name_zh: '天宁区', level: 'district' });
      expect(fc.features[0].geometry.type).toBe('MultiPolygon');
      const [exact] = await db.query<{ n: number; simplified: number }>(
        `SELECT ST_NPoints(geom) AS n, ST_NPoints(ST_SimplifyPreserveTopology(geom, 0.0005)) AS simplified FROM region WHERE code = '320402'`,
      );
      const points = JSON.stringify(fc.features[0].geometry.coordinates).match(/\[-?\d+(\.\d+)?,-?\d+(\.\d+)?\]/g)!.length;
      expect(points).toBe(exact.simplified);
      expect(points).toBeLessThan(exact.n);
      expect(JSON.stringify(fc.features[0].geometry.coordinates)).not.toMatch(/\.\d{6}/); // 5 decimals
      expect(body<{ features: unknown[] }>(await service.regions('community')).features).toEqual([]);
    });

    it('serves a cached answer with no database query; invalidate() reads again', async () => {
      service.invalidate();
      const spy = vi.spyOn(db, 'query');
      try {
        const first = (await service.ranking('2026-10.district.2'))!;
        await service.list({});
        await service.download('2026-10.district.2', 'csv', 'zh');
        await service.unitHistory('district', '320402');
        await service.regions('district');
        const warm = spy.mock.calls.length;
        expect(warm).toBeGreaterThan(0);
        for (let i = 0; i < 100; i++) {
          expect((await service.ranking('2026-10.district.2'))!.etag).toBe(first.etag);
          await service.list({});
          await service.download('2026-10.district.2', 'csv', 'zh');
          await service.unitHistory('district', '320402');
          await service.regions('district');
        }
        expect(spy.mock.calls.length - warm).toBe(0);
        // A download is made from the cached publication: no query of its own.
        const before = spy.mock.calls.length;
        await service.download('2026-10.district.2', 'xlsx', 'en');
        expect(spy.mock.calls.length).toBe(before);
        service.invalidate();
        expect((await service.ranking('2026-10.district.2'))!.etag).toBe(first.etag);
        expect(spy.mock.calls.length).toBeGreaterThan(before);
      } finally {
        spy.mockRestore();
      }
    });

    it('answers the same bytes and ETag on every instance (nothing instance-specific in the body)', async () => {
      const a = (await service.ranking('2026-10.district.2'))!;
      service.invalidate();
      const b = (await service.ranking('2026-10.district.2'))!;
      expect(b.body.equals(a.body)).toBe(true);
      expect(b.etag).toBe(a.etag);
      expect(body<PublicRanking>(a).id).toBe('2026-10.district.2');
      expect(body<PublicRankingList>(await service.list({})).items).toHaveLength(5);
      expect(body<PublicUnitHistory>(await service.unitHistory('district', '320404'))!.points.map((p) => p.rank)).toEqual([1, 2]);
      const x1 = (await service.download('2026-10.district.2', 'xlsx', 'zh'))!;
      service.invalidate();
      const x2 = (await service.download('2026-10.district.2', 'xlsx', 'zh'))!;
      expect(x2.etag).toBe(x1.etag);
      expect(x2.fileName).toBe('ranking-2026-10.district.2-zh.xlsx');
    });
  });
}
