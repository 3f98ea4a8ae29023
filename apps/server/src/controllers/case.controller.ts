import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import type { CaseDetail } from '@gridlens/contracts';
import { UserGuard } from '../auth/guards';
import { CaseService } from '../services/case.service';

@Controller('api/v1/cases')
@UseGuards(UserGuard)
export class CaseController {
  constructor(@Inject(CaseService) private readonly cases: CaseService) {}

  @Get(':caseId')
  detail(@Param('caseId') caseId: string): Promise<CaseDetail> {
    return this.cases.detail(caseId);
  }
}
