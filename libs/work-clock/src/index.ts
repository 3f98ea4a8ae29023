export { DEFAULT_WORKING_HOURS, parseWorkingHours, type WorkPeriod } from './working-hours';
export {
  chinaCalendar,
  weekdayCalendar,
  type CalendarOverrides,
  type WorkCalendar,
} from './calendar';
export { WorkClock, type Interval, type WorkClockOptions } from './work-clock';
export {
  computeDeadline,
  limitMinutes,
  usedMinutes,
  type DeadlineInput,
  type Extension,
  type LimitUnit,
  type TimeLimit,
  type UsageInput,
} from './deadline';
export { timerColour, type TimerColour } from './timer';
