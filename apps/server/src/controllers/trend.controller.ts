import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { trendQuerySchema, type TrendResponse } from '@gridlens/contracts';
import { UserGuard } from '../auth/guards';
import { TrendService } from '../services/trend.service';
import { parseOr400 } from './parse';

/** `GET /api/v1/trends` (docs/api.md, "Trends"): signed in. */
@Controller('api/v1/trends')
@UseGuards(UserGuard)
export class TrendController {
  constructor(@Inject(TrendService) private readonly trends: TrendService) {}

  @Get()
  get(@Query() query: unknown): Promise<TrendResponse> {
    return this.trends.trend(parseOr400(trendQuerySchema, query));
  }
}
