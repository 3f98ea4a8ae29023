import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { kpiQuerySchema, type KpiSnapshot } from '@gridlens/contracts';
import { UserGuard } from '../auth/guards';
import { KpiService } from '../services/kpi.service';
import { parseOr400 } from './parse';

@Controller('api/v1/kpis')
@UseGuards(UserGuard)
export class KpiController {
  constructor(@Inject(KpiService) private readonly kpis: KpiService) {}

  @Get()
  get(@Query() query: unknown): Promise<KpiSnapshot> {
    return this.kpis.snapshot(parseOr400(kpiQuerySchema, query));
  }
}
