import { Controller, Get, Inject, Param, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { MVT_TYPE, tileParamsSchema, tileQuerySchema } from '@gridlens/contracts';
import { UserGuard } from '../auth/guards';
import { TileService } from '../services/tile.service';
import { parseOr400 } from './parse';

/** `GET /api/v1/tiles/{z}/{x}/{y}.mvt` (docs/api.md, "Vector tiles"): signed in, bearer token in the header. */
@Controller('api/v1/tiles')
@UseGuards(UserGuard)
export class TileController {
  constructor(@Inject(TileService) private readonly tiles: TileService) {}

  @Get(':z/:x/:y')
  async tile(@Param() params: unknown, @Query() query: unknown, @Res({ passthrough: true }) res: Response): Promise<StreamableFile | undefined> {
    const t = parseOr400(tileParamsSchema, params);
    const bytes = await this.tiles.caseTile(t, parseOr400(tileQuerySchema, query));
    // Private (the data is behind sign-in) and short: new cases appear within a minute.
    res.setHeader('Cache-Control', 'private, max-age=60');
    if (bytes.byteLength === 0) {
      res.status(204);
      return undefined;
    }
    return new StreamableFile(bytes, { type: MVT_TYPE, length: bytes.byteLength });
  }
}
