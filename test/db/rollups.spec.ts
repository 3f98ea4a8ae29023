/**
 * Rollups on each backend: for random queries (cells of every scheme, windows aligned and not, categories, statuses,
 * regions of every level), counts read through the rollups (plus raw window edges and the log's tail) must equal
 * counts aggregated from the raw cases: with a tail not yet folded in, after a catch-up, and after a rebuild.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { CASE_STATUSES, gridQuerySchema, regionCountsQuerySchema, type CaseStatus, type H3GridResponse } from '@gridlens/contracts';
import type { Database } from '../../apps/server/src/db/database';
import { CatalogueRepository } from '../../apps/server/src/repositories/catalogue.repository';
import { RollupRepository } from '../../apps/server/src/repositories/rollup.repository';
import { CellCountService, type CellCountQuery, type CellScheme } from '../../apps/server/src/services/cell-count.service';
import { planCounts } from '../../apps/server/src/services/rollup-complement';
import { GridService } from '../../apps/server/src/services/grid.service';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { MapService } from '../../apps/server/src/services/map.service';
import { RollupService } from '../../apps/server/src/services/rollup.service';
import { SeedService } from '../../apps/server/src/services/seed.service';
import { CITY_CODE, batches, factoryCategories, generateDataset } from '../support/event-factory';
import { mulberry32 } from '../support/prng';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

const ZONE = 'Asia/Shanghai';
const NOW = Date.parse('2026-11-20T12:00:00+08:00');
const SPAN_DAYS = 75;

type Counts = [string, number][];
const sorted = (m: Map<string, number>): Counts => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

for (const backend of testBackends()) {
  describe(`rollups on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let queries: Omit<CellCountQuery, 'source'>[];
    let complementQueries: Omit<CellCountQuery, 'source'>[];

    const compare = async (label: string) => {
      const counts = app.get(CellCountService);
      let fromRollups = 0;
      let statusFromRollups = 0;
      for (const [i, q] of queries.entries()) {
        const raw = await counts.count({ ...q, source: 'raw' });
        const auto = await counts.count({ ...q, source: 'auto' });
        expect(raw.source).toBe('raw');
        expect(sorted(auto.cells), `${label}: query ${i} ${JSON.stringify(q)}`).toEqual(sorted(raw.cells));
        expect(auto.seq).toBe(raw.seq);
        if (auto.source !== 'raw') fromRollups++;
        if (auto.source !== 'raw' && q.filter.statuses) statusFromRollups++;
      }
      // The comparison means something only when many answers did come from the rollups.
      expect(fromRollups, label).toBeGreaterThan(queries.length / 3);
      expect(statusFromRollups, label).toBeGreaterThan(0);
    };

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      await app.get(SeedService).seedSyntheticRegions('changzhou');
      const categories = factoryCategories(await app.get(CatalogueRepository).categories());
      const data = generateDataset({ seed: 41, cases: 1200, categories, now: NOW, spanHours: SPAN_DAYS * 24 });
      // Most of the history goes in before the rollups are built; the rest (new cases and later steps of old
      // ones) stays in the log's tail until a catch-up.
      const cut = Math.floor(data.events.length * 0.8);
      for (const batch of batches(data.events.slice(0, cut), 2000)) await app.get(IngestService).ingest(batch);
      await app.get(RollupService).rebuild();
      for (const batch of batches(data.events.slice(cut), 2000)) await app.get(IngestService).ingest(batch);

      const random = mulberry32(1234);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
      const streets = (await db.query<{ code: string }>(`SELECT code FROM region WHERE level = 'street' ORDER BY code LIMIT 40`)).map((r) => r.code);
      const districts = (await db.query<{ code: string }>(`SELECT code FROM region WHERE level = 'district' ORDER BY code`)).map((r) => r.code);
      const srid = await app.get(RollupService).citySrid();
      const minors = [...new Set(data.cases.map((c) => c.category))];
      const schemes: CellScheme[] = [
        ...[6, 7, 8, 9, 10].map((resolution) => ({ kind: 'h3' as const, resolution })),
        ...[100, 200, 300, 500, 1000, 1500].map((size) => ({ kind: 'square' as const, size, srid })),
        ...(['district', 'street', 'community', 'grid'] as const).map((level) => ({ kind: 'region' as const, level })),
      ];
      const midnight = (daysAgo: number) => DateTime.fromMillis(NOW, { zone: ZONE }).startOf('day').minus({ days: daysAgo }).toMillis();
      const instant = () => {
        const r = random();
        if (r < 0.15) return null;
        if (r < 0.7) return midnight(Math.floor(random() * (SPAN_DAYS + 5)));
        return NOW - Math.floor(random() * SPAN_DAYS * 86_400_000);
      };
      const random48 = Array.from({ length: 48 }, (_, i) => {
        let [from, to] = [instant(), instant()];
        if (from !== null && to !== null && from > to) [from, to] = [to, from];
        if (from !== null && from === to) to = null;
        const regionPick = random();
        const [region, regionLevel] =
          regionPick < 0.45 ? [null, null] : regionPick < 0.6 ? [CITY_CODE, 'city' as const] : regionPick < 0.9 ? [pick(districts), 'district' as const] : [pick(streets), 'street' as const];
        return {
          scheme: schemes[i % schemes.length],
          filter: {
            from,
            to,
            categories: random() < 0.5 ? null : Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(minors)),
            statuses: random() < 0.75 ? null : CASE_STATUSES.filter(() => random() < 0.4) as CaseStatus[],
            region,
            bbox: null,
          },
          regionLevel,
        };
      });
      // Windows over most of the history, read by their complement (rollup-complement.ts): everything less what was
      // reported from `to` on (today), and also less what was reported before `from`.
      const whole = { from: midnight(SPAN_DAYS), to: midnight(0) };
      const late = { from: midnight(SPAN_DAYS - 5), to: null };
      const some = Array.from({ length: 3 }, () => pick(minors));
      const filter = { categories: null, statuses: null, region: null, bbox: null };
      complementQueries = [
        { scheme: schemes[4], filter: { ...filter, ...whole }, regionLevel: null },
        { scheme: schemes[4], filter: { ...filter, ...late }, regionLevel: null },
        { scheme: schemes[2], filter: { ...filter, ...whole, categories: some }, regionLevel: null },
        { scheme: schemes[2], filter: { ...filter, ...late, categories: some, region: districts[0] }, regionLevel: 'district' },
        { scheme: { kind: 'region', level: 'community' }, filter: { ...filter, ...whole, statuses: ['closed', 'dispatched'] }, regionLevel: null },
      ];
      queries = [...random48, ...complementQueries];
    }, 300_000);

    it('reads windows over most of the history by their complement', async () => {
      const bounds = await app.get(RollupRepository).reportRange(db);
      const coarse = { day: false, week: false, month: true, year: true };
      for (const q of complementQueries.slice(0, 2)) {
        const pieces = planCounts(q.filter.from, q.filter.to, coarse, app.get(RollupService).local, bounds);
        expect(pieces.some((p) => p.sign < 0)).toBe(true);
      }
    });

    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('answers like the raw cases with a tail of events not yet folded in', async () => {
      const w = await app.get(RollupRepository).watermark();
      expect(w.state!.seq).toBeLessThan(w.lastSeq);
      await compare('tail');
    });

    it('answers like the raw cases per day step (emerging hot spots)', async () => {
      const counts = app.get(CellCountService);
      const edges = Array.from({ length: 15 }, (_, i) => DateTime.fromMillis(NOW, { zone: ZONE }).startOf('day').minus({ days: 30 - i }).toMillis());
      for (const resolution of [7, 8, 9]) {
        const q = { scheme: { kind: 'h3' as const, resolution }, filter: { from: edges[0], to: edges.at(-1)!, categories: null, statuses: null, region: null, bbox: null }, regionLevel: null };
        const raw = await counts.countSteps({ ...q, source: 'raw' }, edges);
        const rolled = await counts.countSteps({ ...q, source: 'rollup' }, edges);
        expect(rolled.source).toBe('rollup');
        expect([...rolled.cells].map(([c, s]) => [c, [...s]]).sort()).toEqual([...raw.cells].map(([c, s]) => [c, [...s]]).sort());
      }
    });

    it('answers like the raw cases after a catch-up folded the tail in', async () => {
      await app.get(RollupService).catchUp();
      const w = await app.get(RollupRepository).watermark();
      expect(w.state!.seq).toBe(w.lastSeq);
      await compare('caught up');
    });

    it('answers like the raw cases after a rebuild, which writes the same rows a catch-up left', async () => {
      const rows = () => db.query(`SELECT * FROM case_rollup ORDER BY scheme, grain, category, bucket, city, district, cell`);
      const before = await rows();
      await app.get(RollupService).rebuild();
      expect(await rows()).toEqual(before);
      await compare('rebuilt');
    });

    it('serves the grid endpoint from the rollups over whole days, and refuses source=rollup where they cannot', async () => {
      const grid = app.get(GridService);
      const window = { from: new Date(NOW - 40 * 86_400_000).toISOString().slice(0, 10) + 'T00:00:00+08:00', to: '2026-11-20T00:00:00+08:00' };
      const rolled = (await grid.cells(gridQuerySchema.parse({ cell: 'h3', resolution: '8', ...window, source: 'rollup' }))) as H3GridResponse;
      const raw = await grid.cells(gridQuerySchema.parse({ cell: 'h3', resolution: '8', ...window, source: 'raw' }));
      expect(rolled.source).toBe('rollup');
      expect(rolled.total).toBeGreaterThan(0);
      expect(rolled.cells).toEqual(raw.cells);
      // Region levels as grid cells: the same counts as GET /api/v1/regions/counts, each with a point inside its region.
      const streets = await grid.cells(gridQuerySchema.parse({ cell: 'street', ...window, source: 'rollup' }));
      const counts = await app.get(MapService).regionCounts(regionCountsQuerySchema.parse({ level: 'street', ...window, source: 'raw' }));
      expect(streets.cells.map((c) => [c.id, c.count])).toEqual(counts.counts.map((c) => [c.code, c.count]));
      expect(streets.cells.every((c) => Number.isFinite(c.lon) && Number.isFinite(c.lat))).toBe(true);
      await expect(grid.cells(gridQuerySchema.parse({ cell: 'square', size: '250', source: 'rollup' }))).rejects.toThrow(/multiple of 100 m/);
      await expect(grid.cells(gridQuerySchema.parse({ cell: 'h3', bbox: '119.9,31.7,120,31.8', source: 'rollup' }))).rejects.toThrow(/bbox/);
    });
  });
}
