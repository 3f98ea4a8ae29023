import type { KpiSnapshot, LoginRequest, LoginResponse, Region, RegionLevel } from '@gridlens/contracts';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';

/** Properties of each feature of `GET /api/v1/regions?format=geojson` (`id` = code). */
export type RegionProperties = Omit<Region, 'bbox'>;
export type RegionFeatureCollection = FeatureCollection<Polygon | MultiPolygon, RegionProperties>;

export interface RegionFilter {
  level?: RegionLevel;
  parent?: string;
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
}>;

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

  private async request<T>(method: string, path: string, opts: { body?: unknown; auth?: boolean } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
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
    return (await response.json()) as T;
  }
}
