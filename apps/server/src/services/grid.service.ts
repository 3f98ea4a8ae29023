import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { cellToLatLng, latLngToCell } from 'h3-js';
import type { GridCell, GridQuery, GridResponse, H3GridResponse } from '@gridlens/contracts';
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

  async cells(q: GridQuery): Promise<GridResponse | H3GridResponse> {
    if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to)) throw new BadRequestException('from: must be before to');
    const region = await this.catalogue.regionFilter(q.region);
    const categories = await this.catalogue.expandFilter(q.categories);
    if (q.cell === 'h3') {
      const filter = { bbox: q.bbox ?? null, from: q.from ? new Date(q.from) : null, to: q.to ? new Date(q.to) : null, categories, statuses: q.status ?? null, region };
      return this.h3Cells(q.resolution ?? 8, await this.grid.points(filter));
    }
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

  /** Cases binned into H3 cells of `resolution` in JS (latLngToCell), in id order; centres from cellToLatLng. */
  private h3Cells(resolution: number, points: { lon: Float64Array; lat: Float64Array }): H3GridResponse {
    const counts = new Map<string, number>();
    for (let i = 0; i < points.lon.length; i++) {
      const id = latLngToCell(points.lat[i], points.lon[i], resolution);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const cells: GridCell[] = [...counts.keys()].sort().map((id) => {
      const [lat, lon] = cellToLatLng(id);
      return { id, lon, lat, count: counts.get(id)! };
    });
    return { cells, total: points.lon.length, cell: 'h3', resolution, srid: 4326 };
  }

  /** The extent of the city (the first, if several), or null before any region exists. */
  private async cityExtent() {
    const [city] = await this.regions.list({ level: 'city' });
    if (!city) return null;
    const [minLon, minLat, maxLon, maxLat] = city.bbox;
    return { minLon, minLat, maxLon, maxLat };
  }
}
