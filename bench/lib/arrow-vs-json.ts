/**
 * Arrow vs JSON for the map's case points (issue 4 §8): bytes on the wire and decode time in the browser path.
 *
 *   measureArrowVsJson({ baseUrl, token, query, runs }) → ArrowVsJson (plain numbers)
 *
 * - `baseUrl`: a running gridlens server (e.g. `http://127.0.0.1:41234`); `token`: a bearer token (any signed-in role);
 *   `query`: the parameters of `GET /api/v1/cases` other than `format` (e.g. `{ from, to, limit: '1000000' }`);
 *   `runs`: repetitions per format (default 5); the times are the median (p50) of the runs.
 * - Bytes: the body as sent (the server does not compress; `content-length` when present, else counted), and gzip -6
 *   of the same body for what a compressing proxy would send.
 * - Fetch: request start → last byte, per format (node's fetch on the same machine: no network in it).
 * - Decode, on the fetched bytes, with the web app's own code run in Node:
 *   Arrow: `tableFromIPC` → `pointTableFromArrow` (apps/web/src/lib/map/arrow-points.ts) → `pointLayerData`
 *   (point-table.ts), i.e. exactly what MapData.loadPoints does before deck.gl gets the binary attributes;
 *   JSON: UTF-8 decode + `JSON.parse` + one object per case as a JSON-object ScatterplotLayer would take them
 *   (`{caseId, status, category, position: [lon, lat], color}`), i.e. what the dashboard did before Arrow.
 *   `jsonParseMs` is the UTF-8 decode + `JSON.parse` part alone.
 * - Ratios are Arrow / JSON (below 1 = Arrow smaller or faster).
 * Throws when an answer is not 200, was truncated, or the two formats disagree on the number of points.
 */
import { gzipSync } from 'node:zlib';
import { tableFromIPC } from 'apache-arrow';
import type { CasePointsResponse } from '@gridlens/contracts';
import { pointTableFromArrow } from '../../apps/web/src/lib/map/arrow-points';
import { pointLayerData } from '../../apps/web/src/lib/map/point-table';
import { jsonPointObjects } from '../first-frame/json-points';
import { percentile } from './stats';

export interface ArrowVsJsonOptions {
  baseUrl: string;
  token: string;
  query: Record<string, string>;
  runs?: number;
}

export interface ArrowVsJson {
  points: number;
  runs: number;
  arrowBytes: number;
  jsonBytes: number;
  arrowGzipBytes: number;
  jsonGzipBytes: number;
  arrowFetchMs: number;
  jsonFetchMs: number;
  arrowDecodeMs: number;
  jsonDecodeMs: number;
  jsonParseMs: number;
  /** Arrow / JSON. */
  bytesRatio: number;
  gzipBytesRatio: number;
  fetchRatio: number;
  decodeRatio: number;
}

async function fetchBody(url: string, token: string): Promise<{ bytes: Uint8Array; wireBytes: number; ms: number }> {
  const t0 = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'identity' } });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const ms = performance.now() - t0;
  if (response.status !== 200) throw new Error(`GET ${url}: HTTP ${response.status}: ${new TextDecoder().decode(bytes.subarray(0, 500))}`);
  if (response.headers.get('x-gridlens-truncated') !== 'false') throw new Error(`GET ${url}: the answer was cut by limit (raise limit)`);
  const length = Number(response.headers.get('content-length'));
  return { bytes, wireBytes: Number.isFinite(length) && length > 0 ? length : bytes.byteLength, ms };
}

function timed<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

export async function measureArrowVsJson({ baseUrl, token, query, runs = 5 }: ArrowVsJsonOptions): Promise<ArrowVsJson> {
  const url = (format: 'arrow' | 'json') => `${baseUrl}/api/v1/cases?${new URLSearchParams({ ...query, format })}`;
  const times = { arrowFetch: [] as number[], jsonFetch: [] as number[], arrowDecode: [] as number[], jsonDecode: [] as number[], jsonParse: [] as number[] };
  let arrow: Uint8Array = new Uint8Array();
  let json: Uint8Array = new Uint8Array();
  let arrowWire = 0;
  let jsonWire = 0;
  let points = -1;
  for (let run = 0; run < runs; run++) {
    // alternate the order, so neither format always runs on a warmer (or more tired) process
    for (const format of run % 2 === 0 ? (['arrow', 'json'] as const) : (['json', 'arrow'] as const)) {
      const body = await fetchBody(url(format), token);
      if (format === 'arrow') {
        arrow = body.bytes;
        arrowWire = body.wireBytes;
        times.arrowFetch.push(body.ms);
        const decoded = timed(() => pointLayerData(pointTableFromArrow(tableFromIPC(arrow), 0)));
        times.arrowDecode.push(decoded.ms);
        if (points >= 0 && decoded.value.length !== points) throw new Error(`Arrow has ${decoded.value.length} points, JSON ${points}`);
        points = decoded.value.length;
      } else {
        json = body.bytes;
        jsonWire = body.wireBytes;
        times.jsonFetch.push(body.ms);
        const parsed = timed(() => JSON.parse(new TextDecoder().decode(json)) as CasePointsResponse);
        const built = timed(() => jsonPointObjects(parsed.value));
        times.jsonParse.push(parsed.ms);
        times.jsonDecode.push(parsed.ms + built.ms);
        if (points >= 0 && built.value.length !== points) throw new Error(`JSON has ${built.value.length} points, Arrow ${points}`);
        points = built.value.length;
      }
    }
  }
  const p50 = (xs: number[]) => percentile(xs, 50);
  const arrowGzipBytes = gzipSync(arrow).byteLength;
  const jsonGzipBytes = gzipSync(json).byteLength;
  const r = {
    arrowFetchMs: p50(times.arrowFetch),
    jsonFetchMs: p50(times.jsonFetch),
    arrowDecodeMs: p50(times.arrowDecode),
    jsonDecodeMs: p50(times.jsonDecode),
    jsonParseMs: p50(times.jsonParse),
  };
  return {
    points,
    runs,
    arrowBytes: arrowWire,
    jsonBytes: jsonWire,
    arrowGzipBytes,
    jsonGzipBytes,
    ...r,
    bytesRatio: arrowWire / jsonWire,
    gzipBytesRatio: arrowGzipBytes / jsonGzipBytes,
    fetchRatio: r.arrowFetchMs / r.jsonFetchMs,
    decodeRatio: r.arrowDecodeMs / r.jsonDecodeMs,
  };
}
