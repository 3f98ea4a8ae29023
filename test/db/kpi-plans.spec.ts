/**
 * KPIs without a full scan, on each backend: for random windows (of every length kpiWindowPlan tells apart,
 * aligned to local midnights and not), regions of every level, categories and instants asOf, every read plan of
 * KpiRepository (the window's cases from the reported_at index and the event log by time, or from a scan; open and
 * overdue from open_case plus the cases touched since the rollups' watermark, or from a scan) equals the old
 * full-scan statement, kept here as the reference, in every figure: counts, rates, duration counts, means to 1e-9 and
 * percentiles (all plans compute them on the same cases). With a tail of events after the watermark
 * (suspensions, resumptions, closures, voids among them), after a catch-up, and after a rebuild.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { kpiQuerySchema, type DurationStats, type KpiSnapshot } from '@gridlens/contracts';
import { parseOr400 } from '../../apps/server/src/controllers/parse';
import type { Database } from '../../apps/server/src/db/database';
import { CatalogueRepository } from '../../apps/server/src/repositories/catalogue.repository';
import { AlertRepository } from '../../apps/server/src/repositories/alert.repository';
import { KpiRepository } from '../../apps/server/src/repositories/kpi.repository';
import { kpiSql, type KpiPlan } from '../../apps/server/src/repositories/kpi-sql';
import { RollupRepository } from '../../apps/server/src/repositories/rollup.repository';
import { CatalogueService } from '../../apps/server/src/services/catalogue.service';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { KpiService } from '../../apps/server/src/services/kpi.service';
import { kpiWindowPlan } from '../../apps/server/src/services/kpi-window-plan';
import { RollupService } from '../../apps/server/src/services/rollup.service';
import { SeedService } from '../../apps/server/src/services/seed.service';
import { CITY_CODE, batches, factoryCategories, generateDataset } from '../support/event-factory';
import { mulberry32 } from '../support/prng';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

const ZONE = 'Asia/Shanghai';
const NOW = Date.parse('2026-11-20T12:00:00+08:00');
const SPAN_DAYS = 120;
const iso = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toISO()!;
const PLANS: KpiPlan[] = [
  { window: 'reports', open: 'rollup' },
  { window: 'scan', open: 'rollup' },
  { window: 'reports', open: 'scan' },
];

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
  describe(`KPIs read without a full scan on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let queries: { q: Query; asOf: number }[];

    const filterOf = async (q: Query, asOf: number) => {
      const catalogue = app.get(CatalogueService);
      return {
        region: await catalogue.regionFilter(q.region),
        categories: await catalogue.expandFilter(q.categories?.split(',')),
        from: new Date(q.from),
        to: new Date(q.to),
        asOf: new Date(asOf),
      };
    };

    const reference = async (q: Query, asOf: number): Promise<Reference> => {
      const f = await filterOf(q, asOf);
      const [r] = await db.query<Record<string, number | null>>(FULL_SCAN_SQL, [f.region, f.categories, f.from.toISOString(), f.to.toISOString(), f.asOf.toISOString()]);
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

    const close = (a: number | null, b: number | null) => a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));

    const expectSame = (f: Awaited<ReturnType<KpiRepository['figures']>>, ref: Reference, label: string) => {
      expect(f.seq, label).toBe(ref.seq);
      expect({ reported: f.reported, registered: f.registered, closed: f.closed, closedOnTime: f.closedOnTime, voided: f.voided, open: f.open, overdue: f.overdue, due: f.due }, label).toEqual(ref.counts);
      expect([f.dueClosed, f.dueClosedOnTime], label).toEqual([ref.dueClosed, ref.dueClosedOnTime]);
      for (const stage of Object.keys(DURATIONS) as Stage[]) {
        const [a, b] = [f[stage], ref.durations[stage]];
        expect(a.count, `${label} ${stage}`).toBe(b.count);
        for (const k of ['meanSeconds', 'p50Seconds', 'p90Seconds'] as const) expect(close(a[k], b[k]), `${label} ${stage} ${k}: ${a[k]} vs ${b[k]}`).toBe(true);
      }
    };

    const compare = async (label: string) => {
      const seen = { voided: 0, overdue: 0, due: 0, open: 0, reported: 0 };
      for (const [i, { q, asOf }] of queries.entries()) {
        const ref = await reference(q, asOf);
        const f = await filterOf(q, asOf);
        for (const plan of PLANS) expectSame(await app.get(KpiRepository).figures(f, plan), ref, `${label}: query ${i} ${JSON.stringify(plan)} ${JSON.stringify(q)} asOf ${iso(asOf)}`);
        // The service's own choice, through the endpoint's parser, is one of them.
        const snapshot: KpiSnapshot = await app.get(KpiService).snapshot(parseOr400(kpiQuerySchema, q), new Date(asOf));
        expect(snapshot.counts, `${label}: query ${i} service`).toEqual(ref.counts);
        for (const k of Object.keys(seen) as (keyof typeof seen)[]) if (ref.counts[k] > 0) seen[k]++;
      }
      // The figures compared are not all zero: each of them is non-zero in several queries.
      for (const k of Object.keys(seen) as (keyof typeof seen)[]) expect(seen[k], `${label}: queries with ${k} > 0`).toBeGreaterThan(2);
      await compareOverdue(label);
    };

    /** The overdue-rising alert's reads (per district and the city; the newly overdue cases) equal a scan's, by both plans. */
    const compareOverdue = async (label: string) => {
      const alerts = app.get(AlertRepository);
      const instants = [...new Set(queries.map((q) => q.asOf))].slice(0, 6);
      let [overdueSeen, newlySeen] = [0, 0];
      for (const asOf of instants) {
        const rows = await db.query<{ district_code: string | null; n: number }>(
          `SELECT district_code, count(*)::int AS n FROM cases
           WHERE status NOT IN ('closed', 'voided') AND deadline < $1 AND (suspended_since IS NULL OR deadline < suspended_since)
           GROUP BY district_code`,
          [new Date(asOf).toISOString()],
        );
        const ref = new Map<string, number>([['', rows.reduce((sum, r) => sum + Number(r.n), 0)]]);
        for (const { code } of await db.query<{ code: string }>(`SELECT code FROM region WHERE level = 'district'`)) ref.set(code, 0);
        for (const r of rows) if (r.district_code !== null) ref.set(r.district_code, Number(r.n));
        if (ref.get('')! > 0) overdueSeen++;
        for (const open of ['rollup', 'scan'] as const) {
          expect(await alerts.overdueCounts(new Date(asOf), open), `${label}: overdue counts ${open} asOf ${iso(asOf)}`).toEqual(ref);
          for (const district of [null, ...[...ref.keys()].filter(Boolean).slice(0, 2)]) {
            const since = new Date(asOf - 20 * 86_400_000);
            const [got, want] = [await alerts.newlyOverdue(district, since, new Date(asOf), 5, open), await alerts.newlyOverdue(district, since, new Date(asOf), 5, 'scan')];
            expect(got, `${label}: newly overdue ${open} ${district} asOf ${iso(asOf)}`).toEqual(want);
            if (got.count > 0) newlySeen++;
          }
        }
      }
      expect(overdueSeen, `${label}: instants with overdue cases`).toBeGreaterThan(1);
      expect(newlySeen, `${label}: newly overdue reads with cases`).toBeGreaterThan(1);
    };

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      await app.get(SeedService).seedSyntheticRegions('changzhou');
      const categories = factoryCategories(await app.get(CatalogueRepository).categories());
      const data = generateDataset({ seed: 53, cases: 1200, categories, now: NOW, spanHours: SPAN_DAYS * 24 });
      const cut = Math.floor(data.events.length * 0.8);
      for (const batch of batches(data.events.slice(0, cut), 2000)) await app.get(IngestService).ingest(batch);
      await app.get(RollupService).rebuild();
      for (const batch of batches(data.events.slice(cut), 2000)) await app.get(IngestService).ingest(batch);

      const random = mulberry32(8642);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
      const level = async (l: string) => (await db.query<{ code: string }>(`SELECT code FROM region WHERE level = $1 ORDER BY code LIMIT 40`, [l])).map((r) => r.code);
      const [districts, streets, communities] = [await level('district'), await level('street'), await level('community')];
      const minors = [...new Set(data.cases.map((c) => c.category))];
      const local = DateTime.fromMillis(NOW, { zone: ZONE });
      const instant = () => {
        const r = random();
        if (r < 0.25) return local.startOf('month').minus({ months: Math.floor(random() * 4) }).toMillis();
        if (r < 0.7) return local.startOf('day').minus({ days: Math.floor(random() * (SPAN_DAYS + 5)) }).toMillis();
        return NOW - Math.floor(random() * SPAN_DAYS * 86_400_000);
      };
      queries = Array.from({ length: 30 }, () => {
        let [from, to] = [instant(), instant()];
        if (from > to) [from, to] = [to, from];
        if (from === to) to = local.startOf('day').plus({ days: 1 }).toMillis();
        const q: Query = { from: iso(from), to: iso(to) };
        const regionPick = random();
        if (regionPick >= 0.3) q.region = regionPick < 0.4 ? CITY_CODE : regionPick < 0.7 ? pick(districts) : regionPick < 0.85 ? pick(streets) : pick(communities);
        const categoryPick = random();
        if (categoryPick < 0.25) q.categories = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(minors)))].join(',');
        else if (categoryPick < 0.35) q.categories = pick(minors).slice(0, 3); // a major category
        const asOf = random() < 0.5 ? NOW : NOW - Math.floor(random() * 10 * 86_400_000);
        return { q, asOf };
      });
      // Today and the last days, where the tail's events are (the live frames' windows).
      for (let k = 0; k < 8; k++) {
        const from = local.startOf('day').minus({ days: k % 4 }).toMillis();
        const q: Query = { from: iso(from), to: iso(local.startOf('day').plus({ days: 1 }).toMillis()) };
        if (k % 2) q.region = pick(districts);
        queries.push({ q, asOf: NOW });
      }
      // The service takes every window plan among these queries (each plan is also compared on every query).
      const taken = (w: string) => queries.filter(({ q }) => kpiWindowPlan(Date.parse(q.to) - Date.parse(q.from), SPAN_DAYS * 86_400_000) === w).length;
      expect(taken('reports'), 'windows the reports plan takes').toBeGreaterThan(8);
      expect(taken('scan'), 'windows the scan takes').toBeGreaterThan(8);
    }, 300_000);

    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('equals the full scan with a tail of events after the rollup watermark', async () => {
      const w = await app.get(RollupRepository).watermark();
      expect(w.state!.seq).toBeLessThan(w.lastSeq);
      expect((await app.get(KpiService).plan(new Date(NOW - 86_400_000), new Date(NOW))).open, 'rollups current: open cases from open_case').toBe('rollup');
      await compare('tail');
    }, 300_000);

    it('equals the full scan after a catch-up folded the tail in, and open_case holds exactly the open cases', async () => {
      await app.get(RollupService).catchUp();
      const w = await app.get(RollupRepository).watermark();
      expect(w.state!.seq).toBe(w.lastSeq);
      const diff = await db.query(
        `(SELECT case_id, deadline, suspended_since FROM open_case EXCEPT SELECT case_id, deadline, suspended_since FROM cases WHERE status NOT IN ('closed', 'voided'))
         UNION ALL
         (SELECT case_id, deadline, suspended_since FROM cases WHERE status NOT IN ('closed', 'voided') EXCEPT SELECT case_id, deadline, suspended_since FROM open_case)`,
      );
      expect(diff).toEqual([]);
      await compare('caught up');
    }, 300_000);

    it('equals the full scan after a rebuild, with new events after it', async () => {
      // Open cases move on after the rebuild: suspended (their overdue figure changes) or voided (no longer open).
      await app.get(RollupService).rebuild();
      const open = await db.query<{ case_id: string; status: string }>(
        `SELECT case_id, status FROM cases WHERE status IN ('registered', 'dispatched', 'returned', 'handled', 'checked') ORDER BY case_id LIMIT 30`,
      );
      expect(open.length).toBeGreaterThan(5);
      const at = new Date(NOW - 3_600_000).toISOString();
      const events = open.map((c, i) => ({ eventId: `kpi-after-rebuild-${i}`, caseId: c.case_id, type: i % 2 ? 'voided' : 'suspended', at }));
      const result = await app.get(IngestService).ingest(events);
      expect(result.rejected).toEqual([]);
      await compare('rebuilt, then events');
    }, 300_000);

    it('reads the window by the reported_at index and the log by time, and the open cases from open_case, never a scan of cases', async () => {
      await app.get(RollupService).catchUp();
      await db.query(`ANALYZE cases`);
      await db.query(`ANALYZE case_event`);
      for (const days of [1, 30]) {
        // One transaction, so the setting holds for the statement explained (a pool may hand out another connection).
        const plan = await db.transaction(async (tx) => {
          await tx.query(`SET LOCAL enable_seqscan = off`);
          const from = new Date(NOW - days * 86_400_000).toISOString();
          const rows = await tx.query<Record<string, string>>(`EXPLAIN ${kpiSql({ window: 'reports', open: 'rollup' })}`, [null, null, from, new Date(NOW).toISOString(), new Date(NOW).toISOString()]);
          return rows.map((r) => Object.values(r)[0]).join('\n');
        });
        expect(plan, `${days} days`).toMatch(/cases_reported_at_idx/);
        expect(plan, `${days} days`).toMatch(/case_event_at_brin/);
        expect(plan, `${days} days`).toMatch(/cases_pkey/);
        expect(plan, `${days} days`).toMatch(/on open_case/);
        expect(plan, `${days} days`).not.toMatch(/Seq Scan on cases/);
      }
    });
  });
}
