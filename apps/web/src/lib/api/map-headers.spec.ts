import * as contracts from '@gridlens/contracts';
import { describe, expect, it } from 'vitest';
import { gridArrowBytes } from '../map/arrow-grid-test-data';
import { ApiClient } from './client';
import { ARROW_STREAM_TYPE, SEQ_HEADER, TRUNCATED_HEADER } from './map-headers';

describe('map read constants', () => {
  it('equal the contract', () => {
    expect(ARROW_STREAM_TYPE).toBe(contracts.ARROW_STREAM_TYPE);
    expect(SEQ_HEADER).toBe(contracts.SEQ_HEADER);
    expect(TRUNCATED_HEADER).toBe(contracts.TRUNCATED_HEADER);
  });
});

describe('map reads of ApiClient', () => {
  const query = { from: '2026-11-28T00:00:00+08:00', to: '', categories: ['E05'], region: null, status: ['reported' as const, 'closed' as const] };

  function client(answer: { headers?: Record<string, string>; body?: unknown; bytes?: Uint8Array }) {
    const calls: { url: string; headers: Record<string, string> }[] = [];
    const api = new ApiClient({
      getToken: () => 'tok',
      fetch: async (url, init) => {
        calls.push({ url, headers: init?.headers ?? {} });
        return {
          ok: true,
          status: 200,
          statusText: 'OK',
          json: async () => answer.body,
          headers: { get: (name: string) => answer.headers?.[name.toLowerCase()] ?? null },
          arrayBuffer: async () => (answer.bytes ?? new Uint8Array()).slice().buffer,
        };
      },
    });
    return { api, calls };
  }

  it('reads the Arrow stream with its seq and truncated headers, asking for Arrow with the scope', async () => {
    const { api, calls } = client({ headers: { 'x-gridlens-seq': '42', 'x-gridlens-truncated': 'true' }, bytes: new Uint8Array([1, 2, 3]) });
    const answer = await api.casePointsArrow(query);
    expect(answer.seq).toBe(42);
    expect(answer.truncated).toBe(true);
    expect([...answer.bytes]).toEqual([1, 2, 3]);
    const url = new URL(calls[0].url, 'http://x');
    expect(url.pathname).toBe('/api/v1/cases');
    expect(Object.fromEntries(url.searchParams)).toEqual({ from: query.from, categories: 'E05', status: 'reported,closed', format: 'arrow' });
    expect(calls[0].headers).toMatchObject({ accept: ARROW_STREAM_TYPE, authorization: 'Bearer tok' });
  });

  it('asks the grid (as Arrow) and the region counts for the same scope', async () => {
    const bytes = gridArrowBytes({ cell: 'hex', size: 500, srid: 32650, total: 2, cells: [{ id: 'h:1:2', lon: 119.5, lat: 31.5, count: 2 }] });
    const { api, calls } = client({ body: { cells: [] }, bytes });
    const grid = await api.grid(query, 'hex', 500, '119,31,120,32');
    expect(grid).toMatchObject({ cell: 'hex', size: 500, srid: 32650, total: 2, id: ['h:1:2'] });
    expect(calls[0].headers).toMatchObject({ accept: ARROW_STREAM_TYPE });
    await api.regionCounts({ ...query, region: '320402' }, 'street');
    expect(Object.fromEntries(new URL(calls[0].url, 'http://x').searchParams)).toEqual({
      from: query.from,
      categories: 'E05',
      status: 'reported,closed',
      cell: 'hex',
      size: '500',
      bbox: '119,31,120,32',
    });
    const counts = new URL(calls[1].url, 'http://x');
    expect(counts.pathname).toBe('/api/v1/regions/counts');
    expect(counts.searchParams.get('level')).toBe('street');
    expect(counts.searchParams.get('region')).toBe('320402');
  });
});
