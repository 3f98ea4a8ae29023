import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { GridQuery, GridResponse } from '@gridlens/contracts';
import { GridRepository } from '../repositories/grid.repository';
import { RegionRepository } from '../repositories/region.repository';
import { CatalogueService } from './catalogue.service';

/** UTM zone (WGS84, EPSG 326xx north / 327xx south) for a longitude and latitude. */
export function utmSrid(lon: number, lat: number): number {
  const zone = Math.min(60, Math.max(1, Math.floor((lon + 180) / 6) + 1));
  return (lat >= 0 ? 32600 : 32700) + zone;
}

@Injectable()
export class GridService {
  constructor(
    @Inject(GridRepository) private readonly grid: GridRepository,
    @Inject(RegionRepository) private readonly regions: RegionRepository,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
  ) {}

  async cells(q: GridQuery): Promise<GridResponse> {
    if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to)) throw new BadRequestException('from: must be before to');
    const region = await this.catalogue.regionFilter(q.region);
    const categories = await this.catalogue.expandFilter(q.categories);
    // Cells are laid out in the UTM zone of the query's centre (of the bbox, else of the city).
    const extent = q.bbox ?? (await this.cityExtent());
    // No city yet, no cases: nothing to bin.
    if (!extent) return { cells: [], total: 0, cell: q.cell, size: q.size, srid: 4326 };
    const srid = utmSrid((extent.minLon + extent.maxLon) / 2, (extent.minLat + extent.maxLat) / 2);
    const cells = await this.grid.cells({
      cell: q.cell,
      size: q.size,
      srid,
      bbox: q.bbox ?? null,
      from: q.from ? new Date(q.from) : null,
      to: q.to ? new Date(q.to) : null,
      categories,
      statuses: q.status ?? null,
      region,
    });
    return { cells, total: cells.reduce((sum, c) => sum + c.count, 0), cell: q.cell, size: q.size, srid };
  }

  /** The extent of the city (the first, if several), or null before any region exists. */
  private async cityExtent() {
    const [city] = await this.regions.list({ level: 'city' });
    if (!city) return null;
    const [minLon, minLat, maxLon, maxLat] = city.bbox;
    return { minLon, minLat, maxLon, maxLat };
  }
}
