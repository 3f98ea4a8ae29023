/**
 * Arrow answers through the built server (docs/api.md, "Arrow answers"): for grid, hotspots, emerging hotspots,
 * trends and region counts, `Accept: application/vnd.apache.arrow.stream` gets an Arrow IPC stream that decodes
 * (tableFromIPC, as the browser does) to the same rows and scalars as the JSON answer for the same query; any other
 * Accept gets that JSON; both say `Vary: Accept`; errors stay JSON 400s. Both backends (PostgreSQL with TEST_DATABASE_URL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC, type Table } from 'apache-arrow';
import { cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import {
  ARROW_STREAM_TYPE,
  SOURCE_HEADER,
  TREND_STAGES,
  type EmergingResponse,
  type GridResponse,
  type H3GridResponse,
  type HotspotResponse,
  type RegionCountsResponse,
  type TrendResponse,
} from '@gridlens/contracts';
import { e2eBackends, launch, messageOf, qs, type E2eServer } from '../support/e2e-harness';
import { plain, reported } from '../support/ingest-cases';

const CENTRE = latLngToCell(31.7777, 119.9963, 7); // 天宁区, resolution 7
const WINDOW = { from: '2026-03-01T00:00:00+08:00', to: '2026-03-04T00:00:00+08:00' };
const HOUR = 3600_000;

/** Row i of every column, as plain JS values (lists as number arrays). */
function row(table: Table, i: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of table.schema.fields) {
    const v: unknown = table.getChild(field.name)!.get(i);
    out[field.name] = v !== null && typeof v === 'object' && 'toArray' in v ? Array.from((v as { toArray(): ArrayLike<number> }).toArray()) : v;
  }
  return out;
}
const rows = (table: Table) => Array.from({ length: table.numRows }, (_, i) => row(table, i));
const metadata = (table: Table) => Object.fromEntries([...table.schema.metadata].map(([k, v]) => [k, JSON.parse(v) as unknown]));

for (const backend of e2eBackends(['pglite', 'postgres'])) {
  describe.skipIf(!backend.enabled)(`Arrow answers on ${backend.name}`, () => {
    let app: E2eServer;

    /** The same GET as JSON (no Accept) and as Arrow. */
    const both = async <T>(path: string) => {
      const token = await app.api.adminToken();
      const jsonRes = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(jsonRes.status, await jsonRes.clone().text()).toBe(200);
      expect(jsonRes.headers.get('content-type')).toMatch(/^application\/json/);
      expect(jsonRes.headers.get('vary')).toMatch(/Accept/i);
      const arrowRes = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}`, accept: ARROW_STREAM_TYPE } });
      expect(arrowRes.status, await arrowRes.clone().text()).toBe(200);
      expect(arrowRes.headers.get('content-type')).toBe(ARROW_STREAM_TYPE);
      expect(arrowRes.headers.get('vary')).toMatch(/Accept/i);
      const json = (await jsonRes.json()) as T;
      // Where the counts came from: the same header on both, and the JSON's own `source` field.
      const source = (json as { source?: string }).source ?? null;
      expect(jsonRes.headers.get(SOURCE_HEADER)).toBe(source);
      expect(arrowRes.headers.get(SOURCE_HEADER)).toBe(source);
      return { json, table: tableFromIPC(new Uint8Array(await arrowRes.arrayBuffer())) };
    };

    beforeAll(async () => {
      app = await launch(backend.name);
      // A cluster on 2 and 3 March (local time), none on 1 March; one case registered an hour after its report.
      const events: Record<string, unknown>[] = ['2026-03-02T09:00:00+08:00', '2026-03-03T23:30:00+08:00'].flatMap((at, d) =>
        gridDisk(CENTRE, 1).flatMap((cell, c) => {
          const [lat, lon] = cellToLatLng(cell);
          return Array.from({ length: 3 + c }, (_, n) => ({
            eventId: `ar-${d}-${c}-${n}`, caseId: `ar-${d}-${c}-${n}`, type: 'reported', at, category: 'E0505', source: 'public', lon, lat,
          }));
        }),
      );
      const t = Date.parse('2026-03-02T12:00:00+08:00');
      events.push(reported('AR-T', 'AR-T-0', t), plain('AR-T', 'AR-T-1', 'registered', t + HOUR));
      expect((await app.api.ingestOk(events)).rejected).toEqual([]);
    });
    afterAll(async () => {
      await app?.close();
    });

    it.each([
      [{ cell: 'hex', size: '1000' }],
      [{ cell: 'square', size: '2000', region: '320402' }],
      [{ cell: 'h3', resolution: '7' }],
    ])('GET /api/v1/grid %o: id, lon, lat, count and the scalars as metadata', async (query) => {
      const { json, table } = await both<GridResponse | H3GridResponse>(`/api/v1/grid${qs({ ...query, ...WINDOW })}`);
      expect(json.cells.length).toBeGreaterThan(1);
      expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(['id:Utf8', 'lon:Float64', 'lat:Float64', 'count:Int32']);
      expect(rows(table)).toEqual(json.cells);
      const { cells: _cells, ...scalars } = json;
      expect(metadata(table)).toEqual({ ...scalars, datum: 'WGS84' });
    });

    it('GET /api/v1/grid over whole local days: from the rollups (x-gridlens-source: rollup), the same cells as source=raw', async () => {
      const window = { from: '2026-03-01T00:00:00+08:00', to: '2026-03-05T00:00:00+08:00', cell: 'h3', resolution: '8' };
      const rolled = await both<H3GridResponse>(`/api/v1/grid${qs({ ...window, source: 'rollup' })}`);
      const raw = await both<H3GridResponse>(`/api/v1/grid${qs({ ...window, source: 'raw' })}`);
      expect(rolled.json.source).toBe('rollup');
      expect(raw.json.source).toBe('raw');
      expect(rolled.json.cells).toEqual(raw.json.cells);
      expect(rolled.json.total).toBeGreaterThan(0);
    });

    it('GET /api/v1/hotspots: id, count, z, p, bin; n and method as metadata', async () => {
      const { json, table } = await both<HotspotResponse>(`/api/v1/hotspots${qs({ ...WINDOW, resolution: '7', region: '320402' })}`);
      expect(json.cells.some((c) => c.bin === 3)).toBe(true);
      expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(['id:Utf8', 'count:Int32', 'z:Float64', 'p:Float64', 'bin:Int8']);
      expect(rows(table)).toEqual(json.cells);
      expect(metadata(table)).toEqual({ n: json.n, method: json.method, source: json.source });
    });

    it('GET /api/v1/hotspots/emerging: pattern, hot (nullable), trend, per-step lists; steps, n and method as metadata', async () => {
      const { json, table } = await both<EmergingResponse>(`/api/v1/hotspots/emerging${qs({ ...WINDOW, resolution: '7', region: '320402', all: 'true' })}`);
      expect(json.cells.some((c) => c.hot === true) && json.cells.some((c) => c.hot === null)).toBe(true);
      expect(String(table.schema.fields.find((f) => f.name === 'pattern')!.type)).toBe('Dictionary<Int32, Utf8>');
      expect(table.schema.fields.filter((f) => ['bins', 'z', 'counts'].includes(f.name)).map((f) => String(f.type))).toEqual(['List<Int8>', 'List<Float64>', 'List<Int32>']);
      const decoded = rows(table).map(({ trend_s, trend_z, trend_p, ...rest }) => ({ ...rest, trend: { s: trend_s, z: trend_z, p: trend_p } }));
      expect(decoded).toEqual(json.cells);
      expect(metadata(table)).toEqual({ steps: json.steps, n: json.n, method: json.method, source: json.source });
    });

    it('GET /api/v1/trends: one row per step with flat stage columns; the rest as metadata', async () => {
      const query = { ...WINDOW, step: 'day', compare: '2026-02-01T00:00:00+08:00,2026-02-04T00:00:00+08:00' };
      const { json, table } = await both<TrendResponse>(`/api/v1/trends${qs(query)}`);
      // Whole local days: read from the trend rollup, whose median is its bin's value, within (1.02 − 1) / (1.02 + 1) of 3600 s.
      expect(json.source).toBe('rollup');
      expect(Math.abs(json.period.total.stages.reportToRegister.clock.p50Seconds! - 3600)).toBeLessThanOrEqual(3600 * (0.02 / 2.02));
      expect(json.period.total.stages.reportToRegister.clock.meanSeconds).toBe(3600);
      expect(table.numRows).toBe(json.period.steps.length);
      const steps = rows(table).map((r) => ({
        start: r.start,
        end: r.end,
        counts: { reported: r.reported, registered: r.registered, closed: r.closed },
        stages: Object.fromEntries(
          TREND_STAGES.map((stage) => [
            stage,
            Object.fromEntries(
              (['clock', 'working'] as const).map((clock) => {
                const p = `${stage}_${clock}`;
                return [clock, { count: r[`${p}_count`], meanSeconds: r[`${p}_mean`], p50Seconds: r[`${p}_p50`], p90Seconds: r[`${p}_p90`] }];
              }),
            ),
          ]),
        ),
        onTime: { numerator: r.onTime_numerator, denominator: r.onTime_denominator, value: r.onTime_value },
      }));
      expect(steps).toEqual(json.period.steps);
      const { period, ...rest } = json;
      expect(metadata(table)).toEqual({ ...rest, period: { from: period.from, to: period.to, total: period.total } });
    });

    it('GET /api/v1/regions/counts: code, count; seq, level and total as metadata', async () => {
      const { json, table } = await both<RegionCountsResponse>(`/api/v1/regions/counts${qs({ ...WINDOW, level: 'district' })}`);
      expect(json.counts.length).toBeGreaterThan(0);
      expect(rows(table)).toEqual(json.counts);
      expect(metadata(table)).toEqual({ seq: json.seq, level: json.level, total: json.total, source: json.source });
    });

    it('any other Accept gets JSON; Arrow listed below JSON gets JSON; a bad query is still a JSON 400 naming the field', async () => {
      const token = await app.api.adminToken();
      for (const accept of ['application/json', 'text/html', `application/json, ${ARROW_STREAM_TYPE};q=0.5`]) {
        const res = await fetch(`${app.url}/api/v1/grid${qs(WINDOW)}`, { headers: { authorization: `Bearer ${token}`, accept } });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect((await res.json()) as GridResponse).toHaveProperty('cells');
      }
      const bad = await fetch(`${app.url}/api/v1/hotspots${qs({ k: '9' })}`, { headers: { authorization: `Bearer ${token}`, accept: ARROW_STREAM_TYPE } });
      expect(bad.status).toBe(400);
      expect(messageOf(await bad.json())).toMatch(/\bk\b/);
    });
  });
}
