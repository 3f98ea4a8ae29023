// The few calls the simulator makes to a gridlens server: the city (districts and catalogue) and the ingest endpoint.
import type { Category, IngestEvent, IngestResult } from '@gridlens/contracts';
import type { SimDistrict } from '@gridlens/city-sim';

/** A failure the run cannot go on from (wrong key, not a gridlens server, …). */
export class FatalError extends Error {}

/** A failure worth retrying (server unreachable, database down: 503). */
export class RetryableError extends Error {}

export class ServerApi {
  constructor(
    private readonly url: string,
    private readonly key: string,
  ) {}

  private async request(path: string, init: RequestInit = {}): Promise<Response> {
    try {
      return await fetch(`${this.url}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new RetryableError(`cannot reach the server at ${this.url} (${why}); is it running, and is --url right?`);
    }
  }

  private async json<T>(path: string): Promise<T> {
    const res = await this.request(path);
    if (!res.ok) throw new FatalError(`GET ${path} answered ${res.status}; is ${this.url} a gridlens server?`);
    return (await res.json()) as T;
  }

  /** The districts (WGS84) and catalogue of the server's city, so every simulated report lands inside it. */
  async city(): Promise<{ districts: SimDistrict[]; catalogue: { categories: Category[] } }> {
    type Fc = { features: { properties: { code: string; nameZh?: string }; geometry: SimDistrict['geometry'] | null }[] };
    let fc = await this.json<Fc>('/api/v1/regions?format=geojson&level=district');
    if (fc.features.length === 0) fc = await this.json<Fc>('/api/v1/regions?format=geojson&level=city');
    const districts = fc.features
      .filter((f) => f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'))
      .map((f) => ({ code: f.properties.code, name: f.properties.nameZh, geometry: f.geometry! }));
    if (districts.length === 0) throw new FatalError(`the server at ${this.url} has no districts (or city) to report cases in`);
    const catalogue = await this.json<{ categories: Category[] }>('/api/v1/categories');
    if (!catalogue.categories.some((c) => c.level === 'minor')) throw new FatalError(`the server at ${this.url} has no minor categories`);
    return { districts, catalogue };
  }

  /** POST a batch to /api/v1/events. */
  async post(events: IngestEvent[]): Promise<IngestResult> {
    const res = await this.request('/api/v1/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.key}` },
      body: JSON.stringify({ events }),
    });
    if (res.ok) return (await res.json()) as IngestResult;
    const text = await res.text().catch(() => '');
    const message = (() => {
      try {
        const m = (JSON.parse(text) as { message?: unknown }).message;
        return Array.isArray(m) ? m.join('; ') : String(m ?? text);
      } catch {
        return text;
      }
    })();
    if (res.status === 401) throw new FatalError(`the server refused the ingest key (401): --key must be one of its INGEST_API_KEYS`);
    if (res.status === 503 || res.status === 502 || res.status === 504) {
      throw new RetryableError(`the server answered ${res.status} (${message.slice(0, 200)}); retrying`);
    }
    throw new FatalError(`POST /api/v1/events answered ${res.status}: ${message.slice(0, 500)}`);
  }
}
