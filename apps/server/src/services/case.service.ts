import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { CaseDetail, CaseTimer } from '@gridlens/contracts';
import type { CaseState } from '@gridlens/workflow';
import { limitMinutes, timerColour, usedMinutes, type TimeLimit } from '@gridlens/work-clock';
import { CaseRepository } from '../repositories/case.repository';
import { CatalogueRepository } from '../repositories/catalogue.repository';
import { EventLogRepository } from '../repositories/event-log.repository';
import { ClockService } from './clock.service';
import { timelineTimers } from './timeline-timers';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** One case for the people who handle it: its state, its timer in working time, and its whole timeline. */
@Injectable()
export class CaseService {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(EventLogRepository) private readonly eventLog: EventLogRepository,
    @Inject(CatalogueRepository) private readonly catalogue: CatalogueRepository,
    @Inject(ClockService) private readonly clock: ClockService,
  ) {}

  async detail(caseId: string, now = Date.now()): Promise<CaseDetail> {
    const state = await this.cases.find(caseId);
    if (!state) throw new NotFoundException(`caseId: no case "${caseId}"`);
    const [category] = await this.catalogue.categoriesByCode([state.category]);
    const logged = await this.eventLog.forCase(caseId);
    const timers = category?.timeLimit ? timelineTimers(logged, category.timeLimit, this.clock.clock) : logged.map(() => null);
    const timeline = logged.map((event, i) => ({ ...event, timer: timers[i] }));
    return {
      caseId: state.caseId,
      category: state.category,
      source: state.source,
      description: state.description,
      lon: state.lon,
      lat: state.lat,
      regions: state.regions,
      status: state.status,
      department: state.department,
      times: {
        reportedAt: iso(state.reportedAt)!,
        verifiedAt: iso(state.verifiedAt),
        registeredAt: iso(state.registeredAt),
        firstDispatchedAt: iso(state.firstDispatchedAt),
        handledAt: iso(state.handledAt),
        checkedAt: iso(state.checkedAt),
        closedAt: iso(state.closedAt),
        voidedAt: iso(state.voidedAt),
        suspendedSince: iso(state.suspendedSince),
      },
      deadline: iso(state.deadline),
      closedOnTime: state.closedOnTime,
      extensions: state.extensions,
      suspensions: state.suspensions.map(([start, end]) => ({ start: iso(start)!, end: iso(end)! })),
      counts: { dispatched: state.dispatchCount, returned: state.returnCount, reworked: state.reworkCount },
      timer: category?.timeLimit ? this.timer(state, category.timeLimit, now) : null,
      timeline,
    };
  }

  /** Used against budget, in the limit's own clock, up to now (or to closure); null before registration or once voided. */
  timer(state: CaseState, limit: TimeLimit, now: number): CaseTimer | null {
    if (state.registeredAt === null || state.status === 'voided') return null;
    const input = {
      registeredAt: state.registeredAt,
      limit,
      extensions: state.extensions,
      suspensions: state.suspensions.map(([start, end]) => ({ start, end })),
    };
    const budget = limitMinutes(limit, state.extensions, this.clock.clock);
    const used = usedMinutes({ ...input, now: state.closedAt ?? Math.max(now, state.registeredAt), suspendedSince: state.suspendedSince }, this.clock.clock);
    return { budgetMinutes: budget, usedMinutes: used, colour: timerColour(used, budget), stopped: state.suspendedSince !== null };
  }
}
