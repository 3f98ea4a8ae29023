import { BadRequestException, Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { WALL_AS_OF_MAX_AGE_MS, wallQuerySchema, type WallSnapshot } from '@gridlens/contracts';
import { UserGuard } from '../auth/guards';
import { WallService } from '../services/wall.service';
import { parseOr400 } from './parse';

/** `asOf` of the wall endpoints: now by default; else within the last WALL_AS_OF_MAX_AGE_MS and not in the future. */
export function asOfOr400(asOf: string | undefined, now = Date.now()): number {
  if (asOf === undefined) return now;
  const t = Date.parse(asOf);
  if (t > now + 1_000 || t < now - WALL_AS_OF_MAX_AGE_MS) {
    throw new BadRequestException(`asOf: must be within the last ${WALL_AS_OF_MAX_AGE_MS / 60_000} minutes and not in the future`);
  }
  return t;
}

/** GET /api/v1/wall: the leaders' command wall of the city or a district (signed in). */
@Controller('api/v1/wall')
@UseGuards(UserGuard)
export class WallController {
  constructor(@Inject(WallService) private readonly wall: WallService) {}

  @Get()
  get(@Query() query: unknown): Promise<WallSnapshot> {
    const q = parseOr400(wallQuerySchema, query);
    return this.wall.snapshot(q.scope, asOfOr400(q.asOf));
  }
}
