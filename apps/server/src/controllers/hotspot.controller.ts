import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { hotspotQuerySchema, type HotspotResponse } from '@gridlens/contracts';
import { UserGuard } from '../auth/guards';
import { HotspotService } from '../services/hotspot.service';
import { parseOr400 } from './parse';

@Controller('api/v1/hotspots')
@UseGuards(UserGuard)
export class HotspotController {
  constructor(@Inject(HotspotService) private readonly hotspots: HotspotService) {}

  @Get()
  get(@Query() query: unknown): Promise<HotspotResponse> {
    return this.hotspots.analyse(parseOr400(hotspotQuerySchema, query));
  }
}
