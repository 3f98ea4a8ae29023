import { Inject, Injectable } from '@nestjs/common';
import type { AuditEntry } from '@gridlens/contracts';
import { AuditRepository } from '../repositories/audit.repository';

/** Reading the audit log (entries are written by the services whose actions they record, in the same transaction). */
@Injectable()
export class AuditService {
  constructor(@Inject(AuditRepository) private readonly audit: AuditRepository) {}

  entries(limit: number, before: number | null): Promise<AuditEntry[]> {
    return this.audit.list(limit, before);
  }
}
