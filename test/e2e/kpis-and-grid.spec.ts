/**
 * KPIs and spatial aggregates (issue #2 §7, §8) against an independent recount: a generated data set is
 * ingested, then GET /api/v1/kpis and GET /api/v1/grid must equal what this test computes from the events it
 * sent (the factory's model of each case: its district, point, category, final status and stage times).
 *
 * Not recounted here: `closedOnTime`, `overdue`, `due` and the rates, which need each case's deadline in working
 * time (the work-clock library has its own tests); only their internal consistency is checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DurationStats, GridResponse, KpiSnapshot } from '@gridlens/contracts';
import { e2eBackends, launch, messageOf, qs, type E2eServer } from '../support/e2e-harness';
import { batches, DISTRICT_CODES, factoryCategories, generateDataset, isoCst, type Dataset, type ExpectedCase } from '../support/event-factory';
import { localMetres } from '../support/gcj02';

const HOUR = 3600_000;

interface Scope {
  district?: string;
  /** Category filter as sent, and the same as a predicate over minor codes. */
  categories?: { query: string; matches: (code: string) => boolean };
}

/** Linear-interpolation percentile (PostgreSQL's percentile_cont) of sorted values. */
function percentileCont(sorted: number[], p: number): number {
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function stats(seconds: number[]): DurationStats {
  if (seconds.length === 0) return { count: 0, meanSeconds: null, p50Seconds: null, p90Seconds: null };
  const sorted = [...seconds].sort((a, b) => a - b);
  return {
    count: sorted.length,
    meanSeconds: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    p50Seconds: percentileCont(sorted, 0.5),
    p90Seconds: percentileCont(sorted, 0.9),
  };
}

/** The KPI figures this test can recount from what it sent (docs/api.md, "KPIs"). */
function recount(cases: readonly ExpectedCase[], window: { from: number; to: number }, scope: Scope) {
  const inWindow = (t: number | null) => t !== null && t >= window.from && t < window.to;
  const scoped = cases.filter((c) => (!scope.district || c.district === scope.district) && (!scope.categories || scope.categories.matches(c.category)));
  const span = (end: (c: ExpectedCase) => number | null, start: (c: ExpectedCase) => number | null) =>
    stats(scoped.filter((c) => inWindow(end(c)) && start(c) !== null).map((c) => (end(c)! - start(c)!) / 1000));
  return {
    counts: {
      reported: scoped.filter((c) => inWindow(c.reportedAt)).length,
      registered: scoped.filter((c) => inWindow(c.registeredAt)).length,
      closed: scoped.filter((c) => inWindow(c.closedAt)).length,
      voided: scoped.filter((c) => inWindow(c.voidedAt)).length,
      open: scoped.filter((c) => c.status !== 'closed' && c.status !== 'voided').length,
    },
    durations: {
      reportToRegister: span((c) => c.registeredAt, (c) => c.reportedAt),
      registerToDispatch: span((c) => c.firstDispatchedAt, (c) => c.registeredAt),
      dispatchToHandled: span((c) => c.handledAt, (c) => c.firstDispatchedAt),
      reportToClose: span((c) => c.closedAt, (c) => c.reportedAt),
    },
  };
}

function expectStats(actual: DurationStats, expected: DurationStats, what: string) {
  expect(actual.count, `${what}.count`).toBe(expected.count);
  for (const key of ['meanSeconds', 'p50Seconds', 'p90Seconds'] as const) {
    const a = actual[key];
    const e = expected[key];
    if (e === null) expect(a, `${what}.${key}`).toBeNull();
    else {
      expect(a, `${what}.${key}`).not.toBeNull();
      expect(Math.abs(a! - e), `${what}.${key}: ${a} vs ${e}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(e)));
    }
  }
}

function expectKpis(actual: KpiSnapshot, expected: ReturnType<typeof recount>, what: string) {
  expect({ ...actual.counts, closedOnTime: undefined, overdue: undefined, due: undefined }, what).toEqual({
    ...expected.counts,
    closedOnTime: undefined,
    overdue: undefined,
    due: undefined,
  });
  for (const name of Object.keys(expected.durations) as (keyof typeof expected.durations)[]) {
    expectStats(actual.durations[name], expected.durations[name], `${what} ${name}`);
  }
  // What is not recounted must at least hang together.
  const { counts, rates } = actual;
  expect(counts.closedOnTime).toBeLessThanOrEqual(counts.closed);
  expect(counts.overdue).toBeLessThanOrEqual(counts.open);
  expect(counts.due).toBeLessThanOrEqual(counts.registered);
  expect(rates.closure.denominator).toBe(counts.due);
  expect(rates.onTimeClosure.denominator).toBe(counts.due);
  expect(rates.onTimeClosure.numerator).toBeLessThanOrEqual(rates.closure.numerator);
  expect(rates.closure.numerator).toBeLessThanOrEqual(counts.due);
  for (const rate of [rates.closure, rates.onTimeClosure]) {
    expect(rate.value).toBe(rate.denominator === 0 ? null : rate.numerator / rate.denominator);
  }
}

/** Local metric distance for nearest-centre assignment (the UTM cells are tiny compared with the Earth). */
function assignToCells(points: readonly { lon: number; lat: number }[], cells: GridResponse['cells']): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of points) {
    let best: string | null = null;
    let bestDistance = Infinity;
    for (const cell of cells) {
      const d = localMetres([p.lon, p.lat], [cell.lon, cell.lat]);
      if (d < bestDistance) {
        bestDistance = d;
        best = cell.id;
      }
    }
    if (best) counts.set(best, (counts.get(best) ?? 0) + 1);
  }
  return counts;
}

for (const backend of e2eBackends(['pglite', 'postgres'])) {
  describe.skipIf(!backend.enabled)(`KPIs and grid on ${backend.name}`, () => {
    let app: E2eServer;
    let data: Dataset;
    let now: number;

    beforeAll(async () => {
      app = await launch(backend.name);
      now = Date.now();
      data = generateDataset({ seed: 8080, cases: 800, now, categories: factoryCategories(await app.api.categories()), idPrefix: `kpi-${backend.name}` });
      for (const part of batches(data.events, 2500)) {
        const result = await app.api.ingestOk(part);
        if (result.accepted !== part.length) throw new Error(`generated events were refused: ${JSON.stringify(result.rejected.slice(0, 5))}`);
      }
    });
    afterAll(async () => {
      await app?.close();
    });

    describe('GET /api/v1/kpis equals an independent recount', () => {
      const windows = {
        'covering the data': () => ({ from: now - 4 * 24 * HOUR, to: now + HOUR }),
        'cutting through the data': () => ({ from: now - 40 * HOUR, to: now - 16 * HOUR }),
      };
      const scopes: [string, Scope][] = [
        ['the whole city', {}],
        ...DISTRICT_CODES.map((d): [string, Scope] => [`district ${d}`, { district: d }]),
        ['categories E05,C0101', { categories: { query: 'E05,C0101', matches: (c) => c.startsWith('E05') || c === 'C0101' } }],
        ['district 320404, family C', { district: '320404', categories: { query: 'C', matches: (c) => c.startsWith('C') } }],
      ];

      for (const [windowName, window] of Object.entries(windows)) {
        it.each(scopes)(`for %s, window ${windowName}`, async (name, scope) => {
          const w = window();
          const snapshot = await app.api.kpis({
            region: scope.district,
            categories: scope.categories?.query,
            from: isoCst(w.from),
            to: isoCst(w.to),
          });
          expect(snapshot.seq).toBe(data.events.length);
          expect(snapshot.scope.region).toBe(scope.district ?? null);
          expect(Date.parse(snapshot.scope.from)).toBe(Math.floor(w.from / 1000) * 1000);
          expect(Date.parse(snapshot.scope.to)).toBe(Math.floor(w.to / 1000) * 1000);
          const expected = recount(data.cases, { from: Math.floor(w.from / 1000) * 1000, to: Math.floor(w.to / 1000) * 1000 }, scope);
          if (!scope.categories && windowName === 'covering the data') {
            expect(expected.counts.reported).toBe(scope.district ? data.counts.byDistrict[scope.district] : data.cases.length);
          }
          expectKpis(snapshot, expected, `${name}, ${windowName}`);
        });
      }

      it('counts the city code as the whole city, and the districts add up to it', async () => {
        const w = windows['covering the data']();
        const query = { from: isoCst(w.from), to: isoCst(w.to) };
        const city = await app.api.kpis(query);
        const byCode = await app.api.kpis({ ...query, region: '320400' });
        expect(byCode.counts).toEqual(city.counts);
        const districts = await Promise.all(DISTRICT_CODES.map((region) => app.api.kpis({ ...query, region })));
        for (const key of ['reported', 'registered', 'closed', 'voided', 'open'] as const) {
          expect(districts.reduce((sum, d) => sum + d.counts[key], 0), key).toBe(city.counts[key]);
        }
      });

      it("defaults to today in the city's time zone (Asia/Shanghai), and with only from, to is now", async () => {
        const today = await app.api.kpis();
        const shanghaiMidnight = Math.floor((Date.parse(today.asOf) + 8 * HOUR) / (24 * HOUR)) * 24 * HOUR - 8 * HOUR;
        expect(Date.parse(today.scope.from)).toBe(shanghaiMidnight);
        expect(Date.parse(today.scope.to)).toBe(shanghaiMidnight + 24 * HOUR);
        const w = { from: Math.floor((now - 30 * HOUR) / 1000) * 1000 };
        const open = await app.api.kpis({ from: isoCst(w.from) });
        expect(open.scope.to).toBe(open.asOf);
        expectKpis(open, recount(data.cases, { from: w.from, to: Date.parse(open.asOf) }, {}), 'only from');
      });

      it.each([
        ['an unknown region', { region: '999999' }, /region/],
        ['an unknown category', { categories: 'Z9999' }, /categor/],
        ['from without an offset', { from: '2026-01-01T00:00:00' }, /from/],
        ['from after to', { from: isoCst(Date.now()), to: isoCst(Date.now() - HOUR) }, /from/],
      ])('answers 400 naming the field for %s', async (_what, query, field) => {
        const result = await app.api.get(`/api/v1/kpis${qs(query)}`);
        expect(result.status).toBe(400);
        expect(messageOf(result.body)).toMatch(field);
      });

      it('answers 401 without a token or with a forged one', async () => {
        expect((await app.api.get('/api/v1/kpis', null)).status).toBe(401);
        expect((await app.api.get('/api/v1/kpis', 'forged.token.value')).status).toBe(401);
      });
    });

    describe('GET /api/v1/grid', () => {
      const grid = async (query: Record<string, string | undefined>) => {
        const result = await app.api.get<GridResponse>(`/api/v1/grid${qs(query)}`);
        expect(result.status, result.text).toBe(200);
        return result.body;
      };
      const check = (answer: GridResponse, matching: readonly ExpectedCase[]) => {
        expect(answer.total).toBe(matching.length);
        expect(answer.cells.reduce((sum, c) => sum + c.count, 0)).toBe(answer.total);
        expect(new Set(answer.cells.map((c) => c.id)).size).toBe(answer.cells.length);
        for (const cell of answer.cells) {
          expect(cell.count).toBeGreaterThan(0);
          expect(cell.id).toMatch(answer.cell === 'hex' ? /^h:-?\d+:-?\d+$/ : /^s:-?\d+:-?\d+$/);
        }
        // Every point lies in its cell, so its nearest returned cell centre is its own cell (Voronoi of the
        // lattice = the cells): counting points by nearest centre must give the server's counts.
        const recounted = assignToCells(matching, answer.cells);
        const differences = answer.cells.filter((c) => (recounted.get(c.id) ?? 0) !== c.count).map((c) => `${c.id}: ${c.count} vs ${recounted.get(c.id) ?? 0}`);
        expect(differences).toEqual([]);
        // And that cell is no farther than its circumradius (hexagon: the edge; square: half the diagonal).
        const radius = answer.cell === 'hex' ? answer.size : (answer.size * Math.SQRT2) / 2;
        for (const p of matching) {
          const nearest = Math.min(...answer.cells.map((c) => localMetres([p.lon, p.lat], [c.lon, c.lat])));
          expect(nearest).toBeLessThanOrEqual(radius * 1.01);
        }
      };

      it.each([
        ['hex', '500'],
        ['hex', '3000'],
        ['square', '1000'],
        ['square', '5000'],
      ])('bins every case of the city in %s cells of %s m: counts sum to the total, ids unique, each point in its cell', async (cell, size) => {
        const answer = await grid({ cell, size });
        expect(answer.cell).toBe(cell);
        expect(answer.size).toBe(Number(size));
        check(answer, data.cases);
      });

      it('filters by bbox, report time, categories, status and region, alone and together', async () => {
        const bbox = [119.9, 31.7, 120.1, 31.85] as const;
        const inBbox = (c: ExpectedCase) => c.lon >= bbox[0] && c.lon <= bbox[2] && c.lat >= bbox[1] && c.lat <= bbox[3];
        const from = now - 40 * HOUR;
        const to = now - 16 * HOUR;
        const fromS = Math.floor(from / 1000) * 1000;
        const toS = Math.floor(to / 1000) * 1000;
        const inTime = (c: ExpectedCase) => c.reportedAt >= fromS && c.reportedAt < toS;
        const inCategories = (c: ExpectedCase) => c.category.startsWith('E05') || c.category === 'C0101';
        const statuses = ['dispatched', 'handled', 'suspended'];
        const inStatus = (c: ExpectedCase) => statuses.includes(c.status);
        const cases: [string, Record<string, string>, (c: ExpectedCase) => boolean][] = [
          ['bbox', { bbox: bbox.join(',') }, inBbox],
          ['time', { from: isoCst(from), to: isoCst(to) }, inTime],
          ['categories', { categories: 'E05,C0101' }, inCategories],
          ['status closed', { status: 'closed' }, (c) => c.status === 'closed'],
          ['status open stages', { status: statuses.join(',') }, inStatus],
          ['region 320404', { region: '320404' }, (c) => c.district === '320404'],
          [
            'all together',
            { bbox: bbox.join(','), from: isoCst(from), to: isoCst(to), categories: 'E', status: 'closed,voided' },
            (c) => inBbox(c) && inTime(c) && c.category.startsWith('E') && (c.status === 'closed' || c.status === 'voided'),
          ],
        ];
        for (const [name, filter, matches] of cases) {
          const matching = data.cases.filter(matches);
          expect(matching.length, `${name}: the data set exercises the filter`).toBeGreaterThan(0);
          for (const [cell, size] of [['hex', '1000'], ['square', '2000']]) {
            const answer = await grid({ cell, size, ...filter });
            try {
              check(answer, matching);
            } catch (error) {
              throw new Error(`${name}, ${cell} ${size} m: ${(error as Error).message}`);
            }
          }
        }
      });

      it('gives stable cell ids: the same query twice gives the same cells', async () => {
        const a = await grid({ cell: 'hex', size: '2000' });
        const b = await grid({ cell: 'hex', size: '2000' });
        expect(b.cells).toEqual(a.cells);
      });

      it.each([
        ['a size below 50 m', { size: '10' }, /size/],
        ['a size above 50 km', { size: '60000' }, /size/],
        ['a size that is not a number', { size: 'big' }, /size/],
        ['an unknown cell type', { cell: 'triangle' }, /cell/],
        ['a bbox of three numbers', { bbox: '119,31,120' }, /bbox/],
        ['a bbox that is not numbers', { bbox: 'a,b,c,d' }, /bbox/],
        ['a reversed bbox', { bbox: '120.1,31.85,119.9,31.7' }, /bbox/],
        ['a bbox outside WGS84 bounds', { bbox: '170,80,190,95' }, /bbox/],
        ['an unknown status', { status: 'closed,bogus' }, /status/],
        ['an unknown category', { categories: 'Z9999' }, /categor/],
        ['an unknown region', { region: '999999' }, /region/],
        ['from without an offset', { from: '2026-01-01T00:00:00' }, /from/],
        ['from after to', { from: isoCst(Date.now()), to: isoCst(Date.now() - HOUR) }, /from/],
      ])('answers 400 with a message naming the field for %s', async (_what, query, field) => {
        const result = await app.api.get(`/api/v1/grid${qs(query)}`);
        expect(result.status).toBe(400);
        expect(messageOf(result.body)).toMatch(field);
      });

      it('answers 401 without a token or with a forged one', async () => {
        expect((await app.api.get('/api/v1/grid', null)).status).toBe(401);
        expect((await app.api.get('/api/v1/grid?cell=hex&size=500', 'forged.token.value')).status).toBe(401);
      });
    });
  });
}
