import type { PublicLevel, PublicRanking, PublicRankingList, PublicUnitHistory } from '@gridlens/contracts';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Language } from '../i18n/messages';

/**
 * The public site's only way to the server: `GET /api/public/…` (docs/api.md "Public rankings"), never /api/v1,
 * never a token. Answers are cacheable by the server (ETag / Cache-Control); the browser's cache does the rest.
 */
export interface PublicRegionProperties {
  code: string;
  name_zh: string;
  name_en: string;
}
export type PublicRegions = FeatureCollection<Polygon | MultiPolygon, PublicRegionProperties>;
export type RegionLevelOfPublic = Exclude<PublicLevel, 'department'>;

export class PublicApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'PublicApiError';
  }
}

type FetchLike = (input: string, init?: { headers?: Record<string, string> }) => Promise<{ ok: boolean; status: number; statusText: string; json(): Promise<unknown> }>;

export const isRegionLevel = (level: PublicLevel): level is RegionLevelOfPublic => level !== 'department';

export class PublicApi {
  private readonly fetchImpl: FetchLike;

  constructor(
    private readonly baseUrl = '',
    fetchImpl?: FetchLike,
  ) {
    this.fetchImpl = fetchImpl ?? ((input, init) => (globalThis.fetch as unknown as FetchLike)(input, init));
  }

  /** Every publication (current and superseded, newest first) and the periods/levels with a current one. */
  list(): Promise<PublicRankingList> {
    return this.get('/api/public/rankings');
  }

  ranking(id: string): Promise<PublicRanking> {
    return this.get(`/api/public/rankings/${encodeURIComponent(id)}`);
  }

  history(level: PublicLevel, code: string): Promise<PublicUnitHistory> {
    return this.get(`/api/public/units/${level}/${encodeURIComponent(code)}/history`);
  }

  regions(level: RegionLevelOfPublic): Promise<PublicRegions> {
    return this.get(`/api/public/regions?level=${level}`);
  }

  /** The download link of a publication's table (a plain link: the browser saves the file). */
  downloadUrl(id: string, format: 'csv' | 'xlsx', lang: Language): string {
    return `${this.baseUrl}/api/public/rankings/${encodeURIComponent(id)}.${format}?lang=${lang}`;
  }

  private async get<T>(path: string): Promise<T> {
    const response = await this.fetchImpl(`${this.baseUrl}${path}`, { headers: { accept: 'application/json' } });
    if (!response.ok) {
      let message = response.statusText || `HTTP ${response.status}`;
      try {
        const body = (await response.json()) as { message?: unknown };
        if (typeof body?.message === 'string') message = body.message;
      } catch {
        // not JSON: keep the status text
      }
      throw new PublicApiError(response.status, message);
    }
    return (await response.json()) as T;
  }
}

/** The id of the current publication of (level, period), or null when none is published. */
export function currentId(list: PublicRankingList, level: PublicLevel, period: string): string | null {
  return list.periods.find((p) => p.level === level && p.period === period)?.id ?? null;
}

/** Per level (in PUBLIC_LEVELS order), its current publications, newest period first. */
export function periodsByLevel(list: PublicRankingList, levels: readonly PublicLevel[]): { level: PublicLevel; periods: { period: string; id: string }[] }[] {
  return levels
    .map((level) => ({
      level,
      periods: list.periods
        .filter((p) => p.level === level)
        .map(({ period, id }) => ({ period, id }))
        .sort((a, b) => b.period.localeCompare(a.period)),
    }))
    .filter((g) => g.periods.length > 0);
}
