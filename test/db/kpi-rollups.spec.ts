/**
 * GET /api/v1/kpis without a full scan, on each backend: for random windows (aligned to local midnights and months,
 * and not), regions of every level, categories at every level and instants asOf, the KPI answer (source=auto: the
 * trend rollup, raw edges and the log's tail, and the indexed reads of voided, open, overdue and the due cohort;
 * and source=raw) equals the old full-scan SQL, kept here as the reference, in every exact figure: the counts, the
 * rates, the duration counts, the means to 1e-9; p50/p90 exactly from source=raw and within the trend bins' bound
 * from the rollup. With a tail of events after the rollup watermark, and after a catch-up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestException, type INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { kpiQuerySchema, type DurationStats, type KpiSnapshot } from '@gridlens/contracts';
import { parseOr400 } from '../../apps/server/src/controllers/parse';
import type { Database } from '../../apps/server/src/db/database';
import { CatalogueRepository } from '../../apps/server/src/repositories/catalogue.repository';
import { RollupRepository } from '../../apps/server/src/repositories/rollup.repository';
import { CatalogueService } from '../../apps/server/src/services/catalogue.service';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { KpiService } from '../../apps/server/src/services/kpi.service';
import { RollupService } from '../../apps/server/src/services/rollup.service';
import { SeedService } from '../../apps/server/src/services/seed.service';
import { TREND_BIN_RELATIVE_ERROR } from '../../apps/server/src/services/trend-rollup-histogram';
import { CITY_CODE, batches, factoryCategories, generateDataset } from '../support/event-factory';
import { mulberry32 } from '../support/prng';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

const ZONE = 'Asia/Shanghai';
const NOW = Date.parse('2026-11-20T12:00:00+08:00');
const SPAN_DAYS = 75;
const iso = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toISO()!;

const DURATIONS = {
  reportToRegister: { start: 'reported_at', end: 'registered_at' },
  registerToDispatch: { start: 'registered_at', end: 'first_dispatched_at' },
  dispatchToHandled: { start: 'first_dispatched_at', end: 'handled_at' },
  reportToClose: { start: 'reported_at', end: 'closed_at' },
} as const;
type Stage = keyof typeof DURATIONS;

/** The KPI statement as it was before the rollups (every case in scope, one statement): the definition. */
const FULL_SCAN_SQL = `
WITH scoped AS (
  SELECT * FROM cases
  WHERE ($1::text IS NULL OR $1 IN (city_code, district_code, street_code, community_code, grid_code))
    AND ($2::text[] IS NULL OR category_code = ANY($2::text[]))
)
SELECT
  (SELECT last_seq FROM event_counter WHERE id = 1) AS seq,
  count(*) FILTER (WHERE reported_at >= $3 AND reported_at < $4)::int AS reported,
  count(*) FILTER (WHERE registered_at >= $3 AND registered_at < $4)::int AS registered,
  count(*) FILTER (WHERE closed_at >= $3 AND closed_at < $4)::int AS closed,
  count(*) FILTER (WHERE closed_at >= $3 AND closed_at < $4 AND closed_on_time)::int AS closed_on_time,
  count(*) FILTER (WHERE voided_at >= $3 AND voided_at < $4)::int AS voided,
  count(*) FILTER (WHERE status NOT IN ('closed', 'voided'))::int AS open,
  count(*) FILTER (WHERE status NOT IN ('closed', 'voided') AND deadline < $5
                   AND (suspended_since IS NULL OR deadline < suspended_since))::int AS overdue,
  count(*) FILTER (WHERE registered_at >= $3 AND registered_at < $4 AND status <> 'voided'
                   AND (closed_at <= LEAST($4::timestamptz, $5::timestamptz) OR (deadline <= LEAST($4::timestamptz, $5::timestamptz) AND (suspended_since IS NULL OR deadline < suspended_since))))::int AS due,
  count(*) FILTER (WHERE registered_at >= $3 AND registered_at < $4 AND status <> 'voided' AND closed_at <= LEAST($4::timestamptz, $5::timestamptz))::int AS due_closed,
  count(*) FILTER (WHERE registered_at >= $3 AND registered_at < $4 AND status <> 'voided' AND closed_at <= LEAST($4::timestamptz, $5::timestamptz)
                   AND closed_on_time)::int AS due_closed_on_time,
  ${Object.entries(DURATIONS)
    .map(([name, { start, end }]) => {
      const secs = `extract(epoch FROM (${end} - ${start}))`;
      const w = `${end} >= $3 AND ${end} < $4 AND ${start} IS NOT NULL`;
      return `count(*) FILTER (WHERE ${w})::int AS "${name}_n", avg(${secs}) FILTER (WHERE ${w})::float8 AS "${name}_mean",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${secs}) FILTER (WHERE ${w}) AS "${name}_p50",
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ${secs}) FILTER (WHERE ${w}) AS "${name}_p90"`;
    })
    .join(',\n')}
FROM scoped`;

interface Reference {
  seq: number;
  counts: KpiSnapshot['counts'];
  dueClosed: number;
  dueClosedOnTime: number;
  durations: Record<Stage, DurationStats>;
}

type Query = Record<string, string>;

for (const backend of testBackends()) {
  describe(`KPIs from the rollups and indexes on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let queries: { q: Query; asOf: number }[];

    const kpis = (q: Query, asOf: number) => app.get(KpiService).snapshot(parseOr400(kpiQuerySchema, q), new Date(asOf));

    const reference = async (q: Query, asOf: number): Promise<Reference> => {
      const catalogue = app.get(CatalogueService);
      const region = await catalogue.regionFilter(q.region);
      const categories = await catalogue.expandFilter(q.categories?.split(','));
      const [r] = await db.query<Record<string, number | null>>(FULL_SCAN_SQL, [region, categories, new Date(q.from).toISOString(), new Date(q.to).toISOString(), new Date(asOf).toISOString()]);
      const n = (k: string) => Number(r[k]);
      const stats = (s: Stage): DurationStats => {
        const count = n(`${s}_n`);
        return { count, meanSeconds: count ? n(`${s}_mean`) : null, p50Seconds: count ? n(`${s}_p50`) : null, p90Seconds: count ? n(`${s}_p90`) : null };
      };
      return {
        seq: n('seq'),
        counts: { reported: n('reported'), registered: n('registered'), closed: n('closed'), closedOnTime: n('closed_on_time'), voided: n('voided'), open: n('open'), overdue: n('overdue'), due: n('due') },
        dueClosed: n('due_closed'),
        dueClosedOnTime: n('due_closed_on_time'),
        durations: { reportToRegister: stats('reportToRegister'), registerToDispatch: stats('registerToDispatch'), dispatchToHandled: stats('dispatchToHandled'), reportToClose: stats('reportToClose') },
      };
    };

    /** Every exact figure equal; means to 1e-9; p50/p90 exact (raw) or within the bins' bound (rollup). */
    const expectSame = (k: KpiSnapshot, ref: Reference, label: string) => {
      expect(k.seq, label).toBe(ref.seq);
      expect(k.counts, label).toEqual(ref.counts);
      expect([k.rates.closure.numerator, k.rates.closure.denominator], label).toEqual([ref.dueClosed, ref.counts.due]);
      expect([k.rates.onTimeClosure.numerator, k.rates.onTimeClosure.denominator], label).toEqual([ref.dueClosedOnTime, ref.counts.due]);
      const bound = k.source === 'raw' ? 0 : TREND_BIN_RELATIVE_ERROR;
      for (const stage of Object.keys(DURATIONS) as Stage[]) {
        const a = k.durations[stage];
        const b = ref.durations[stage];
        const at = `${label} ${stage} (${k.source})`;
        expect(a.count, at).toBe(b.count);
        if (b.meanSeconds === null) {
          expect(a, at).toEqual(b);
          continue;
        }
        expect(Math.abs(a.meanSeconds! - b.meanSeconds), at).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b.meanSeconds)));
        for (const p of ['p50Seconds', 'p90Seconds'] as const) {
          expect(Math.abs(a[p]! - b[p]!), `${at} ${p}: ${a[p]} vs ${b[p]}`).toBeLessThanOrEqual(bound * b[p]! * (1 + 1e-9) + 1e-9);
        }
      }
    };

    const compare = async (label: string) => {
      const sources = { rollup: 0, mixed: 0, raw: 0 };
      const seen = { voided: 0, overdue: 0, due: 0, open: 0 };
      for (const [i, { q, asOf }] of queries.entries()) {
        const ref = await reference(q, asOf);
        const raw = await kpis({ ...q, source: 'raw' }, asOf);
        expect(raw.source).toBe('raw');
        expectSame(raw, ref, `${label}: query ${i} raw ${JSON.stringify(q)} asOf ${iso(asOf)}`);
        const auto = await kpis(q, asOf);
        expectSame(auto, ref, `${label}: query ${i} auto ${JSON.stringify(q)} asOf ${iso(asOf)}`);
        sources[auto.source!]++;
        for (const k of Object.keys(seen) as (keyof typeof seen)[]) if (ref.counts[k] > 0) seen[k]++;
      }
      // The figures compared are not all zero: every one of them is non-zero in some queries.
      for (const k of Object.keys(seen) as (keyof typeof seen)[]) expect(seen[k], `${label}: queries with ${k} > 0`).toBeGreaterThan(2);
      expect(sources.rollup + sources.mixed, `${label} ${JSON.stringify(sources)}`).toBeGreaterThan(queries.length / 3);
      expect(sources.mixed, label).toBeGreaterThan(0);
      expect(sources.raw, label).toBeGreaterThan(0);
    };

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      await app.get(SeedService).seedSyntheticRegions('changzhou');
      const categories = factoryCategories(await app.get(CatalogueRepository).categories());
      const data = generateDataset({ seed: 47, cases: 1200, categories, now: NOW, spanHours: SPAN_DAYS * 24 });
      const cut = Math.floor(data.events.length * 0.8);
      for (const batch of batches(data.events.slice(0, cut), 2000)) await app.get(IngestService).ingest(batch);
      await app.get(RollupService).rebuild();
      for (const batch of batches(data.events.slice(cut), 2000)) await app.get(IngestService).ingest(batch);

      const random = mulberry32(2468);
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
      queries = Array.from({ length: 36 }, () => {
        let [from, to] = [instant(), instant()];
        if (from > to) [from, to] = [to, from];
        if (from === to) to = local.startOf('day').plus({ days: 1 }).toMillis();
        const q: Query = { from: iso(from), to: iso(to) };
        const regionPick = random();
        if (regionPick >= 0.3) q.region = regionPick < 0.45 ? CITY_CODE : regionPick < 0.85 ? pick(districts) : pick(streets);
        const categoryPick = random();
        if (categoryPick < 0.25) q.categories = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(minors)))].join(',');
        else if (categoryPick < 0.35) q.categories = pick(minors).slice(0, 3); // a major category
        // asOf: now, or an instant in the last days (before or after the window's end).
        const asOf = random() < 0.5 ? NOW : NOW - Math.floor(random() * 10 * 86_400_000);
        return { q, asOf };
      });
      // Where the trend rollup cannot serve the window (a street; under a month with categories), in the last days,
      // where the tail's events are: the raw read's bound must hold the tail's cases too.
      const busyStreets = (
        await db.query<{ code: string }>(
          `SELECT street_code AS code FROM cases WHERE street_code IS NOT NULL GROUP BY street_code ORDER BY count(*) DESC, street_code LIMIT 4`,
        )
      ).map((r) => r.code);
      for (let k = 0; k < 8; k++) {
        const from = local.startOf('day').minus({ days: 1 + Math.floor(random() * 6) }).toMillis() + (k % 2) * 3_600_000 * 5;
        const to = k % 3 === 0 ? NOW : local.startOf('day').plus({ days: 1 }).toMillis();
        const q: Query = { from: iso(from), to: iso(to) };
        if (k < 4) q.region = busyStreets[k % busyStreets.length];
        else q.categories = [...new Set(Array.from({ length: 3 }, () => pick(minors)))].join(',');
        queries.push({ q, asOf: NOW });
      }
    }, 300_000);

    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('equals the full scan with a tail of events after the rollup watermark', async () => {
      const w = await app.get(RollupRepository).watermark();
      expect(w.state!.seq).toBeLessThan(w.lastSeq);
      await compare('tail');
    }, 300_000);

    it('equals the full scan after a catch-up folded the tail in', async () => {
      await app.get(RollupService).catchUp();
      const w = await app.get(RollupRepository).watermark();
      expect(w.state!.seq).toBe(w.lastSeq);
      await compare('caught up');
    }, 300_000);

    it('says where the window came from, and refuses source=rollup where the rollup cannot serve it', async () => {
      const month = { from: '2026-09-01T00:00:00+08:00', to: '2026-11-01T00:00:00+08:00' };
      expect((await kpis({ ...month, source: 'rollup' }, NOW)).source).toBe('rollup');
      expect((await kpis({ ...month, from: '2026-09-01T10:00:00+08:00' }, NOW)).source).toBe('mixed');
      const street = (await db.query<{ code: string }>(`SELECT code FROM region WHERE level = 'street' ORDER BY code LIMIT 1`))[0].code;
      expect((await kpis({ ...month, region: street }, NOW)).source).toBe('raw');
      let message = '';
      try {
        await kpis({ ...month, region: street, source: 'rollup' }, NOW);
      } catch (error) {
        if (!(error instanceof BadRequestException)) throw error;
        message = String((error.getResponse() as { message: string }).message);
      }
      expect(message).toMatch(/^source: .*keyed by district, not by street/);
      expect(() => parseOr400(kpiQuerySchema, { source: 'cache' })).toThrow(/source: expected auto, rollup or raw/);
    });

    it('reads open cases through the partial index, and the due cohort and voided cases through theirs', async () => {
      await db.query(`ANALYZE cases`);
      // One transaction, so the setting holds for the statements explained (a pool may hand out another connection).
      const plans = await db.transaction(async (tx) => {
        await tx.query(`SET LOCAL enable_seqscan = off`);
        const plan = async (sql: string) => (await tx.query<Record<string, string>>(`EXPLAIN ${sql}`)).map((r) => Object.values(r)[0]).join('\n');
        return [
          await plan(`SELECT count(*) FROM cases WHERE status NOT IN ('closed', 'voided') AND district_code = '320402'`),
          await plan(`SELECT count(*) FROM cases WHERE registered_at >= now() - interval '1 day' AND registered_at < now()`),
          await plan(`SELECT count(*) FROM cases WHERE voided_at >= now() - interval '1 day' AND voided_at < now()`),
        ];
      });
      expect(plans[0]).toMatch(/cases_open_idx/);
      expect(plans[1]).toMatch(/cases_registered_at_idx/);
      expect(plans[2]).toMatch(/cases_voided_at_idx/);
    });
  });
}
