import { Controller, Get, Headers, Inject, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import {
  ARROW_STREAM_TYPE,
  SEQ_HEADER,
  TRUNCATED_HEADER,
  areaSummaryQuerySchema,
  casePointsQuerySchema,
  regionCountsQuerySchema,
  type AreaSummary,
  type CasePointsResponse,
  type ClientConfig,
  type RegionCountsResponse,
} from '@gridlens/contracts';
import { UserGuard } from '../auth/guards';
import { casePointsToArrowStream, casePointsToJson } from '../services/case-points-format';
import { regionCountsToArrow } from '../services/grid-arrow';
import { MapService } from '../services/map.service';
import { answerByAccept } from './answer-format';
import { parseOr400 } from './parse';

/**
 * Reads behind the dashboard's map (docs/api.md, "Map"). Signed-in, except the client settings. Its own
 * controller so `regions/counts` and `cases` (list) sit apart from the catalogue's `regions` and the case detail.
 */
@Controller('api/v1')
export class MapController {
  constructor(@Inject(MapService) private readonly map: MapService) {}

  @Get('cases')
  @UseGuards(UserGuard)
  async cases(@Query() query: unknown, @Res({ passthrough: true }) res: Response): Promise<CasePointsResponse | StreamableFile> {
    const q = parseOr400(casePointsQuerySchema, query);
    const columns = await this.map.casePoints(q);
    res.setHeader(SEQ_HEADER, String(columns.seq));
    res.setHeader(TRUNCATED_HEADER, String(columns.truncated));
    res.setHeader('Cache-Control', 'no-store');
    if (q.format === 'json') return casePointsToJson(columns);
    const bytes = casePointsToArrowStream(columns);
    return new StreamableFile(bytes, { type: ARROW_STREAM_TYPE, length: bytes.byteLength });
  }

  @Get('regions/counts')
  @UseGuards(UserGuard)
  async regionCounts(
    @Query() query: unknown,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegionCountsResponse | StreamableFile> {
    return answerByAccept(accept, res, await this.map.regionCounts(parseOr400(regionCountsQuerySchema, query)), regionCountsToArrow);
  }

  @Get('areas/summary')
  @UseGuards(UserGuard)
  areaSummary(@Query() query: unknown): Promise<AreaSummary> {
    return this.map.areaSummary(parseOr400(areaSummaryQuerySchema, query));
  }

  /** Public: what the browser needs before it draws the map (no case data). */
  @Get('client-config')
  clientConfig(): ClientConfig {
    return this.map.clientConfig();
  }
}
