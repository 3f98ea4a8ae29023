import { Controller, Get, Headers, Inject, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { emergingQuerySchema, type EmergingResponse } from '@gridlens/contracts';
import { UserGuard } from '../auth/guards';
import { EmergingHotspotService } from '../services/emerging-hotspot.service';
import { emergingToArrow } from '../services/hotspot-arrow';
import { answerByAccept } from './answer-format';
import { parseOr400 } from './parse';

/** Its own path under /api/v1/hotspots: HotspotController's @Get() matches only /api/v1/hotspots itself. */
@Controller('api/v1/hotspots/emerging')
@UseGuards(UserGuard)
export class EmergingHotspotController {
  constructor(@Inject(EmergingHotspotService) private readonly emerging: EmergingHotspotService) {}

  @Get()
  async get(
    @Query() query: unknown,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EmergingResponse | StreamableFile> {
    return answerByAccept(accept, res, await this.emerging.analyse(parseOr400(emergingQuerySchema, query)), emergingToArrow);
  }
}
