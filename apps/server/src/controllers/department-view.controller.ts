import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { departmentViewParamsSchema, departmentViewQuerySchema, type DepartmentView } from '@gridlens/contracts';
import { UserGuard } from '../auth/guards';
import { DepartmentViewService } from '../services/department-view.service';
import { parseOr400 } from './parse';
import { asOfOr400 } from './wall.controller';

/** GET /api/v1/departments/{code}/view: a department's open cases by urgency, its rates and its returns (signed in). */
@Controller('api/v1/departments')
@UseGuards(UserGuard)
export class DepartmentViewController {
  constructor(@Inject(DepartmentViewService) private readonly views: DepartmentViewService) {}

  @Get(':code/view')
  get(@Param() params: unknown, @Query() query: unknown): Promise<DepartmentView> {
    const { code } = parseOr400(departmentViewParamsSchema, params);
    return this.views.view(code, asOfOr400(parseOr400(departmentViewQuerySchema, query).asOf));
  }
}
