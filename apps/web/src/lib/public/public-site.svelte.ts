/// <reference types="svelte" />
import type { PublicLevel, PublicRanking, PublicRankingList, PublicUnitHistory } from '@gridlens/contracts';
import { currentId, PublicApi, type PublicRegions, type RegionLevelOfPublic } from './public-api';
import type { PublicationRef } from './public-routes';

/**
 * The public site's data: the list of publications (loaded once per visit), and publications, region boundaries
 * and unit histories fetched on demand and kept for the visit (a publication never changes but for its
 * `supersededBy`, which the list refresh brings). All through PublicApi: /api/public only.
 */
export class PublicSiteData {
  list = $state.raw<PublicRankingList | null>(null);
  listError = $state<string | null>(null);
  private listPromise: Promise<PublicRankingList> | null = null;
  private readonly rankings = new Map<string, Promise<PublicRanking>>();
  private readonly regions = new Map<RegionLevelOfPublic, Promise<PublicRegions>>();
  private readonly histories = new Map<string, Promise<PublicUnitHistory>>();

  constructor(readonly api: PublicApi = new PublicApi()) {}

  loadList(): Promise<PublicRankingList> {
    this.listPromise ??= this.api.list().then(
      (list) => {
        this.list = list;
        this.listError = null;
        return list;
      },
      (error: unknown) => {
        this.listPromise = null;
        this.listError = error instanceof Error ? error.message : String(error);
        throw error;
      },
    );
    return this.listPromise;
  }

  /** The publication id a page refers to: its own, or the current one of its period and level (null: none). */
  async resolve(ref: PublicationRef): Promise<string | null> {
    if (ref.kind === 'id') return ref.id;
    return currentId(await this.loadList(), ref.level, ref.period);
  }

  ranking(id: string): Promise<PublicRanking> {
    return remember(this.rankings, id, () => this.api.ranking(id));
  }

  regionsOf(level: RegionLevelOfPublic): Promise<PublicRegions> {
    return remember(this.regions, level, () => this.api.regions(level));
  }

  history(level: PublicLevel, code: string): Promise<PublicUnitHistory> {
    return remember(this.histories, `${level}/${code}`, () => this.api.history(level, code));
  }
}

/** A cached promise per key; a failed one is forgotten so the next visit asks again. */
function remember<K, V>(cache: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> {
  let promise = cache.get(key);
  if (!promise) {
    promise = load();
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
  }
  return promise;
}
