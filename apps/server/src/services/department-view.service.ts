import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { DepartmentView } from '@gridlens/contracts';
import { DateTime } from 'luxon';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { WallRepository } from '../repositories/wall.repository';
import { rate, urgentCase, WallService } from './wall.service';
import { countColours } from './wall-timers';

/** Return events listed, at most. */
const MAX_RETURNED = 500;
const RETURNED_DAYS = 30;

/** A department's own view (docs/api.md "Department view"): its open cases by urgency, its rates, its returns. */
@Injectable()
export class DepartmentViewService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WallRepository) private readonly wall: WallRepository,
    @Inject(WallService) private readonly wallService: WallService,
  ) {}

  async exists(code: string): Promise<boolean> {
    return (await this.wall.department(code)) !== null;
  }

  async view(code: string, asOf = Date.now()): Promise<DepartmentView> {
    const name = await this.wall.department(code);
    if (!name) throw new NotFoundException(`code: no department "${code}"`);
    const ref = await this.wallService.referenceData();
    const monthStart = DateTime.fromMillis(asOf, { zone: this.config.TZ_CITY }).startOf('month').toJSDate();
    const since = new Date(asOf - RETURNED_DAYS * 86_400_000);
    return this.wall.inSnapshot(async (tx) => {
      const seq = await this.wall.seq(tx);
      const cohorts = await this.wall.departmentFigures(tx, code, monthStart, new Date(asOf), since);
      const returned = await this.wall.returnsBy(tx, code, since, cohorts.returnCandidates, MAX_RETURNED);
      const timers = this.wallService.timersOf(cohorts.open, ref, asOf);
      return {
        seq,
        asOf: new Date(asOf).toISOString(),
        department: { code, name },
        openCases: timers.map((t) => urgentCase(t, ref)),
        timerCounts: countColours(timers),
        month: {
          onTimeClosure: { department: rate(cohorts.department.closedOnTime, cohorts.department.due), city: rate(cohorts.city.closedOnTime, cohorts.city.due) },
          closure: { department: rate(cohorts.department.closed, cohorts.department.due), city: rate(cohorts.city.closed, cohorts.city.due) },
        },
        returned: returned.map((r) => {
          const category = ref.categories.get(r.category);
          return {
            caseId: r.caseId,
            category: r.category,
            categoryName: category ? { zh: category.nameZh, en: category.nameEn } : { zh: r.category, en: r.category },
            returnedAt: r.returnedAt.toISOString(),
            district: r.district,
            status: r.status as DepartmentView['returned'][number]['status'],
            department: r.department,
          };
        }),
        workingWindows: this.wallService.workingWindows(asOf),
      };
    });
  }
}
