import { Controller, Get, Headers, Inject, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { hotspotQuerySchema, type HotspotResponse } from '@gridlens/contracts';
import { UserGuard } from '../auth/guards';
import { hotspotsToArrow } from '../services/hotspot-arrow';
import { HotspotService } from '../services/hotspot.service';
import { answerByAccept } from './answer-format';
import { parseOr400 } from './parse';

@Controller('api/v1/hotspots')
@UseGuards(UserGuard)
export class HotspotController {
  constructor(@Inject(HotspotService) private readonly hotspots: HotspotService) {}

  @Get()
  async get(
    @Query() query: unknown,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HotspotResponse | StreamableFile> {
    return answerByAccept(accept, res, await this.hotspots.analyse(parseOr400(hotspotQuerySchema, query)), hotspotsToArrow);
  }
}
