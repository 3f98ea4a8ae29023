import { DateTime } from 'luxon';

/** An instant as the ingest contract wants it: ISO-8601 with the city's UTC offset, whole seconds. */
export function formatInstant(t: number, timeZone: string): string {
  return DateTime.fromMillis(t, { zone: timeZone }).toISO({ suppressMilliseconds: true, includeOffset: true })!;
}

/** Local date as YYYYMMDD (for case ids). */
export function compactLocalDate(t: number, timeZone: string): string {
  return DateTime.fromMillis(t, { zone: timeZone }).toFormat('yyyyLLdd');
}

export function toEpochMs(value: Date | number | string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : value;
  if (!Number.isFinite(ms)) throw new Error(`simulator: not a valid instant: ${String(value)}`);
  return ms;
}
