/**
 * The trend rollup on each backend: for random windows (aligned to local midnights and months, and not), steps,
 * regions and categories, GET /api/v1/trends read through the rollup (rows, raw window edges, the log's tail) equals
 * the raw answer in every count, on-time figure, duration count and mean (to 1e-9 relative), with p50/p90 within the
 * bins' stated bound: with a tail not yet folded in, after a catch-up, and after a rebuild, which writes the rows
 * the catch-up left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestException, type INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { TREND_STAGES, trendQuerySchema, type DurationStats, type TrendFigures, type TrendResponse } from '@gridlens/contracts';
import { parseOr400 } from '../../apps/server/src/controllers/parse';
import type { Database } from '../../apps/server/src/db/database';
import { CatalogueRepository } from '../../apps/server/src/repositories/catalogue.repository';
import { RollupRepository } from '../../apps/server/src/repositories/rollup.repository';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { RollupService } from '../../apps/server/src/services/rollup.service';
import { SeedService } from '../../apps/server/src/services/seed.service';
import { TREND_BIN_RELATIVE_ERROR } from '../../apps/server/src/services/trend-rollup-histogram';
import { TrendService } from '../../apps/server/src/services/trend.service';
import { trendWindows } from '../../apps/server/src/services/wall-instants';
import { WallTrendService } from '../../apps/server/src/services/wall-trend.service';
import { CITY_CODE, batches, factoryCategories, generateDataset } from '../support/event-factory';
import { mulberry32 } from '../support/prng';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

const ZONE = 'Asia/Shanghai';
const NOW = Date.parse('2026-11-20T12:00:00+08:00');
const SPAN_DAYS = 75;
const iso = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toISO()!;

type Query = Record<string, string>;

/** Equal counts, on-time figures, duration counts; means to 1e-9; percentiles within the bins' bound. */
function expectSameFigures(rolled: TrendFigures, raw: TrendFigures, label: string): void {
  expect(rolled.counts, label).toEqual(raw.counts);
  expect(rolled.onTime, label).toEqual(raw.onTime);
  for (const stage of TREND_STAGES) {
    for (const clock of ['clock', 'working'] as const) {
      const a: DurationStats = rolled.stages[stage][clock];
      const b: DurationStats = raw.stages[stage][clock];
      const at = `${label} ${stage} ${clock}`;
      expect(a.count, at).toBe(b.count);
      if (b.meanSeconds === null) {
        expect(a, at).toEqual(b);
        continue;
      }
      expect(Math.abs(a.meanSeconds! - b.meanSeconds), at).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b.meanSeconds)));
      for (const p of ['p50Seconds', 'p90Seconds'] as const) {
        expect(Math.abs(a[p]! - b[p]!), `${at} ${p}: ${a[p]} vs ${b[p]}`).toBeLessThanOrEqual(TREND_BIN_RELATIVE_ERROR * b[p]! * (1 + 1e-9) + 1e-9);
      }
    }
  }
}

function expectSameTrend(rolled: TrendResponse, raw: TrendResponse, label: string): void {
  expect(rolled.seq, label).toBe(raw.seq);
  expect(rolled.scope, label).toEqual(raw.scope);
  expect(rolled.method, label).toBe(raw.method);
  const periods: [TrendResponse['period'], TrendResponse['period']][] = [[rolled.period, raw.period]];
  if (raw.compare) periods.push([rolled.compare!, raw.compare]);
  for (const [i, [a, b]] of periods.entries()) {
    expect(a.steps.map((s) => [s.start, s.end]), label).toEqual(b.steps.map((s) => [s.start, s.end]));
    a.steps.forEach((s, k) => expectSameFigures(s, b.steps[k], `${label} period ${i} step ${k}`));
    expectSameFigures(a.total, b.total, `${label} period ${i} total`);
  }
  if (raw.compare) {
    for (const stage of TREND_STAGES) {
      for (const clock of ['clock', 'working'] as const) {
        const a = rolled.compare!.changes[stage][clock];
        const b = raw.compare.changes[stage][clock];
        for (const m of ['median', 'compareMedian'] as const) {
          if (b[m] === null) expect(a[m]).toBeNull();
          else expect(Math.abs(a[m]! - b[m]), `${label} ${stage} ${clock} ${m}`).toBeLessThanOrEqual(TREND_BIN_RELATIVE_ERROR * b[m] * (1 + 1e-9) + 1e-9);
        }
      }
    }
  }
}

for (const backend of testBackends()) {
  describe(`trend rollup on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let queries: Query[];

    const trend = (q: Query) => app.get(TrendService).trend(parseOr400(trendQuerySchema, q));

    const compare = async (label: string) => {
      let fromRollups = 0;
      let mixed = 0;
      for (const [i, q] of queries.entries()) {
        const raw = await trend({ ...q, source: 'raw' });
        const auto = await trend({ ...q, source: 'auto' });
        expect(raw.source).toBe('raw');
        expectSameTrend(auto, raw, `${label}: query ${i} ${JSON.stringify(q)}`);
        if (auto.source !== 'raw') fromRollups++;
        if (auto.source === 'mixed') mixed++;
      }
      // The comparison means something only when many answers did come from the rollup, some with raw edges.
      expect(fromRollups, label).toBeGreaterThan(queries.length / 3);
      expect(mixed, label).toBeGreaterThan(0);
    };

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      await app.get(SeedService).seedSyntheticRegions('changzhou');
      const categories = factoryCategories(await app.get(CatalogueRepository).categories());
      const data = generateDataset({ seed: 43, cases: 1200, categories, now: NOW, spanHours: SPAN_DAYS * 24 });
      // Most of the history goes in before the rollups are built; the rest (new cases and later stages of old
      // ones) stays in the log's tail until a catch-up.
      const cut = Math.floor(data.events.length * 0.8);
      for (const batch of batches(data.events.slice(0, cut), 2000)) await app.get(IngestService).ingest(batch);
      await app.get(RollupService).rebuild();
      for (const batch of batches(data.events.slice(cut), 2000)) await app.get(IngestService).ingest(batch);

      const random = mulberry32(4321);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
      const streets = (await db.query<{ code: string }>(`SELECT code FROM region WHERE level = 'street' ORDER BY code LIMIT 40`)).map((r) => r.code);
      const districts = (await db.query<{ code: string }>(`SELECT code FROM region WHERE level = 'district' ORDER BY code`)).map((r) => r.code);
      const minors = [...new Set(data.cases.map((c) => c.category))];
      const local = DateTime.fromMillis(NOW, { zone: ZONE });
      const instant = () => {
        const r = random();
        if (r < 0.25) return local.startOf('month').minus({ months: Math.floor(random() * 3) }).toMillis();
        if (r < 0.7) return local.startOf('day').minus({ days: Math.floor(random() * (SPAN_DAYS + 5)) }).toMillis();
        return NOW - Math.floor(random() * SPAN_DAYS * 86_400_000);
      };
      const window = () => {
        let [from, to] = [instant(), instant()];
        if (from > to) [from, to] = [to, from];
        if (from === to) to = NOW + 86_400_000;
        return [from, to];
      };
      queries = Array.from({ length: 40 }, (_, i) => {
        const [from, to] = window();
        const q: Query = { from: iso(from), to: iso(to), step: (['day', 'week', 'month', 'month', 'day'] as const)[i % 5] };
        const regionPick = random();
        if (regionPick >= 0.4) q.region = regionPick < 0.55 ? CITY_CODE : regionPick < 0.9 ? pick(districts) : pick(streets);
        if (random() < 0.35) q.categories = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(minors)))].join(',');
        if (random() < 0.3) {
          const [a, b] = window();
          q.compare = `${iso(a)},${iso(b)}`;
        }
        return q;
      });
    }, 300_000);

    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('answers like the raw cases with a tail of events not yet folded in', async () => {
      const w = await app.get(RollupRepository).watermark();
      expect(w.state!.seq).toBeLessThan(w.lastSeq);
      await compare('tail');
    });

    it('answers like the raw cases after a catch-up folded the tail in', async () => {
      await app.get(RollupService).catchUp();
      const w = await app.get(RollupRepository).watermark();
      expect(w.state!.seq).toBe(w.lastSeq);
      await compare('caught up');
    });

    it('a rebuild writes the rows the catch-up left (sums to 1e-12), and answers like the raw cases', async () => {
      const rows = async () =>
        (await db.query<{ key: string; counts: number[]; sums: number[]; bins: string; first: string | null }>(
          `SELECT concat_ws('|', grain, bucket::text, category, city, district) AS key, counts, sums, bins, first_report::text AS first
           FROM trend_rollup ORDER BY grain, category, bucket, city, district`,
        )).map((r) => ({ ...r, counts: r.counts.map(Number), sums: r.sums.map(Number) }));
      const folded = await rows();
      expect(folded.length).toBeGreaterThan(100);
      await app.get(RollupService).rebuild();
      const rebuilt = await rows();
      expect(rebuilt.map(({ sums: _s, ...r }) => r)).toEqual(folded.map(({ sums: _s, ...r }) => r));
      rebuilt.forEach((r, i) => r.sums.forEach((s, j) => expect(Math.abs(s - folded[i].sums[j])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(s)))));
      await compare('rebuilt');
    });

    it("the wall's past days come from the rollup: its figures as GET /api/v1/trends answers them, reported and closed as raw", async () => {
      const dayStart = DateTime.fromMillis(NOW, { zone: ZONE }).startOf('day').toMillis();
      const w = trendWindows(NOW, ZONE);
      for (const district of [null, '320402']) {
        const wall = await db.transaction((tx) => app.get(WallTrendService).trend(tx, district, w, dayStart, NOW));
        const days = wall.daily.filter((p) => Date.parse(p.end) <= dayStart);
        expect(days.length).toBe(29);
        const q = { from: days[0].start, to: days[days.length - 1].end, step: 'day', ...(district ? { region: district } : {}) };
        const rolled = await trend({ ...q, source: 'rollup' });
        const raw = await trend({ ...q, source: 'raw' });
        expect(rolled.source).toBe('rollup');
        expect(days.map((p) => [p.start, p.reported, p.closed, p.onTime, p.reportToCloseP50])).toEqual(
          rolled.period.steps.map((s) => [s.start, s.counts.reported, s.counts.closed, s.onTime, { clockSeconds: s.stages.reportToClose.clock.p50Seconds, workingSeconds: s.stages.reportToClose.working.p50Seconds }]),
        );
        expect(days.map((p) => [p.reported, p.closed, p.onTime])).toEqual(raw.period.steps.map((s) => [s.counts.reported, s.counts.closed, s.onTime]));
        expect(days.some((p) => p.reported > 0)).toBe(true);
      }
    });

    it('says where an answer came from, and refuses source=rollup where the rollup cannot serve it', async () => {
      const month = { from: '2026-09-01T00:00:00+08:00', to: '2026-11-01T00:00:00+08:00', step: 'month' };
      expect((await trend({ ...month, source: 'rollup' })).source).toBe('rollup');
      expect((await trend({ ...month, from: '2026-09-01T10:00:00+08:00' })).source).toBe('mixed');
      expect((await trend({ ...month, step: 'hour', from: '2026-10-31T00:00:00+08:00' })).source).toBe('raw');
      const refused = async (q: Query) => {
        try {
          await trend({ ...month, ...q, source: 'rollup' });
        } catch (error) {
          if (error instanceof BadRequestException) return String((error.getResponse() as { message: string }).message);
          throw error;
        }
        throw new Error('expected a 400');
      };
      const streets = await db.query<{ code: string }>(`SELECT code FROM region WHERE level = 'street' ORDER BY code LIMIT 1`);
      expect(await refused({ region: streets[0].code })).toMatch(/^source: .*keyed by district, not by street/);
      expect(await refused({ step: 'hour', from: '2026-10-31T00:00:00+08:00' })).toMatch(/^source: .*hour steps/);
      expect(await refused({ step: 'day', categories: 'E0505' })).toMatch(/^source: .*by month only/);
    });
  });
}
