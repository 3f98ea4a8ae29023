import type {
  AreaSummary,
  CaseDetail,
  Category,
  ClientConfig,
  Department,
  KpiSnapshot,
  LoginRequest,
  LoginResponse,
  Region,
  RegionCountsResponse,
  RegionLevel,
} from '@gridlens/contracts';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { MapQuery } from '../state/map-query';
import { gridColumnsFromArrow, type GridColumns } from '../map/arrow-grid';
import { ARROW_STREAM_TYPE, SEQ_HEADER, TRUNCATED_HEADER } from './map-headers';

/** Properties of each feature of `GET /api/v1/regions?format=geojson` (`id` = code). */
export type RegionProperties = Omit<Region, 'bbox'>;
export type RegionFeatureCollection = FeatureCollection<Polygon | MultiPolygon, RegionProperties>;

/** A clicked area of the map: a region, or a grid cell of GET /api/v1/grid (`srid` = that answer's, when given). */
export type AreaRef =
  | { kind: 'region'; code: string; /** Names for the panel's title (any level; districts are also in the catalogue). */ nameZh?: string; nameEn?: string }
  | { kind: 'cell'; cell: 'hex' | 'square'; size: number; id: string; srid?: number };

export interface RegionFilter {
  level?: RegionLevel;
  parent?: string;
  /** `minLon,minLat,maxLon,maxLat`: regions meeting this box. */
  bbox?: string;
  limit?: string;
}

export interface KpiFilter {
  region?: string;
  categories?: string[];
  from?: string;
  to?: string;
}

/** An answer other than 2xx: the server's `{statusCode, error, message}` when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type FetchLike = (input: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<{
  ok: boolean;
  status: number;
  statusText: string;
  json(): Promise<unknown>;
  /** Needed only by casePointsArrow (the browser's fetch has both). */
  headers?: { get(name: string): string | null };
  arrayBuffer?(): Promise<ArrayBuffer>;
}>;

/** The scope of a map read as query parameters (empty window bounds and lists left out). */
export function mapScopeParams(query: MapQuery): Record<string, string | string[] | undefined> {
  return { from: query.from || undefined, to: query.to || undefined, categories: query.categories, status: query.status, region: query.region ?? undefined };
}

export interface ApiClientOptions {
  /** Prefix of every path; '' = same origin (the server serves the dashboard, or vite proxies /api). */
  baseUrl?: string;
  /** The current sign-in token, read on every request. */
  getToken?: () => string | null;
  /** Called on a 401 from an endpoint that needs a token (the token expired or was revoked). */
  onUnauthorized?: () => void;
  fetch?: FetchLike;
}

/** `{a: 'x', b: undefined}` → `?a=x`; arrays are comma-joined (an empty array is left out). */
export function queryString(params: Record<string, string | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length) search.set(key, value.join(','));
    } else search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Typed access to the gridlens REST API (docs/api.md). */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;

  constructor(private readonly options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? '';
    // Called through globalThis: the browser's fetch throws "Illegal invocation" when called unbound.
    this.fetchImpl = options.fetch ?? ((input, init) => (globalThis.fetch as unknown as FetchLike)(input, init));
  }

  /** `POST /api/v1/auth/login`. */
  login(body: LoginRequest): Promise<LoginResponse> {
    return this.request<LoginResponse>('POST', '/api/v1/auth/login', { body, auth: false });
  }

  /** `GET /api/v1/regions` (JSON). */
  async regions(filter: RegionFilter = {}): Promise<Region[]> {
    const answer = await this.request<{ regions: Region[] }>('GET', `/api/v1/regions${queryString({ ...filter })}`, { auth: false });
    return answer.regions;
  }

  /** `GET /api/v1/regions?format=geojson`: the polygons. */
  regionsGeoJson(filter: RegionFilter = {}): Promise<RegionFeatureCollection> {
    return this.request<RegionFeatureCollection>('GET', `/api/v1/regions${queryString({ ...filter, format: 'geojson' })}`, { auth: false });
  }

  /** `GET /api/v1/kpis` for a scope (default: the whole city, today). */
  kpis(filter: KpiFilter = {}): Promise<KpiSnapshot> {
    return this.request<KpiSnapshot>('GET', `/api/v1/kpis${queryString({ ...filter })}`);
  }

  /** `GET /api/v1/categories` (every level, names in both languages). */
  async categories(): Promise<Category[]> {
    return (await this.request<{ categories: Category[] }>('GET', '/api/v1/categories', { auth: false })).categories;
  }

  /** `GET /api/v1/departments`. */
  async departments(): Promise<Department[]> {
    return (await this.request<{ departments: Department[] }>('GET', '/api/v1/departments', { auth: false })).departments;
  }

  /** `GET /api/v1/client-config` (public): tiles, time zone, demo flag. */
  clientConfig(): Promise<ClientConfig> {
    return this.request<ClientConfig>('GET', '/api/v1/client-config', { auth: false });
  }

  /** `GET /api/v1/areas/summary` for a clicked region or grid cell, within the dashboard's scope. */
  areaSummary(query: MapQuery, area: AreaRef): Promise<AreaSummary> {
    const where =
      area.kind === 'region'
        ? { region: area.code }
        : { region: query.region ?? undefined, cell: area.cell, size: String(area.size), id: area.id, srid: area.srid === undefined ? undefined : String(area.srid) };
    const params = { from: query.from, to: query.to, categories: query.categories, status: query.status, ...where };
    return this.request<AreaSummary>('GET', `/api/v1/areas/summary${queryString(params)}`);
  }

  /** `GET /api/v1/cases/{caseId}`: the case, its timer and its whole timeline. */
  caseDetail(caseId: string): Promise<CaseDetail> {
    return this.request<CaseDetail>('GET', `/api/v1/cases/${encodeURIComponent(caseId)}`);
  }

  /** `GET /api/v1/grid` as Arrow: case counts per hexagon (or square) of `size` metres in the visible box, as columns. */
  async grid(query: MapQuery, cell: 'hex' | 'square', size: number, bbox: string | undefined): Promise<GridColumns> {
    const path = `/api/v1/grid${queryString({ ...mapScopeParams(query), cell, size: String(size), bbox })}`;
    const response = await this.send('GET', path, { accept: ARROW_STREAM_TYPE });
    if (!response.arrayBuffer) throw new Error('this fetch cannot read binary answers');
    return gridColumnsFromArrow(new Uint8Array(await response.arrayBuffer()));
  }

  /** `GET /api/v1/regions/counts`: cases per region of a level (the choropleth). */
  regionCounts(query: MapQuery, level: RegionLevel): Promise<RegionCountsResponse> {
    return this.request<RegionCountsResponse>('GET', `/api/v1/regions/counts${queryString({ ...mapScopeParams(query), level })}`);
  }

  /** `GET /api/v1/cases?format=arrow`: the case points as an Arrow IPC stream, with the seq they reflect. */
  async casePointsArrow(query: MapQuery): Promise<{ seq: number; truncated: boolean; bytes: Uint8Array }> {
    const response = await this.send('GET', `/api/v1/cases${queryString({ ...mapScopeParams(query), format: 'arrow' })}`, { accept: ARROW_STREAM_TYPE });
    if (!response.arrayBuffer || !response.headers) throw new Error('this fetch cannot read binary answers');
    const seq = Number(response.headers.get(SEQ_HEADER));
    return { seq: Number.isFinite(seq) ? seq : 0, truncated: response.headers.get(TRUNCATED_HEADER) === 'true', bytes: new Uint8Array(await response.arrayBuffer()) };
  }

  /** Any GET as JSON (the explorer builds its own URLs: docs/api.md). */
  getJson<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  /** Any GET answered as an Arrow IPC stream (`Accept: application/vnd.apache.arrow.stream`), as bytes. */
  async getArrow(path: string): Promise<Uint8Array> {
    const response = await this.send('GET', path, { accept: ARROW_STREAM_TYPE });
    if (!response.arrayBuffer) throw new Error('this fetch cannot read binary answers');
    return new Uint8Array(await response.arrayBuffer());
  }

  private async request<T>(method: string, path: string, opts: { body?: unknown; auth?: boolean } = {}): Promise<T> {
    return (await (await this.send(method, path, opts)).json()) as T;
  }

  private async send(method: string, path: string, opts: { body?: unknown; auth?: boolean; accept?: string } = {}) {
    const headers: Record<string, string> = { accept: opts.accept ?? 'application/json' };
    const auth = opts.auth ?? true;
    const token = auth ? this.options.getToken?.() : null;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const response = await this.fetchImpl(`${this.baseUrl}${path}`, { method, headers, body });
    if (!response.ok) {
      let message = response.statusText || `HTTP ${response.status}`;
      try {
        const error = (await response.json()) as { message?: unknown };
        if (typeof error?.message === 'string') message = error.message;
      } catch {
        // not JSON: keep the status text
      }
      if (response.status === 401 && auth) this.options.onUnauthorized?.();
      throw new ApiError(response.status, message);
    }
    return response;
  }
}
