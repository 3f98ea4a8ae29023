import { Controller, Get, Headers, Inject, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { trendQuerySchema, type TrendResponse } from '@gridlens/contracts';
import { UserGuard } from '../auth/guards';
import { trendsToArrow } from '../services/trend-arrow';
import { TrendService } from '../services/trend.service';
import { answerByAccept } from './answer-format';
import { parseOr400 } from './parse';

/** `GET /api/v1/trends` (docs/api.md, "Trends"): signed in. */
@Controller('api/v1/trends')
@UseGuards(UserGuard)
export class TrendController {
  constructor(@Inject(TrendService) private readonly trends: TrendService) {}

  @Get()
  async get(
    @Query() query: unknown,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TrendResponse | StreamableFile> {
    return answerByAccept(accept, res, await this.trends.trend(parseOr400(trendQuerySchema, query)), trendsToArrow);
  }
}
