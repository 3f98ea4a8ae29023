import { DateTime, IANAZone, type TokenParser } from 'luxon';

/**
 * Parses a source timestamp with the mapping's formats (luxon tokens, tried in order; "ISO" = ISO-8601, read in the
 * source's time zone unless the text carries its own offset; "epoch-s" / "epoch-ms" = Unix time in seconds / milliseconds).
 * Returns epoch ms, or null when no format fits.
 *
 * Speed matters (millions of rows): each format is compiled once, and local wall times are turned into instants
 * with the zone's offsets cached per quarter hour, the same way luxon does it (a time in the spring-forward gap
 * moves forward by the gap; an ambiguous fall-back time is the first of its two instants, in daylight-saving time —
 * luxon itself picks by the offset in force today, which is not repeatable).
 */
export function parseSourceDate(text: string, formats: readonly string[], zone: string): number | null {
  const value = text.trim();
  if (!value) return null;
  for (const format of formats) {
    if (format === 'epoch-s' || format === 'epoch-ms') {
      if (!/^-?\d+(\.\d+)?$/.test(value)) continue;
      return Math.round(Number(value) * (format === 'epoch-s' ? 1000 : 1));
    }
    if (format === 'ISO') {
      const parsed = DateTime.fromISO(value, { zone, setZone: true });
      if (parsed.isValid) return parsed.toMillis();
      continue;
    }
    const parser = parserFor(format);
    const { result, zone: ownZone } = (parser as unknown as Explainer).explainFromTokens(value);
    const plain = !!result && result.year !== undefined && Object.keys(result).every((k) => WALL_FIELDS.has(k));
    if (ownZone || !plain) {
      // An offset in the text, epoch tokens (X, x), week dates …, or no match: luxon's own way.
      const parsed = DateTime.fromFormatParser(value, parser, { zone, setZone: true, locale: 'en-US' });
      if (parsed.isValid) return parsed.toMillis();
      continue;
    }
    const at = wallToInstant(result!, zone);
    if (at !== null) return at;
  }
  return null;
}

/** luxon's TokenParser method that fromFormatParser itself uses (not in @types/luxon). */
interface Explainer {
  explainFromTokens(text: string): { result?: Record<string, number> | null; zone?: unknown };
}

const WALL_FIELDS = new Set(['year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond']);
const parsers = new Map<string, TokenParser>();

function parserFor(format: string): TokenParser {
  let parser = parsers.get(format);
  if (!parser) {
    parser = DateTime.buildFormatParser(format, { locale: 'en-US' });
    parsers.set(format, parser);
  }
  return parser;
}

/** Wall-clock fields in `zone` → epoch ms (null when the fields are not a real date, e.g. 30 February). */
function wallToInstant(f: Record<string, number>, zone: string): number | null {
  const [month, day, hour, minute, second, ms] = [f.month ?? 1, f.day ?? 1, f.hour ?? 0, f.minute ?? 0, f.second ?? 0, f.millisecond ?? 0];
  const wall = Date.UTC(f.year, month - 1, day, hour, minute, second, ms);
  const check = new Date(wall);
  if (f.year < 100 || check.getUTCFullYear() !== f.year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const offset = offsetsOf(zone);
  // luxon's fixOffset: guess with the offset at the wall time read as UTC, then correct once.
  const o = offset(wall);
  let guess = wall - o * 60_000;
  const o2 = offset(guess);
  if (o === o2) return guess;
  guess -= (o2 - o) * 60_000;
  const o3 = offset(guess);
  if (o2 === o3) return guess;
  return wall - Math.min(o2, o3) * 60_000;
}

const zones = new Map<string, (ts: number) => number>();

/** The zone's UTC offset in minutes at an instant, cached per quarter hour (offsets change on those boundaries). */
function offsetsOf(zone: string): (ts: number) => number {
  let fn = zones.get(zone);
  if (fn) return fn;
  const iana = IANAZone.create(zone);
  const cache = new Map<number, number>();
  fn = (ts: number) => {
    const bucket = Math.floor(ts / 900_000);
    let minutes = cache.get(bucket);
    if (minutes === undefined) {
      if (cache.size > 200_000) cache.clear();
      minutes = iana.offset(bucket * 900_000);
      cache.set(bucket, minutes);
    }
    return minutes;
  };
  zones.set(zone, fn);
  return fn;
}
