/// <reference types="svelte" />
import type { ApiClient } from '../api/client';
import { indexCatalogue, type CatalogueIndex } from './catalogue-index';

/**
 * Names in both languages for what the API speaks in codes: categories (every level), departments and districts.
 * Loaded once after sign-in (GET /api/v1/categories, /departments, /regions?level=district).
 */
export class Catalogue {
  index = $state.raw<CatalogueIndex>(indexCatalogue({ categories: [], departments: [], districts: [] }));
  loaded = $state(false);
  error = $state<string | null>(null);

  constructor(private readonly api: Pick<ApiClient, 'categories' | 'departments' | 'regions'>) {}

  async load(): Promise<void> {
    try {
      const [categories, departments, districts] = await Promise.all([
        this.api.categories(),
        this.api.departments(),
        this.api.regions({ level: 'district' }),
      ]);
      this.index = indexCatalogue({ categories, departments, districts });
      this.loaded = true;
      this.error = null;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }
}
