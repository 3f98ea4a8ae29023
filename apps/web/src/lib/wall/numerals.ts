/**
 * The wall's numbers as text: whole counts with grouping, rates as percentages with one decimal, and signed
 * changes (counts, and rates in percentage points). Pure: the locale is a parameter ('zh-CN', 'en-GB').
 */

/** 12345 → "12,345"; a non-finite value → "—". */
export function formatCount(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** 0.8734 → "87.3%"; null (no denominator) → "—". */
export function formatRate(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}

/** A signed whole change: +12, −3 (a true minus sign), 0. */
export function formatSignedCount(delta: number, locale: string): string {
  const text = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.abs(delta));
  return delta > 0 ? `+${text}` : delta < 0 ? `−${text}` : text;
}

/** A change of a rate in percentage points (0.012 → "+1.2"), rounded to one decimal; "0.0" when it rounds to 0. */
export function formatSignedPoints(delta: number, locale: string): string {
  const points = (Math.sign(delta) * Math.round(Math.abs(delta) * 1000)) / 10; // symmetric: −x rounds as x
  const text = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(points));
  return points > 0 ? `+${text}` : points < 0 ? `−${text}` : text;
}

/** A relative change (0.25 → "+25%"), whole percent; null when the base was 0. */
export function formatRelative(ratio: number | null, locale: string): string | null {
  if (ratio === null || !Number.isFinite(ratio)) return null;
  const text = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(Math.abs(ratio));
  return ratio > 0 ? `+${text}` : ratio < 0 ? `−${text}` : text;
}

/** Seconds as a short duration: "45秒" / "12分" / "3.5小时" / "2.1天" (zh), "45 s" / "12 min" / "3.5 h" / "2.1 d" (en). */
export function formatDurationShort(seconds: number | null | undefined, language: 'zh' | 'en'): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, seconds);
  const units: [number, string, string][] = [
    [86_400, '天', 'd'],
    [3_600, '小时', 'h'],
    [60, '分', 'min'],
  ];
  for (const [size, zh, en] of units) {
    if (s >= size) {
      const v = s / size;
      const text = v >= 10 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
      return language === 'zh' ? `${text}${zh}` : `${text} ${en}`;
    }
  }
  return language === 'zh' ? `${Math.round(s)}秒` : `${Math.round(s)} s`;
}
