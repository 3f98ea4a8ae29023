import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { AreaSummary, AreaSummaryQuery, CasePointsQuery, ClientConfig, RegionCountsQuery, RegionCountsResponse } from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AreaSummaryRepository, type GridCellRef } from '../repositories/area-summary.repository';
import { CasePointsRepository, type CasePointColumns } from '../repositories/case-points.repository';
import type { MapFilter } from '../repositories/map-filter';
import { RegionRepository } from '../repositories/region.repository';
import { CatalogueService } from './catalogue.service';
import { CellCountService } from './cell-count.service';
import { DemoService } from './demo.service';
import { CityFrameService } from './city-frame.service';
import { cityToday } from './kpi.service';

type MapQuery = Pick<CasePointsQuery, 'from' | 'to' | 'categories' | 'status' | 'region'>;

/**
 * The window of a map read, as GET /api/v1/kpis resolves it: today in the city's time zone by default;
 * with only `from`, up to now.
 */
export function mapWindow(timeZone: string, q: { from?: string; to?: string }, now = new Date()): { from: Date; to: Date } {
  const today = cityToday(timeZone, now);
  const from = q.from ? new Date(q.from) : today.from;
  const to = q.to ? new Date(q.to) : q.from ? now : today.to;
  if (from >= to) throw new BadRequestException('from: must be before to');
  return { from, to };
}

/** The dashboard map's reads: case points, counts per region, the summary of a clicked area, client settings. */
@Injectable()
export class MapService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CasePointsRepository) private readonly points: CasePointsRepository,
    @Inject(AreaSummaryRepository) private readonly areas: AreaSummaryRepository,
    @Inject(RegionRepository) private readonly regions: RegionRepository,
    @Inject(CityFrameService) private readonly city: CityFrameService,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(DemoService) private readonly demo: DemoService,
    @Inject(CellCountService) private readonly cellCounts: CellCountService,
  ) {}

  async casePoints(q: CasePointsQuery, now = new Date()): Promise<CasePointColumns> {
    const filter = await this.filter(q, now);
    return this.points.points({ ...filter, bbox: q.bbox ?? null, limit: q.limit });
  }

  /** Cases per region of a level: from the rollups (district to unit grid), the city level from the cases. */
  async regionCounts(q: RegionCountsQuery, now = new Date()): Promise<RegionCountsResponse> {
    const filter = await this.filter(q, now);
    const total = (counts: { count: number }[]) => counts.reduce((sum, c) => sum + c.count, 0);
    if (q.level === 'city') {
      if (q.source === 'rollup') throw new BadRequestException('source: city-level counts are read from the cases (one row); use source=auto');
      const { seq, counts } = await this.points.countsByRegion(q.level, filter);
      return { seq, level: q.level, counts, total: total(counts), source: 'raw' };
    }
    const counted = await this.cellCounts.count({
      scheme: { kind: 'region', level: q.level },
      filter: { from: filter.from.getTime(), to: filter.to.getTime(), categories: filter.categories, statuses: filter.statuses, region: filter.region, bbox: null },
      regionLevel: filter.region ? await this.regions.levelOf(filter.region) : null,
      source: q.source,
    });
    const counts = [...counted.cells].map(([code, count]) => ({ code, count })).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    return { seq: counted.seq, level: q.level, counts, total: total(counts), source: counted.source };
  }

  async areaSummary(q: AreaSummaryQuery, now = new Date()): Promise<AreaSummary> {
    const filter = await this.filter(q, now);
    const cell = q.cell && q.size !== undefined && q.id ? await this.cellRef(q.cell, q.size, q.id, q.srid) : null;
    return this.areas.summary(filter, cell);
  }

  clientConfig(): ClientConfig {
    return {
      mapTileUrl: this.config.MAP_TILE_URL,
      mapTileAttribution: this.config.MAP_TILE_ATTRIBUTION,
      timeZone: this.config.TZ_CITY,
      // The demo runs (backfilling or live) only with DEMO=on and a database holding no other cases.
      demo: this.demo.status.state !== 'off',
    };
  }

  private async filter(q: MapQuery, now: Date): Promise<MapFilter> {
    const { from, to } = mapWindow(this.config.TZ_CITY, q, now);
    const region = await this.catalogue.regionFilter(q.region);
    const categories = await this.catalogue.expandFilter(q.categories);
    return { from, to, region, categories, statuses: q.status ?? null };
  }

  /** A cell of GET /api/v1/grid's layout; without `srid`, the UTM zone that endpoint picks without bbox. */
  private async cellRef(cell: 'hex' | 'square', size: number, id: string, srid: number | undefined): Promise<GridCellRef> {
    const [, a, b] = id.split(':').map(Number);
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b)) throw new BadRequestException(`id: cell coordinates out of range in "${id}"`);
    return { cell, size, a, b, srid: srid ?? (await this.city.srid()) };
  }


}
