// The queries the rollup benchmark times, each asked with source=rollup and source=raw, and how their answers are timed.

export interface QuerySpec {
  /** Short label for the table. */
  name: string;
  /** 'city': whole city, two years (the targets apply); 'filtered': one category or one district, reported apart. */
  group: 'city' | 'filtered';
  path: string;
  params: Record<string, string>;
}

/** The whole-city, whole-period queries of issue 4 §8, then one category-filtered and one district-filtered query. */
export function rollupQueries(window: { from: string; to: string }, filters: { major: string; district: string }): QuerySpec[] {
  const w = { from: window.from, to: window.to };
  return [
    { name: 'grid H3 res 8', group: 'city', path: '/api/v1/grid', params: { cell: 'h3', resolution: '8', ...w } },
    { name: 'grid H3 res 10', group: 'city', path: '/api/v1/grid', params: { cell: 'h3', resolution: '10', ...w } },
    { name: 'grid square 500 m', group: 'city', path: '/api/v1/grid', params: { cell: 'square', size: '500', ...w } },
    { name: 'choropleth streets', group: 'city', path: '/api/v1/regions/counts', params: { level: 'street', ...w } },
    { name: 'choropleth communities', group: 'city', path: '/api/v1/regions/counts', params: { level: 'community', ...w } },
    { name: 'Gi* H3 res 8 k=1', group: 'city', path: '/api/v1/hotspots', params: { cell: 'h3', resolution: '8', k: '1', ...w } },
    { name: 'Gi* H3 res 9 k=1', group: 'city', path: '/api/v1/hotspots', params: { cell: 'h3', resolution: '9', k: '1', ...w } },
    { name: 'emerging H3 res 8 week', group: 'city', path: '/api/v1/hotspots/emerging', params: { cell: 'h3', resolution: '8', step: 'week', ...w } },
    { name: `grid H3 res 8, category ${filters.major}`, group: 'filtered', path: '/api/v1/grid', params: { cell: 'h3', resolution: '8', categories: filters.major, ...w } },
    { name: `communities of district ${filters.district}`, group: 'filtered', path: '/api/v1/regions/counts', params: { level: 'community', region: filters.district, ...w } },
    { name: 'trends month whole city', group: 'city', path: '/api/v1/trends', params: { step: 'month', ...w } },
    { name: `trends day, district ${filters.district}`, group: 'filtered', path: '/api/v1/trends', params: { step: 'day', region: filters.district, ...w } },
  ];
}

export interface Answer {
  ms: number;
  status: number;
  /** The x-gridlens-source header ('rollup', 'raw', 'mixed'), or null when absent. */
  source: string | null;
  bytes: number;
  body: string;
}

/** The Arrow IPC stream type (docs/api.md, "Arrow answers"): what the web app asks these endpoints for. */
export const ARROW_ACCEPT = 'application/vnd.apache.arrow.stream';

/**
 * One GET, timed from the request to the last byte of the body (JSON: parsed afterwards, outside the time). With
 * `arrow`, the same query as the web app asks it (Accept: Arrow); the body is then kept as bytes, not text.
 */
export async function timedGet(baseUrl: string, spec: QuerySpec, source: 'rollup' | 'raw', token: string, arrow = false): Promise<Answer> {
  const url = `${baseUrl}${spec.path}?${new URLSearchParams({ ...spec.params, source })}`;
  const t0 = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: arrow ? ARROW_ACCEPT : 'application/json' } });
  if (arrow) {
    const bytes = (await response.arrayBuffer()).byteLength;
    const ms = performance.now() - t0;
    if (response.status === 200 && !response.headers.get('content-type')?.startsWith(ARROW_ACCEPT)) throw new Error(`${spec.name}: asked for Arrow, answered ${response.headers.get('content-type')}`);
    return { ms, status: response.status, source: response.headers.get('x-gridlens-source'), bytes, body: '' };
  }
  const body = await response.text();
  const ms = performance.now() - t0;
  return { ms, status: response.status, source: response.headers.get('x-gridlens-source'), bytes: Buffer.byteLength(body), body };
}

/**
 * The order of one query's measured runs: every rollup run, with the raw runs spread evenly among them
 * (e.g. 15 rollup and 5 raw: R R R W R R R W …), so both sources see the same machine over the same minutes.
 */
export function interleave(rollupRuns: number, rawRuns: number): ('rollup' | 'raw')[] {
  const order: ('rollup' | 'raw')[] = [];
  let raw = 0;
  for (let r = 0; r < rollupRuns; r++) {
    order.push('rollup');
    while (raw < rawRuns && (raw + 1) * rollupRuns <= (r + 1) * rawRuns) {
      order.push('raw');
      raw++;
    }
  }
  while (raw++ < rawRuns) order.push('raw');
  return order;
}
