import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, queryString } from './client';

function fakeFetch(status: number, payload: unknown) {
  const calls: { url: string; init?: { method?: string; headers?: Record<string, string>; body?: string } }[] = [];
  const fetch = async (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => {
    calls.push({ url, init });
    return { ok: status >= 200 && status < 300, status, statusText: 'x', json: async () => payload };
  };
  return { fetch, calls };
}

describe('queryString', () => {
  it('drops undefined values and empty arrays, comma-joins arrays', () => {
    expect(queryString({ a: 'x', b: undefined, c: [], d: ['E05', 'C01'] })).toBe('?a=x&d=E05%2CC01');
    expect(queryString({})).toBe('');
  });
});

describe('ApiClient', () => {
  it('signs in with a JSON POST and no token', async () => {
    const { fetch, calls } = fakeFetch(200, { token: 't', role: 'admin' });
    const api = new ApiClient({ fetch, getToken: () => 'old' });
    expect(await api.login({ username: 'admin', password: 'pw' })).toEqual({ token: 't', role: 'admin' });
    expect(calls[0].url).toBe('/api/v1/auth/login');
    expect(calls[0].init?.method).toBe('POST');
    expect(calls[0].init?.headers?.authorization).toBeUndefined();
    expect(JSON.parse(calls[0].init?.body ?? '')).toEqual({ username: 'admin', password: 'pw' });
  });

  it('asks for region polygons as GeoJSON', async () => {
    const { fetch, calls } = fakeFetch(200, { type: 'FeatureCollection', features: [] });
    await new ApiClient({ fetch, baseUrl: 'http://h' }).regionsGeoJson({ level: 'district' });
    expect(calls[0].url).toBe('http://h/api/v1/regions?level=district&format=geojson');
  });

  it('sends the token for KPIs and reports a 401', async () => {
    const { fetch, calls } = fakeFetch(401, { statusCode: 401, error: 'Unauthorized', message: 'invalid or expired token' });
    let signedOut = false;
    const api = new ApiClient({ fetch, getToken: () => 'tok', onUnauthorized: () => (signedOut = true) });
    const error = await api.kpis({ region: '320402' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect((error as ApiError).message).toBe('invalid or expired token');
    expect(signedOut).toBe(true);
    expect(calls[0].url).toBe('/api/v1/kpis?region=320402');
    expect(calls[0].init?.headers?.authorization).toBe('Bearer tok');
  });
});

describe('ApiClient: dashboard panels', () => {
  const query = { from: '2026-11-27T16:00:00.000Z', to: '2026-11-28T16:00:00.000Z', categories: ['E05'], region: '320402', status: ['registered' as const] };

  it('asks for the summary of a region or a grid cell with the dashboard scope', async () => {
    const { fetch, calls } = fakeFetch(200, { seq: 1, count: 0, topCategories: [], openCount: 0, openCases: [] });
    const api = new ApiClient({ fetch, getToken: () => 'tok' });
    await api.areaSummary(query, { kind: 'region', code: '320411' });
    await api.areaSummary({ ...query, status: [] }, { kind: 'cell', cell: 'hex', size: 500, id: 'h:3:-4', srid: 32651 });
    const [region, cell] = calls.map((c) => new URL(c.url, 'http://h').searchParams);
    expect(Object.fromEntries(region)).toEqual({ from: query.from, to: query.to, categories: 'E05', status: 'registered', region: '320411' });
    expect(Object.fromEntries(cell)).toEqual({ from: query.from, to: query.to, categories: 'E05', region: '320402', cell: 'hex', size: '500', id: 'h:3:-4', srid: '32651' });
    expect(calls[0].init?.headers?.authorization).toBe('Bearer tok');
  });

  it('reads a case by its escaped id, and the catalogues and client config without a token', async () => {
    const { fetch, calls } = fakeFetch(200, { categories: [{ code: 'C01' }], departments: [{ code: 'D1' }] });
    const api = new ApiClient({ fetch, getToken: () => 'tok' });
    await api.caseDetail('A/1 2');
    expect(await api.categories()).toEqual([{ code: 'C01' }]);
    expect(await api.departments()).toEqual([{ code: 'D1' }]);
    await api.clientConfig();
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/cases/A%2F1%202', '/api/v1/categories', '/api/v1/departments', '/api/v1/client-config']);
    expect(calls.slice(1).every((c) => c.init?.headers?.authorization === undefined)).toBe(true);
  });
});
