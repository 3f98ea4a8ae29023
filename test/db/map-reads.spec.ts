/**
 * The map's reads (GET /api/v1/cases, /regions/counts, /areas/summary) through MapService on both databases,
 * against what this test generated and sent: a data set from the event factory, ingested in order, so an
 * event's seq is its index + 1 and the state "as of seq s" is known without asking the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { BadRequestException } from '@nestjs/common';
import { tableFromIPC } from 'apache-arrow';
import {
  MAX_CASE_POINTS,
  areaSummaryQuerySchema,
  casePointsQuerySchema,
  gridQuerySchema,
  regionCountsQuerySchema,
  type CasePoint,
  type CaseStatus,
} from '@gridlens/contracts';
import { parseOr400 } from '../../apps/server/src/controllers/parse';
import type { Database } from '../../apps/server/src/db/database';
import { casePointsToArrowStream, casePointsToJson } from '../../apps/server/src/services/case-points-format';
import { CatalogueService } from '../../apps/server/src/services/catalogue.service';
import { GridService } from '../../apps/server/src/services/grid.service';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { MapService } from '../../apps/server/src/services/map.service';
import { batches, DISTRICT_CODES, factoryCategories, generateDataset, isoCst, type Dataset } from '../support/event-factory';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

const HOUR = 3600_000;
const OPEN = (s: CaseStatus) => s !== 'closed' && s !== 'voided';

/** The 400 message a query gets, through the contract schema and then the service (as the controller does). */
async function badRequest(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof BadRequestException) return String((error.getResponse() as { message: string }).message);
    throw error;
  }
  throw new Error('expected a 400');
}

for (const backend of testBackends()) {
  describe(`map reads on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let map: MapService;
    let data: Dataset;
    let now: number;
    /** Events ingested so far (the rest go in during the consistency test). */
    let ingested = 0;
    let window: { from: string; to: string };

    const points = async (query: Record<string, string>) => casePointsToJson(await map.casePoints(parseOr400(casePointsQuerySchema, { format: 'json', ...window, ...query })));

    /** The cases as of seq `s`: status after each case's last event with seq ≤ s. */
    function modelAt(s: number) {
      const status = new Map<string, CaseStatus>();
      for (let i = 0; i < s; i++) status.set(data.events[i].caseId, data.statusAfter[i]);
      return status;
    }

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      map = app.get(MapService);
      now = Date.now();
      const categories = factoryCategories(await app.get(CatalogueService).categories());
      data = generateDataset({ seed: 4242, cases: 500, now, categories, idPrefix: `map-${backend.name}` });
      // Everything but the last 300 events now; those go in while the consistency test reads.
      ingested = data.events.length - 300;
      for (const part of batches(data.events.slice(0, ingested), 2000)) {
        const result = await app.get(IngestService).ingest(part);
        expect(result.rejected).toEqual([]);
      }
      window = { from: isoCst(now - 4 * 24 * HOUR), to: isoCst(now + HOUR) };
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('answers every case, newest report first, with its point, status, category and district', async () => {
      const r = await points({});
      expect(r.seq).toBe(ingested);
      expect(r.truncated).toBe(false);
      const model = modelAt(ingested);
      const expected = data.cases
        .filter((c) => model.has(c.caseId))
        .sort((a, b) => b.reportedAt - a.reportedAt || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
      expect(r.cases.map((c) => c.caseId)).toEqual(expected.map((c) => c.caseId));
      for (const [i, c] of r.cases.entries()) {
        const e = expected[i];
        expect(c).toEqual({
          caseId: e.caseId,
          lon: expect.closeTo(e.lon, 9),
          lat: expect.closeTo(e.lat, 9),
          status: model.get(e.caseId),
          category: e.category,
          district: e.district,
          reportedAtMs: e.reportedAt,
        } satisfies Record<keyof CasePoint, unknown>);
      }
    });

    it('filters by window, categories at any level, region, status and bbox, and cuts at limit', async () => {
      const all = (await points({})).cases;
      const check = async (query: Record<string, string>, keep: (c: CasePoint) => boolean) => {
        const expected = all.filter(keep).map((c) => c.caseId);
        expect(expected.length, JSON.stringify(query)).toBeGreaterThan(0);
        expect((await points(query)).cases.map((c) => c.caseId), JSON.stringify(query)).toEqual(expected);
      };
      const from = now - 40 * HOUR;
      const to = now - 16 * HOUR;
      await check({ from: isoCst(from), to: isoCst(to) }, (c) => c.reportedAtMs >= Math.floor(from / 1000) * 1000 && c.reportedAtMs < Math.floor(to / 1000) * 1000);
      await check({ categories: 'E05,C0101' }, (c) => c.category.startsWith('E05') || c.category === 'C0101');
      await check({ categories: 'C' }, (c) => c.category.startsWith('C'));
      await check({ region: '320404' }, (c) => c.district === '320404');
      await check({ region: '320400' }, () => true);
      await check({ status: 'closed,voided' }, (c) => c.status === 'closed' || c.status === 'voided');
      const bbox = { minLon: 119.8, minLat: 31.7, maxLon: 120.0, maxLat: 31.85 };
      await check({ bbox: `${bbox.minLon},${bbox.minLat},${bbox.maxLon},${bbox.maxLat}` }, (c) => c.lon >= bbox.minLon && c.lon <= bbox.maxLon && c.lat >= bbox.minLat && c.lat <= bbox.maxLat);
      const cut = await points({ limit: '7' });
      expect(cut.truncated).toBe(true);
      expect(cut.cases.map((c) => c.caseId)).toEqual(all.slice(0, 7).map((c) => c.caseId));
      const exact = await points({ limit: String(all.length) });
      expect(exact.truncated).toBe(false);
      expect(exact.cases).toHaveLength(all.length);
    });

    it('defaults to today in the city time zone', async () => {
      const r = await map.casePoints(parseOr400(casePointsQuerySchema, {}), new Date(now));
      const midnight = Math.floor((now + 8 * HOUR) / (24 * HOUR)) * 24 * HOUR - 8 * HOUR;
      const expected = (await points({})).cases.filter((c) => c.reportedAtMs >= midnight && c.reportedAtMs < midnight + 24 * HOUR);
      expect(r.caseId).toEqual(expected.map((c) => c.caseId));
    });

    it('encodes the same columns as an Arrow stream (dictionaries for status, category and district)', async () => {
      const columns = await map.casePoints(parseOr400(casePointsQuerySchema, { ...window, categories: 'C,E' }));
      columns.district[0] = null; // a case outside every district (in the city only) must stay null
      const table = tableFromIPC(casePointsToArrowStream(columns));
      expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
        'caseId:Utf8',
        'lon:Float64',
        'lat:Float64',
        'status:Dictionary<Int32, Utf8>',
        'category:Dictionary<Int32, Utf8>',
        'district:Dictionary<Int32, Utf8>',
        'reportedAtMs:Float64',
      ]);
      const rows = table.toArray().map((r) => ({ ...r.toJSON() }));
      expect(rows).toEqual(casePointsToJson(columns).cases);
      expect(tableFromIPC(casePointsToArrowStream({ ...columns, caseId: [], lon: new Float64Array(), lat: new Float64Array(), status: [], category: [], district: [], reportedAtMs: new Float64Array() })).numRows).toBe(0);
    });

    it('counts per region of a level equal the cases summed per region', async () => {
      for (const query of [{}, { categories: 'E05' }, { status: 'closed' }, { region: '320402' }] as Record<string, string>[]) {
        const cases = (await points(query)).cases;
        const r = await map.regionCounts(parseOr400(regionCountsQuerySchema, { ...window, ...query }));
        const byDistrict = new Map<string, number>();
        for (const c of cases) if (c.district) byDistrict.set(c.district, (byDistrict.get(c.district) ?? 0) + 1);
        expect(r.level).toBe('district');
        expect(r.counts, JSON.stringify(query)).toEqual([...byDistrict].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, count]) => ({ code, count })));
        expect(r.total).toBe(cases.length);
        expect(r.seq).toBe(ingested);
      }
      const city = await map.regionCounts(parseOr400(regionCountsQuerySchema, { ...window, level: 'city' }));
      expect(city.counts).toEqual([{ code: '320400', count: (await points({})).cases.length }]);
    });

    it("summarises a grid cell with exactly the grid answer's count for that cell", async () => {
      const scope = { ...window, categories: 'C,E05' };
      for (const [cell, size] of [['hex', '500'], ['square', '700'], ['hex', '3000']] as const) {
        const grid = await app.get(GridService).cells(parseOr400(gridQuerySchema, { ...scope, cell, size }));
        expect(grid.cells.length).toBeGreaterThan(3);
        const chosen = [...grid.cells].sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1)).slice(0, 6);
        for (const c of chosen) {
          const s = await map.areaSummary(parseOr400(areaSummaryQuerySchema, { ...scope, cell, size, id: c.id, srid: String(grid.srid) }));
          expect(s.count, `${cell} ${size} ${c.id}`).toBe(c.count);
          expect(s.topCategories.reduce((n, t) => n + t.count, 0)).toBeLessThanOrEqual(s.count);
        }
        // Without srid the cell is in the layout GET /api/v1/grid uses without bbox: the same one here.
        const s = await map.areaSummary(parseOr400(areaSummaryQuerySchema, { ...scope, cell, size, id: chosen[0].id }));
        expect(s.count).toBe(chosen[0].count);
      }
    });

    it('summarises a region: count, top categories, open cases by urgency', async () => {
      const region = '320402';
      const query = { ...window, region, categories: 'C,E' };
      const cases = (await points(query)).cases;
      const s = await map.areaSummary(parseOr400(areaSummaryQuerySchema, query));
      expect(s.count).toBe(cases.length);
      const byCategory = new Map<string, number>();
      for (const c of cases) byCategory.set(c.category, (byCategory.get(c.category) ?? 0) + 1);
      const top = [...byCategory].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
      expect(s.topCategories).toEqual(top.slice(0, 5));
      // Open now, whatever the window or status filter: from the model.
      const model = modelAt(ingested);
      const open = data.cases.filter((c) => c.district === region && model.has(c.caseId) && OPEN(model.get(c.caseId)!));
      const narrow = await map.areaSummary(parseOr400(areaSummaryQuerySchema, { region, status: 'closed', from: isoCst(now - HOUR), to: isoCst(now) }));
      expect(narrow.openCount).toBe(open.length);
      expect(s.openCount).toBe(open.filter((c) => c.category.startsWith('C') || c.category.startsWith('E')).length);
      expect(narrow.openCases).toHaveLength(Math.min(50, open.length));
      // Earliest deadline first, no deadline last; the 50 are the most urgent of all open ones.
      const deadlines = await db.query<{ case_id: string; deadline: string | null; reported_at: string }>(
        `SELECT case_id, deadline::text, reported_at::text FROM cases WHERE district_code = $1 AND status NOT IN ('closed', 'voided')`,
        [region],
      );
      const ms = (t: string | null) => (t === null ? Infinity : Date.parse(t.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')));
      const ranked = deadlines
        .map((d) => ({ id: d.case_id, deadline: ms(d.deadline), reported: ms(d.reported_at) }))
        .sort((a, b) => a.deadline - b.deadline || a.reported - b.reported || (a.id < b.id ? -1 : 1));
      expect(narrow.openCases.map((o) => o.caseId)).toEqual(ranked.slice(0, 50).map((r) => r.id));
      expect(narrow.openCases.some((o) => o.deadline === null)).toBe(ranked.slice(0, 50).some((r) => r.deadline === Infinity));
      for (const o of narrow.openCases) {
        const e = data.cases.find((c) => c.caseId === o.caseId)!;
        expect(o).toMatchObject({ category: e.category, status: model.get(e.caseId), reportedAt: new Date(e.reportedAt).toISOString() });
      }
    });

    it('answers with a seq that matches the answer exactly while events arrive', async () => {
      const rest = data.events.slice(ingested);
      const writer = (async () => {
        for (const part of batches(rest, 20)) {
          const result = await app.get(IngestService).ingest(part);
          expect(result.rejected).toEqual([]);
        }
      })();
      const seen = new Set<number>();
      const check = async () => {
        const [r, counts] = await Promise.all([points({}), map.regionCounts(parseOr400(regionCountsQuerySchema, window))]);
        const model = modelAt(r.seq);
        seen.add(r.seq);
        expect(new Map(r.cases.map((c) => [c.caseId, c.status]))).toEqual(model);
        const perDistrict = DISTRICT_CODES.map((code) => ({ code, count: data.cases.filter((c) => c.district === code && modelAt(counts.seq).has(c.caseId)).length })).filter((c) => c.count);
        expect(counts.counts).toEqual(perDistrict);
      };
      let done = false;
      void writer.finally(() => (done = true));
      while (!done) await check();
      await writer;
      await check();
      expect(Math.max(...seen)).toBe(data.events.length);
      expect(seen.size, 'reads saw the log part-way').toBeGreaterThan(1);
      ingested = data.events.length;
    });

    it.each([
      ['an unknown region', casePointsQuerySchema, { region: '999999' }, /^region: /],
      ['an unknown category', casePointsQuerySchema, { categories: 'Z9999' }, /^categories: /],
      ['an unknown status', casePointsQuerySchema, { status: 'closed,lost' }, /^status: unknown status lost:/],
      ['a bad bbox', casePointsQuerySchema, { bbox: '120,31,119,32' }, /^bbox: /],
      ['limit 0', casePointsQuerySchema, { limit: '0' }, /^limit: /],
      ['limit too big', casePointsQuerySchema, { limit: String(MAX_CASE_POINTS + 1) }, /^limit: /],
      ['format xml', casePointsQuerySchema, { format: 'xml' }, /^format: /],
      ['from after to', casePointsQuerySchema, { from: isoCst(Date.now()), to: isoCst(Date.now() - HOUR) }, /^from: /],
      ['from without an offset', casePointsQuerySchema, { from: '2026-01-01T00:00:00' }, /^from: /],
      ['only from, in the future', casePointsQuerySchema, { from: isoCst(Date.now() + 2 * HOUR) }, /^from: /],
      ['an unknown level', regionCountsQuerySchema, { level: 'planet' }, /^level: /],
      ['counts in an unknown region', regionCountsQuerySchema, { region: 'nowhere' }, /^region: /],
      ['neither region nor cell', areaSummaryQuerySchema, {}, /^region: /],
      ['a cell without id', areaSummaryQuerySchema, { cell: 'hex', size: '500' }, /^cell: /],
      ['a square id for a hex cell', areaSummaryQuerySchema, { cell: 'hex', size: '500', id: 's:1:2' }, /^id: /],
      ['a malformed cell id', areaSummaryQuerySchema, { cell: 'hex', size: '500', id: 'h:1' }, /^id: /],
      ['a cell too small', areaSummaryQuerySchema, { cell: 'square', size: '5', id: 's:1:2' }, /^size: /],
      ['a srid that is no UTM zone', areaSummaryQuerySchema, { cell: 'square', size: '500', id: 's:1:2', srid: '4326' }, /^srid: /],
    ] as const)('answers 400 naming the field for %s', async (_what, schema, query, field) => {
      const message = await badRequest(async () => {
        if (schema === casePointsQuerySchema) return map.casePoints(parseOr400(schema, query));
        if (schema === regionCountsQuerySchema) return map.regionCounts(parseOr400(schema, query));
        return map.areaSummary(parseOr400(areaSummaryQuerySchema, query));
      });
      expect(message).toMatch(field);
    });
  });
}
