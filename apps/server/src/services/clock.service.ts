import { Inject, Injectable } from '@nestjs/common';
import type { Category } from '@gridlens/contracts';
import type { CaseState } from '@gridlens/workflow';
import { WorkClock, chinaCalendar, computeDeadline, parseWorkingHours, weekdayCalendar } from '@gridlens/work-clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/**
 * The city's working-time clock applied to cases: TZ_CITY, WORKING_HOURS, and the calendar WORK_CALENDAR names (China's
 * official one, or Monday-Friday for `weekends`), each with CALENDAR_EXTRA_HOLIDAYS / CALENDAR_EXTRA_WORKDAYS.
 */
@Injectable()
export class ClockService {
  readonly clock: WorkClock;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.clock = new WorkClock({
      timeZone: config.TZ_CITY,
      periods: parseWorkingHours(config.WORKING_HOURS),
      calendar: (config.WORK_CALENDAR === 'weekends' ? weekdayCalendar : chinaCalendar)({
        holidays: config.CALENDAR_EXTRA_HOLIDAYS,
        workdays: config.CALENDAR_EXTRA_WORKDAYS,
      }),
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
