import { DateTime } from 'luxon';
import type { WallInstants } from '../repositories/wall.repository';

/**
 * The wall's instants in the city's time zone: asOf, the same local clock time yesterday and on the same weekday
 * last week (calendar days, so a DST change keeps the clock time), each with its local day start, and the start
 * of asOf's local month.
 */
export function wallInstants(asOf: number, timeZone: string): WallInstants {
  const now = DateTime.fromMillis(asOf, { zone: timeZone });
  const instants = [now, now.minus({ days: 1 }), now.minus({ weeks: 1 })];
  return {
    at: instants.map((t) => t.toJSDate()) as WallInstants['at'],
    dayStart: instants.map((t) => t.startOf('day').toJSDate()) as WallInstants['dayStart'],
    monthStart: now.startOf('month').toJSDate(),
  };
}

/**
 * The wall's trend windows, ending at asOf: 24 hours and 30 local days, each ending with the (partial) hour or day
 * holding asOf — or, when asOf is exactly on an hour (a midnight), with the hour (day) just ended.
 */
export function trendWindows(asOf: number, timeZone: string): { hourly: { from: number; to: number }; daily: { from: number; to: number } } {
  const now = DateTime.fromMillis(asOf, { zone: timeZone });
  const ceil = (unit: 'hour' | 'day') => (now.startOf(unit).toMillis() === asOf ? now : now.startOf(unit).plus({ [`${unit}s`]: 1 }));
  return {
    hourly: { from: ceil('hour').minus({ hours: 24 }).toMillis(), to: asOf },
    daily: { from: ceil('day').minus({ days: 30 }).toMillis(), to: asOf },
  };
}
