import { Controller, Get, Inject } from '@nestjs/common';
import { DATABASE, type Database } from '../db/database';
import { EventLogRepository } from '../repositories/event-log.repository';
import { DemoService } from '../services/demo.service';

@Controller('api/health')
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(EventLogRepository) private readonly eventLog: EventLogRepository,
    @Inject(DemoService) private readonly demo: DemoService,
  ) {}

  /** 200 with the head seq and the demo's state when the database answers; 503 (through the filter) when it does not. */
  @Get()
  async health() {
    return { status: 'ok', database: this.db.kind, seq: await this.eventLog.lastSeq(), demo: this.demo.status };
  }
}
