import { Inject, Injectable } from '@nestjs/common';
import type { Category } from '@gridlens/contracts';
import type { CaseState } from '@gridlens/workflow';
import { WorkClock, chinaCalendar, computeDeadline, parseWorkingHours } from '@gridlens/work-clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/** The city's working-time clock (TZ_CITY, WORKING_HOURS, the official calendar) applied to cases. */
@Injectable()
export class ClockService {
  readonly clock: WorkClock;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.clock = new WorkClock({
      timeZone: config.TZ_CITY,
      periods: parseWorkingHours(config.WORKING_HOURS),
      calendar: chinaCalendar({ holidays: config.CALENDAR_EXTRA_HOLIDAYS, workdays: config.CALENDAR_EXTRA_WORKDAYS }),
    });
  }

  /** Registration + the category's limit in its clock + extensions, net of completed suspensions. */
  deadlineOf(state: CaseState, category: Category | undefined): number | null {
    if (state.registeredAt === null || !category?.timeLimit) return null;
    return computeDeadline(
      { registeredAt: state.registeredAt, limit: category.timeLimit, extensions: state.extensions, suspensions: state.suspensions.map(([start, end]) => ({ start, end })) },
      this.clock,
    );
  }
}
