import { Controller, Get, Inject, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { publicDownloadQuerySchema, publicRankingsQuerySchema, publicRegionsQuerySchema, publicUnitParamsSchema } from '@gridlens/contracts';
import { matchesEtag, type PublicAnswer } from '../services/public-cache';
import { PublicRankingService, type DownloadFormat } from '../services/public-ranking.service';
import { parseOr400 } from './parse';

/** `{id}`, `{id}.csv` or `{id}.xlsx` (publication ids never end in either). */
const FILE = /^(.+?)(?:\.(csv|xlsx))?$/;

/**
 * The public rankings (docs/api.md, "Public rankings"): NO sign-in (no guard on this controller), published
 * snapshots only, cacheable (strong ETag, Cache-Control, 304 on If-None-Match).
 */
@Controller('api/public')
export class PublicRankingController {
  constructor(@Inject(PublicRankingService) private readonly rankings: PublicRankingService) {}

  @Get('rankings')
  async list(@Query() query: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(req, res, await this.rankings.list(parseOr400(publicRankingsQuerySchema, query)));
  }

  @Get('rankings/:file')
  async ranking(@Param('file') file: string, @Query() query: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const [, id, format] = FILE.exec(file) ?? [];
    const answer = format
      ? await this.rankings.download(id, format as DownloadFormat, parseOr400(publicDownloadQuerySchema, query).lang)
      : await this.rankings.ranking(id);
    if (!answer) throw new NotFoundException(`no publication ${id}`);
    send(req, res, answer);
  }

  @Get('units/:level/:code/history')
  async unitHistory(@Param() params: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { level, code } = parseOr400(publicUnitParamsSchema, params);
    const answer = await this.rankings.unitHistory(level, code);
    if (!answer) throw new NotFoundException(`no current ${level} publication lists the unit ${code}`);
    send(req, res, answer);
  }

  @Get('regions')
  async regions(@Query() query: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(req, res, await this.rankings.regions(parseOr400(publicRegionsQuerySchema, query).level));
  }
}

/** 304 when the client's copy is current, else the bytes; caching headers on both. */
function send(req: Request, res: Response, answer: PublicAnswer): void {
  res.setHeader('ETag', answer.etag);
  res.setHeader('Cache-Control', answer.cacheControl);
  if (matchesEtag(req.headers['if-none-match'], answer.etag)) {
    res.status(304).end();
    return;
  }
  if (answer.fileName) res.setHeader('Content-Disposition', `attachment; filename="${answer.fileName}"`);
  res.status(200).type(answer.contentType).send(answer.body);
}
