import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { emergingQuerySchema, type EmergingResponse } from '@gridlens/contracts';
import { UserGuard } from '../auth/guards';
import { EmergingHotspotService } from '../services/emerging-hotspot.service';
import { parseOr400 } from './parse';

/** Its own path under /api/v1/hotspots: HotspotController's @Get() matches only /api/v1/hotspots itself. */
@Controller('api/v1/hotspots/emerging')
@UseGuards(UserGuard)
export class EmergingHotspotController {
  constructor(@Inject(EmergingHotspotService) private readonly emerging: EmergingHotspotService) {}

  @Get()
  get(@Query() query: unknown): Promise<EmergingResponse> {
    return this.emerging.analyse(parseOr400(emergingQuerySchema, query));
  }
}
