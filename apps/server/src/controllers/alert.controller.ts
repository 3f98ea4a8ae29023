import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { alertAckSchema, alertsQuerySchema, type Alert, type AlertList } from '@gridlens/contracts';
import { Roles, UserGuard } from '../auth/guards';
import type { Principal } from '../services/auth.service';
import { AlertService } from '../services/alert.service';
import { parseOr400 } from './parse';

type SignedIn = Request & { principal: Principal };

/** `GET /api/v1/alerts` (signed in) and `POST /api/v1/alerts/{id}/ack` (leader or admin): docs/api.md, "Alerts". */
@Controller('api/v1/alerts')
@UseGuards(UserGuard)
export class AlertController {
  constructor(@Inject(AlertService) private readonly alerts: AlertService) {}

  @Get()
  list(@Query() query: unknown): Promise<AlertList> {
    return this.alerts.list(parseOr400(alertsQuerySchema, query));
  }

  @Post(':id/ack')
  @HttpCode(200)
  @Roles('leader', 'admin')
  acknowledge(@Param('id') id: string, @Body() body: unknown, @Req() req: SignedIn): Promise<Alert> {
    const { note } = parseOr400(alertAckSchema, body);
    return this.alerts.acknowledge(id, req.principal.username, note?.trim() || null);
  }
}
