import { Controller, Get, Headers, Inject, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { gridQuerySchema, type GridResponse, type H3GridResponse, type RegionGridResponse } from '@gridlens/contracts';
import { UserGuard } from '../auth/guards';
import { gridToArrow } from '../services/grid-arrow';
import { GridService } from '../services/grid.service';
import { answerByAccept } from './answer-format';
import { parseOr400 } from './parse';

@Controller('api/v1/grid')
@UseGuards(UserGuard)
export class GridController {
  constructor(@Inject(GridService) private readonly grid: GridService) {}

  @Get()
  async get(
    @Query() query: unknown,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<GridResponse | H3GridResponse | RegionGridResponse | StreamableFile> {
    return answerByAccept(accept, res, await this.grid.cells(parseOr400(gridQuerySchema, query)), gridToArrow);
  }
}
