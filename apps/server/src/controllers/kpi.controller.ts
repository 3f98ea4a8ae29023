import { Controller, Get, Inject, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { SOURCE_HEADER, kpiQuerySchema, type KpiSnapshot } from '@gridlens/contracts';
import { UserGuard } from '../auth/guards';
import { KpiService } from '../services/kpi.service';
import { parseOr400 } from './parse';

@Controller('api/v1/kpis')
@UseGuards(UserGuard)
export class KpiController {
  constructor(@Inject(KpiService) private readonly kpis: KpiService) {}

  @Get()
  async get(@Query() query: unknown, @Res({ passthrough: true }) res: Response): Promise<KpiSnapshot> {
    const snapshot = await this.kpis.snapshot(parseOr400(kpiQuerySchema, query));
    if (snapshot.source) res.setHeader(SOURCE_HEADER, snapshot.source);
    return snapshot;
  }
}
