import { Inject, Injectable } from '@nestjs/common';
import type { TileParams, TileQuery } from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TileRepository } from '../repositories/tile.repository';
import { CatalogueService } from './catalogue.service';
import { mapWindow } from './map.service';

/** Vector tiles of raw cases, with the map's filters resolved as for GET /api/v1/cases. */
@Injectable()
export class TileService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TileRepository) private readonly tiles: TileRepository,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
  ) {}

  async caseTile(t: TileParams, q: TileQuery, now = new Date()): Promise<Uint8Array> {
    const { from, to } = mapWindow(this.config.TZ_CITY, q, now);
    const region = await this.catalogue.regionFilter(q.region);
    const categories = await this.catalogue.expandFilter(q.categories);
    return this.tiles.caseTile(t, { from, to, region, categories, statuses: q.status ?? null });
  }
}
