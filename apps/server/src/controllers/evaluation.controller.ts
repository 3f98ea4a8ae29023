import { Body, Controller, Get, Inject, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import {
  EVALUATION_LEVELS,
  correctionSchema,
  evaluationQuerySchema,
  periodSchema,
  publishSchema,
  type EvaluationResult,
  type Publication,
  type PublicationDetail,
  type PublicationVerification,
} from '@gridlens/contracts';
import { Roles, UserGuard } from '../auth/guards';
import type { Principal } from '../services/auth.service';
import { EvaluationService } from '../services/evaluation.service';
import { PublicationService } from '../services/publication.service';
import { parseOr400 } from './parse';

const publicationListSchema = z.object({
  period: periodSchema.optional(),
  level: z.enum(EVALUATION_LEVELS, { error: `expected one of ${EVALUATION_LEVELS.join(', ')}` }).optional(),
});

type SignedIn = Request & { principal: Principal };

/** `/api/v1/evaluations` (docs/api.md, "Evaluations"): drafts for any signed-in user; publishing for admins. */
@Controller('api/v1/evaluations')
@UseGuards(UserGuard)
export class EvaluationController {
  constructor(
    @Inject(EvaluationService) private readonly evaluations: EvaluationService,
    @Inject(PublicationService) private readonly publications: PublicationService,
  ) {}

  @Get()
  draft(@Query() query: unknown): Promise<EvaluationResult> {
    return this.evaluations.draft(parseOr400(evaluationQuerySchema, query));
  }

  @Post('publish')
  @Roles('admin')
  publish(@Body() body: unknown, @Req() req: SignedIn): Promise<PublicationDetail> {
    return this.publications.publish(parseOr400(publishSchema, body), req.principal.username);
  }

  @Get('publications')
  list(@Query() query: unknown): Promise<Publication[]> {
    return this.publications.list(parseOr400(publicationListSchema, query));
  }

  @Get('publications/:id')
  detail(@Param('id') id: string): Promise<PublicationDetail> {
    return this.publications.detail(id);
  }

  @Get('publications/:id/verify')
  verify(@Param('id') id: string): Promise<PublicationVerification> {
    return this.publications.verify(id);
  }

  @Post(':id/corrections')
  @Roles('admin')
  correct(@Param('id') id: string, @Body() body: unknown, @Req() req: SignedIn): Promise<PublicationDetail> {
    return this.publications.correct(id, parseOr400(correctionSchema, body), req.principal.username);
  }
}
