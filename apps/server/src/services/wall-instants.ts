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

/** The wall's trend windows: the 24 hours ending with the hour holding asOf, and the 30 local days ending with its day. */
export function trendWindows(asOf: number, timeZone: string): { hourly: { from: number; to: number }; daily: { from: number; to: number } } {
  const now = DateTime.fromMillis(asOf, { zone: timeZone });
  return {
    hourly: { from: now.startOf('hour').minus({ hours: 23 }).toMillis(), to: asOf },
    daily: { from: now.startOf('day').minus({ days: 29 }).toMillis(), to: asOf },
  };
}
