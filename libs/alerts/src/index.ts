export { logGamma, logNegBinomialPmf, logPoissonPmf, negBinomialUpperTail, poissonUpperTail } from './tail';
export {
  DAY_MS,
  DEFAULT_RATE_CONFIG,
  HOUR_MS,
  WEEK_MS,
  hourStart,
  rateTest,
  referenceHours,
  scanRateSeries,
  type IsWorkday,
  type RateConfig,
  type RateTest,
  type ReferenceKind,
  type SeriesAlarm,
} from './rate-anomaly';
export { DEFAULT_OVERDUE_RISING_CONFIG, overdueRising, sampleBefore, type OverdueRisingConfig, type OverdueRisingTest } from './overdue-rising';
export { ALERTING_EMERGING, emergingChanges, type AlertingEmerging, type EmergingEntry } from './emerging-change';
export { alertLink, alertReason, localDate, type PlaceName } from './alert-text';
