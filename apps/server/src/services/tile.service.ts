import { Inject, Injectable } from '@nestjs/common';
import { CASE_TILE_LAYER, type TileParams, type TileQuery } from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EXTENT, TileRepository } from '../repositories/tile.repository';
import { CatalogueService } from './catalogue.service';
import { mapWindow } from './map.service';
import { encodePointTile } from './tile-encoder';

/**
 * Vector tiles of raw cases, with the map's filters resolved as for GET /api/v1/cases. PostGIS's ST_AsMVT where
 * it exists; where PostGIS lacks protobuf-c (PGlite), the same points encoded here (tile-encoder.ts).
 */
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
    const filter = { from, to, region, categories, statuses: q.status ?? null };
    if (await this.tiles.supportsMvt()) return this.tiles.caseTile(t, filter);
    return encodePointTile(CASE_TILE_LAYER, EXTENT, await this.tiles.caseTilePoints(t, filter));
  }
}
