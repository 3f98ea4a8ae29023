import { Controller, Get, Header, Inject, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TRUNCATED_HEADER, type RegionList, regionQuerySchema } from '@gridlens/contracts';
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
  async regionList(@Query() query: unknown, @Res({ passthrough: true }) res: Response): Promise<RegionList | object> {
    const q = parseOr400(regionQuerySchema, query);
    const filter = { level: q.level, parent: q.parent, bbox: q.bbox };
    if (q.format === 'json') return this.regions.listPage(filter, q.limit);
    const { collection, truncated } = await this.regions.featurePage(filter, q.limit);
    // The GeoJSON answer has no room for the flag: the same header as GET /api/v1/cases.
    res.setHeader(TRUNCATED_HEADER, String(truncated));
    return collection;
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
