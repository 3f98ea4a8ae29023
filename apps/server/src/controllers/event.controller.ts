import { BadRequestException, Body, Controller, Get, Headers, HttpCode, Inject, PayloadTooLargeException, Post, Query, UseGuards } from '@nestjs/common';
import { MAX_EVENTS_PER_BATCH, ingestBatchSchema, type IngestResult } from '@gridlens/contracts';
import { z } from 'zod';
import { IngestKeyGuard, Roles, UserGuard } from '../auth/guards';
import { RejectedEventRepository } from '../repositories/rejected-event.repository';
import { IngestService } from '../services/ingest.service';
import { parseOr400 } from './parse';

@Controller('api/v1')
export class EventController {
  constructor(
    @Inject(IngestService) private readonly ingest: IngestService,
    @Inject(RejectedEventRepository) private readonly rejected: RejectedEventRepository,
  ) {}

  @Post('events')
  @HttpCode(200)
  @UseGuards(IngestKeyGuard)
  async post(@Body() body: unknown, @Headers('content-type') contentType?: string): Promise<IngestResult> {
    if (!/^application\/([\w.+-]*\+)?json\b/i.test(contentType ?? '')) {
      throw new BadRequestException(`body: send JSON with Content-Type: application/json (got ${contentType ? `"${contentType}"` : 'no Content-Type'})`);
    }
    const count = (body as { events?: unknown })?.events;
    if (Array.isArray(count) && count.length > MAX_EVENTS_PER_BATCH) {
      throw new PayloadTooLargeException(`events: ${count.length} events in one request; at most ${MAX_EVENTS_PER_BATCH}`);
    }
    const batch = parseOr400(ingestBatchSchema, body);
    return this.ingest.ingest(batch.events);
  }

  /** The latest refused events with their reasons, for operators. */
  @Get('events/rejected')
  @UseGuards(UserGuard)
  @Roles('admin')
  async rejectedEvents(@Query() query: unknown) {
    const { limit } = parseOr400(z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }), query);
    return { rejected: await this.rejected.latest(limit) };
  }
}
