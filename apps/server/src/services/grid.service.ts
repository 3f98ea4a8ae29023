import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { cellToLatLng } from 'h3-js';
import type { GridCell, GridQuery, GridResponse, H3GridResponse, RegionGridResponse } from '@gridlens/contracts';
import { GridRepository } from '../repositories/grid.repository';
import { RegionRepository } from '../repositories/region.repository';
import type { RawCaseFilter } from '../repositories/rollup.repository';
import { CatalogueService } from './catalogue.service';
import { CellCountService } from './cell-count.service';
import { CityFrameService, sridOf } from './city-frame.service';

/** Cell centres kept before the cache starts again (several cities' worth of resolution-10 cells). */
const CENTRE_CACHE_SIZE = 500_000;

/**
 * GET /api/v1/grid: case counts per H3 cell, square or region of a level (from the rollups, with raw window edges; see
 * CellCountService), or per metric hexagon (binned from the raw cases by GridRepository: hexagons of any size do
 * not nest, so no rollup can serve them).
 */
@Injectable()
export class GridService {
  constructor(
    @Inject(GridRepository) private readonly grid: GridRepository,
    @Inject(RegionRepository) private readonly regions: RegionRepository,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(CellCountService) private readonly counts: CellCountService,
    @Inject(CityFrameService) private readonly city: CityFrameService,
  ) {}

  /** H3 cell centres never change: kept for the cells asked for (a city at resolution 10 is ~20,000 cells). */
  private readonly centres = new Map<string, [number, number]>();

  private centreOf(id: string): [number, number] {
    let centre = this.centres.get(id);
    if (!centre) {
      if (this.centres.size >= CENTRE_CACHE_SIZE) this.centres.clear();
      this.centres.set(id, (centre = cellToLatLng(id) as [number, number]));
    }
    return centre;
  }

  async cells(q: GridQuery): Promise<GridResponse | H3GridResponse | RegionGridResponse> {
    if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to)) throw new BadRequestException('from: must be before to');
    const scope = await this.catalogue.regionScope(q.region);
    const categories = await this.catalogue.expandFilter(q.categories);
    const filter: RawCaseFilter = {
      from: q.from ? Date.parse(q.from) : null,
      to: q.to ? Date.parse(q.to) : null,
      categories,
      statuses: q.status ?? null,
      region: scope?.code ?? null,
      bbox: q.bbox ?? null,
    };
    if (q.cell === 'district' || q.cell === 'street' || q.cell === 'community' || q.cell === 'grid') {
      const counted = await this.counts.count({ scheme: { kind: 'region', level: q.cell }, filter, regionLevel: scope?.level ?? null, source: q.source });
      const codes = [...counted.cells.keys()].sort();
      const points = await this.regions.labelPoints(codes);
      const cells = codes.map((id, i) => ({ id, lon: points[i][0], lat: points[i][1], count: counted.cells.get(id)! }));
      return { cells, total: sum(cells), cell: q.cell, srid: 4326, source: counted.source };
    }
    if (q.cell === 'h3') {
      const resolution = q.resolution ?? 8;
      const counted = await this.counts.count({ scheme: { kind: 'h3', resolution }, filter, regionLevel: scope?.level ?? null, source: q.source });
      const cells: GridCell[] = [...counted.cells.keys()].sort().map((id) => {
        const [lat, lon] = this.centreOf(id);
        return { id, lon, lat, count: counted.cells.get(id)! };
      });
      return { cells, total: sum(cells), cell: 'h3', resolution, srid: 4326, source: counted.source };
    }
    // Cells are laid out in the UTM zone of the query's centre (of the bbox, else of the city).
    const extent = q.bbox ?? (await this.city.extent());
    // No city yet, no cases: nothing to bin.
    if (!extent) return { cells: [], total: 0, cell: q.cell, size: q.size, srid: 4326, source: 'raw' };
    const srid = sridOf(extent);
    if (q.cell === 'hex') {
      if (q.source === 'rollup') throw new BadRequestException('source: metric hexagons (cell=hex) are always binned from raw cases; use cell=h3');
      const cells = await this.grid.hexagons({ ...filter, from: q.from ? new Date(q.from) : null, to: q.to ? new Date(q.to) : null, size: q.size, srid });
      return { cells, total: sum(cells), cell: 'hex', size: q.size, srid, source: 'raw' };
    }
    const counted = await this.counts.count({ scheme: { kind: 'square', size: q.size, srid }, filter, regionLevel: scope?.level ?? null, source: q.source });
    const squares = [...counted.cells].map(([key, count]) => {
      const [a, b] = key.split(':').map(Number);
      return { a, b, count };
    });
    squares.sort((x, y) => x.a - y.a || x.b - y.b);
    const centres = await this.grid.squareCentres(squares, q.size, srid);
    const cells = squares.map((s, i) => ({ id: `s:${s.a}:${s.b}`, lon: centres[i][0], lat: centres[i][1], count: s.count }));
    return { cells, total: sum(cells), cell: 'square', size: q.size, srid, source: counted.source };
  }


}

function sum(cells: GridCell[]): number {
  return cells.reduce((total, c) => total + c.count, 0);
}
