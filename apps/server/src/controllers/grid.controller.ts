import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { gridQuerySchema, type GridResponse, type H3GridResponse } from '@gridlens/contracts';
import { UserGuard } from '../auth/guards';
import { GridService } from '../services/grid.service';
import { parseOr400 } from './parse';

@Controller('api/v1/grid')
@UseGuards(UserGuard)
export class GridController {
  constructor(@Inject(GridService) private readonly grid: GridService) {}

  @Get()
  get(@Query() query: unknown): Promise<GridResponse | H3GridResponse> {
    return this.grid.cells(parseOr400(gridQuerySchema, query));
  }
}
