import { DateTime } from 'luxon';
import { PERIOD_PATTERN } from '@gridlens/contracts';

/** A period resolved in the city's time zone: [from, to) epoch ms, and its comparison periods' labels. */
export interface ResolvedPeriod {
  label: string;
  from: number;
  to: number;
  previous: string;
  yearAgo: string;
}

/** Longest custom range, in days (both ends included). */
export const MAX_CUSTOM_DAYS = 366;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const dayLabel = (d: DateTime) => `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;

function localDay(text: string, zone: string): DateTime {
  const [y, m, d] = text.split('-').map(Number);
  const day = DateTime.fromObject({ year: y, month: m, day: d }, { zone });
  if (!day.isValid) throw new Error(`period: ${text} is not a calendar date`);
  return day;
}

/**
 * Parses YYYY-MM | YYYY-Qn | YYYY | YYYY-MM-DD..YYYY-MM-DD (both days included). Periods are whole local days of
 * `timeZone`: `from` is local midnight of the first day, `to` local midnight after the last (so a month in a DST
 * zone may be an hour shorter or longer). Throws an Error whose message starts with "period:" and names the problem.
 */
export function resolvePeriod(period: string, timeZone: string): ResolvedPeriod {
  if (typeof timeZone !== 'string' || !DateTime.fromMillis(0, { zone: timeZone }).isValid) {
    throw new Error(`timeZone: unknown time zone ${JSON.stringify(timeZone)}`);
  }
  const m = typeof period === 'string' ? PERIOD_PATTERN.exec(period) : null;
  if (!m) throw new Error('period: expected YYYY-MM, YYYY-Qn, YYYY or YYYY-MM-DD..YYYY-MM-DD');
  const [, yearText, monthText, quarterText, startText, endText] = m;

  if (startText !== undefined) {
    const start = localDay(startText, timeZone);
    const end = localDay(endText, timeZone);
    if (end < start) throw new Error(`period: the end ${endText} is before the start ${startText}`);
    const days = Math.round(end.diff(start, 'days').days) + 1;
    if (days > MAX_CUSTOM_DAYS) throw new Error(`period: ${days} days is longer than ${MAX_CUSTOM_DAYS} days`);
    const prevEnd = start.minus({ days: 1 });
    const prevStart = start.minus({ days });
    return {
      label: `${startText}..${endText}`,
      from: start.toMillis(),
      to: end.plus({ days: 1 }).toMillis(),
      previous: `${dayLabel(prevStart)}..${dayLabel(prevEnd)}`,
      yearAgo: `${dayLabel(start.minus({ years: 1 }))}..${dayLabel(end.minus({ years: 1 }))}`,
    };
  }

  const year = Number(yearText);
  if (year < 1971) throw new Error(`period: year ${yearText} is before 1971`);
  const y = (n: number) => pad(n, 4);
  if (monthText !== undefined) {
    const start = DateTime.fromObject({ year, month: Number(monthText), day: 1 }, { zone: timeZone });
    const prev = start.minus({ months: 1 });
    return {
      label: `${yearText}-${monthText}`,
      from: start.toMillis(),
      to: start.plus({ months: 1 }).toMillis(),
      previous: `${y(prev.year)}-${pad(prev.month, 2)}`,
      yearAgo: `${y(year - 1)}-${monthText}`,
    };
  }
  if (quarterText !== undefined) {
    const q = Number(quarterText);
    const start = DateTime.fromObject({ year, month: 3 * (q - 1) + 1, day: 1 }, { zone: timeZone });
    return {
      label: `${yearText}-Q${q}`,
      from: start.toMillis(),
      to: start.plus({ months: 3 }).toMillis(),
      previous: q === 1 ? `${y(year - 1)}-Q4` : `${yearText}-Q${q - 1}`,
      yearAgo: `${y(year - 1)}-Q${q}`,
    };
  }
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: timeZone });
  return {
    label: yearText,
    from: start.toMillis(),
    to: start.plus({ years: 1 }).toMillis(),
    previous: y(year - 1),
    yearAgo: y(year - 1),
  };
}
