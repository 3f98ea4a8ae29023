import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { createSchemeSchema, type EvaluationScheme } from '@gridlens/contracts';
import { Roles, UserGuard } from '../auth/guards';
import type { Principal } from '../services/auth.service';
import { EvaluationSchemeService } from '../services/evaluation-scheme.service';
import { parseOr400 } from './parse';

/** `/api/v1/evaluation-schemes` (docs/api.md, "Evaluations"): read by any signed-in user, written by admins. */
@Controller('api/v1/evaluation-schemes')
@UseGuards(UserGuard)
export class EvaluationSchemeController {
  constructor(@Inject(EvaluationSchemeService) private readonly schemes: EvaluationSchemeService) {}

  @Get()
  list(): Promise<EvaluationScheme[]> {
    return this.schemes.list();
  }

  @Get(':version')
  get(@Param('version') version: string): Promise<EvaluationScheme> {
    return this.schemes.get(version);
  }

  @Post()
  @Roles('admin')
  create(@Body() body: unknown, @Req() req: Request & { principal: Principal }): Promise<EvaluationScheme> {
    return this.schemes.create(parseOr400(createSchemeSchema, body), req.principal.username);
  }

  @Delete(':version')
  @Roles('admin')
  @HttpCode(204)
  async remove(@Param('version') version: string): Promise<void> {
    await this.schemes.remove(version);
  }
}
