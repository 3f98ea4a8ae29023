import type { CaseStatus, GridResponse, LiveEvent, RegionCountsResponse, RegionLevel } from '@gridlens/contracts';
import { Dictionary, Float64, Int32, makeVector, Table, tableFromIPC, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { RegionFeatureCollection, RegionFilter } from '../api/client';
import type { MapQuery } from '../state/map-query';
import { MapData, type MapApi, type MapSink } from './map-data';

const QUERY: MapQuery = { from: '2026-11-28T00:00:00+08:00', to: '2026-11-29T00:00:00+08:00', categories: [], region: null, status: [] };
const T0 = Date.parse('2026-11-28T09:00:00+08:00');

/** An Arrow stream as GET /api/v1/cases sends it. */
function arrowOf(cases: [string, CaseStatus][]): Uint8Array {
  const dict = (values: string[]) => vectorFromArray(values, new Dictionary(new Utf8(), new Int32()));
  return tableToIPC(
    new Table({
      caseId: vectorFromArray(cases.map(([id]) => id), new Utf8()),
      lon: makeVector(new Float64Array(cases.map((_, i) => 119.9 + i / 100))),
      lat: makeVector(new Float64Array(cases.map(() => 31.7))),
      status: dict(cases.map(([, s]) => s)),
      category: dict(cases.map(() => 'E0505')),
      district: dict(cases.map(() => '320402')),
      reportedAtMs: vectorFromArray(cases.map(() => T0), new Float64()),
    }),
    'stream',
  );
}

function live(seq: number, caseId: string, status: CaseStatus, type: LiveEvent['type'] = status === 'reported' ? 'reported' : 'closed'): LiveEvent {
  return {
    seq,
    eventId: `e${seq}`,
    caseId,
    type,
    at: '2026-11-28T10:00:00+08:00',
    category: 'E0505',
    lon: 120,
    lat: 31.8,
    regions: { city: '320400', district: '320402', street: null, community: null, grid: null },
    status,
  };
}

function regions(level: RegionLevel, codes: string[]): RegionFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: codes.map((code) => ({
      type: 'Feature',
      properties: { code, level, parent: null, nameZh: code, nameEn: code, synthetic: level !== 'district' },
      geometry: { type: 'Polygon', coordinates: [[[119.9, 31.7], [120, 31.7], [120, 31.8], [119.9, 31.7]]] },
    })),
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const sink = (): MapSink => ({
  points: null,
  pointsTruncated: false,
  pointsLoading: false,
  pointsError: null,
  pulses: [],
  now: 0,
  boundaries: [],
  districts: [],
  hexagons: null,
  choropleth: null,
});

/** A fake API: each call is recorded and answered by the test (through `answer`). */
function fakeApi() {
  const calls: { name: string; args: unknown[]; answer: ReturnType<typeof deferred<unknown>> }[] = [];
  const call = (name: string) => (...args: unknown[]) => {
    const answer = deferred<unknown>();
    calls.push({ name, args, answer });
    return answer.promise as never;
  };
  const api = { casePointsArrow: call('points'), regionsGeoJson: call('regions'), grid: call('grid'), regionCounts: call('counts') } as unknown as MapApi;
  return { api, calls };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const decode = async (bytes: Uint8Array) => tableFromIPC(bytes);

describe('MapData: case points', () => {
  it('loads the Arrow answer, keeps its seq and merges the live events that arrived meanwhile', async () => {
    const { api, calls } = fakeApi();
    const state = sink();
    const data = new MapData(api, state, decode);
    const events = [live(9, 'a', 'closed'), live(11, 'b', 'closed'), live(12, 'new', 'reported')];
    const loading = data.loadPoints(QUERY, () => events);
    expect(state.pointsLoading).toBe(true);
    calls[0].answer.resolve({ seq: 10, truncated: false, bytes: arrowOf([['a', 'reported'], ['b', 'reported']]) });
    await loading;
    expect(state.pointsLoading).toBe(false);
    expect(data.pointsSeq).toBe(12);
    expect(state.points!.length).toBe(3);
    // a (seq 9 ≤ 10) stays reported; b was closed by seq 11; new was reported at seq 12
    expect([0, 1, 2].map((i) => data.caseAt(i))).toEqual([
      { caseId: 'a', category: 'E0505', status: 'reported' },
      { caseId: 'b', category: 'E0505', status: 'closed' },
      { caseId: 'new', category: 'E0505', status: 'reported' },
    ]);
  });

  it('drops an answer overtaken by a newer request', async () => {
    const { api, calls } = fakeApi();
    const state = sink();
    const data = new MapData(api, state, decode);
    const first = data.loadPoints(QUERY, () => []);
    const second = data.loadPoints({ ...QUERY, status: ['closed'] }, () => []);
    calls[1].answer.resolve({ seq: 20, truncated: true, bytes: arrowOf([['new', 'closed']]) });
    await second;
    calls[0].answer.resolve({ seq: 10, truncated: false, bytes: arrowOf([['old1', 'reported'], ['old2', 'reported']]) });
    await first;
    expect(state.points!.length).toBe(1);
    expect(data.caseAt(0)!.caseId).toBe('new');
    expect(state.pointsTruncated).toBe(true);
    expect(data.pointsSeq).toBe(20);
  });

  it('reports a failed load and keeps what it had', async () => {
    const { api, calls } = fakeApi();
    const state = sink();
    const data = new MapData(api, state, decode);
    const loading = data.loadPoints(QUERY, () => []);
    calls[0].answer.reject(new Error('HTTP 500'));
    await loading;
    expect(state.pointsError).toBe('HTTP 500');
    expect(state.points).toBeNull();
    expect(state.pointsLoading).toBe(false);
  });

  it('merges a live frame in place: new data for deck.gl, a ring for each new report, counts marked stale', async () => {
    const { api, calls } = fakeApi();
    const state = sink();
    const data = new MapData(api, state, decode);
    data.mergeLive([live(5, 'x', 'reported')]); // before any points: nothing to merge into
    expect(state.points).toBeNull();
    const loading = data.loadPoints(QUERY, () => []);
    calls[0].answer.resolve({ seq: 10, truncated: false, bytes: arrowOf([['a', 'reported']]) });
    await loading;
    const before = state.points;
    data.mergeLive([live(11, 'a', 'closed'), live(12, 'n', 'reported')]);
    expect(state.points).not.toBe(before);
    expect(state.points!.length).toBe(2);
    expect(state.pulses.map((p) => p.caseId)).toEqual(['n']);
    expect(data.areasStale).toBe(true);
    const after = state.points;
    data.mergeLive([live(12, 'n', 'reported')]); // already merged: no new data object
    expect(state.points).toBe(after);
  });
});

describe('MapData: areas', () => {
  it('loads the boundary levels of the zoom for the view, coarsest first, districts once', async () => {
    const { api, calls } = fakeApi();
    const state = sink();
    const data = new MapData(api, state, decode);
    const view: [number, number, number, number] = [119.95, 31.75, 119.97, 31.77];
    const cityWide = data.loadBoundaries(9, view);
    expect(calls.map((c) => (c.args[0] as RegionFilter).level)).toEqual(['district']);
    calls[0].answer.resolve(regions('district', ['320402']));
    await cityWide;
    expect(state.boundaries.map((b) => b.level)).toEqual(['district']);
    expect(state.districts.map((f) => f.properties.code)).toEqual(['320402']);

    const closer = data.loadBoundaries(13.5, view);
    const asked = calls.slice(1).map((c) => c.args[0] as RegionFilter);
    expect(asked.map((f) => f.level)).toEqual(['street', 'community']);
    expect(asked.every((f) => f.bbox?.split(',').length === 4 && f.limit !== undefined)).toBe(true);
    calls[1].answer.resolve(regions('street', ['s1']));
    calls[2].answer.resolve(regions('community', ['c1', 'c2']));
    await closer;
    expect(state.boundaries.map((b) => [b.level, b.regions.features.length])).toEqual([
      ['district', 1],
      ['street', 1],
      ['community', 2],
    ]);
    // back out: finer levels are no longer drawn (but stay cached)
    await data.loadBoundaries(10, view);
    expect(state.boundaries.map((b) => b.level)).toEqual(['district']);
    expect(calls).toHaveLength(3);
  });

  it('shapes the latest grid answer into cells and ignores an older one', async () => {
    const { api, calls } = fakeApi();
    const state = sink();
    const data = new MapData(api, state, decode);
    const grid = (count: number): GridResponse => ({ cell: 'hex', size: 500, srid: 32650, total: count, cells: [{ id: 'h:1000:7000', lon: 0, lat: 0, count }] });
    const old = data.loadHexagons(QUERY, 500, [119, 31, 120, 32]);
    const latest = data.loadHexagons(QUERY, 1000, [119, 31, 120, 32]);
    expect(calls.map((c) => c.args.slice(1))).toEqual([
      ['hex', 500, '119.000000,31.000000,120.000000,32.000000'],
      ['hex', 1000, '119.000000,31.000000,120.000000,32.000000'],
    ]);
    calls[1].answer.resolve(grid(7));
    await latest;
    calls[0].answer.resolve(grid(3));
    await old;
    expect(state.hexagons!.ids).toEqual(['h:1000:7000']);
    expect([...state.hexagons!.counts]).toEqual([7]);
    expect(state.hexagons!.polygons.attributes.getPolygon.value).toHaveLength(7 * 2);
  });

  it('joins region counts to the polygons of their level', async () => {
    const { api, calls } = fakeApi();
    const state = sink();
    const data = new MapData(api, state, decode);
    const loading = data.loadChoropleth(QUERY, 'district', [119, 31, 120, 32]);
    await tick();
    const counts: RegionCountsResponse = { seq: 1, level: 'district', counts: [{ code: 'd2', count: 4 }], total: 4 };
    calls.find((c) => c.name === 'counts')!.answer.resolve(counts);
    calls.find((c) => c.name === 'regions')!.answer.resolve(regions('district', ['d1', 'd2']));
    await loading;
    expect(state.choropleth!.level).toBe('district');
    expect(state.choropleth!.regions.features.map((f) => f.properties.code)).toEqual(['d1', 'd2']);
    expect(state.choropleth!.counts.get('d2')).toBe(4);
  });
});
