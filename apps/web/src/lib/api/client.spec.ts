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
