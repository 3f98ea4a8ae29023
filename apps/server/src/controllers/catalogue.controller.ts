import { Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { regionQuerySchema } from '@gridlens/contracts';
import { RegionRepository } from '../repositories/region.repository';
import { CatalogueService } from '../services/catalogue.service';
import { parseOr400 } from './parse';

/** Reference data: regions, categories, departments. Public: none of it shows a case. */
@Controller('api/v1')
export class CatalogueController {
  constructor(
    @Inject(RegionRepository) private readonly regions: RegionRepository,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
  ) {}

  @Get('regions')
  @Header('Cache-Control', 'public, max-age=60')
  async regionList(@Query() query: unknown) {
    const q = parseOr400(regionQuerySchema, query);
    if (q.format === 'geojson') return this.regions.featureCollection({ level: q.level, parent: q.parent });
    return { regions: await this.regions.list({ level: q.level, parent: q.parent }) };
  }

  @Get('categories')
  @Header('Cache-Control', 'public, max-age=60')
  async categories() {
    return { categories: await this.catalogue.categories() };
  }

  @Get('departments')
  @Header('Cache-Control', 'public, max-age=60')
  async departments() {
    return { departments: await this.catalogue.departments() };
  }
}
