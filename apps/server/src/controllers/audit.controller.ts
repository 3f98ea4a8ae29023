import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import type { AuditEntry } from '@gridlens/contracts';
import { z } from 'zod';
import { Roles, UserGuard } from '../auth/guards';
import { AuditService } from '../services/audit.service';
import { parseOr400 } from './parse';

const auditQuerySchema = z.object({
  limit: z.coerce.number({ error: 'expected a number' }).int().min(1).max(1000).default(100),
  /** Only entries older than this id (paging: pass the last id of the previous page). */
  before: z.coerce.number({ error: 'expected an entry id' }).int().positive().optional(),
});

/** `GET /api/v1/audit` (docs/api.md, "Audit"): admins only, newest first. */
@Controller('api/v1/audit')
@UseGuards(UserGuard)
@Roles('admin')
export class AuditController {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  @Get()
  get(@Query() query: unknown): Promise<AuditEntry[]> {
    const { limit, before } = parseOr400(auditQuerySchema, query);
    return this.audit.entries(limit, before ?? null);
  }
}
