import type { PublicCount, PublicRate, RankChange } from '@gridlens/contracts';
import { locale, type Language } from '../i18n/messages';
import { translatePublic } from './public-i18n';

/**
 * How the public site writes its figures (pure): scores with 2 decimals, rates as percentages with 1 decimal,
 * counts with the language's separators, changes with arrows. A missing figure is "—"; a suppressed one "—*"
 * (the page's footnote says "fewer than N cases: not shown").
 */
export const DASH = '—';
export const SUPPRESSED = '—*';

export function formatScore(score: number | null): string {
  return score === null ? DASH : score.toFixed(2);
}

export function formatCount(count: PublicCount | undefined, lang: Language): string {
  if (!count) return DASH;
  if (count.suppressed) return SUPPRESSED;
  return count.value === null ? DASH : count.value.toLocaleString(locale(lang));
}

/** 0.8735 → "87.4%" (rates are fractions 0–1). */
export function formatRate(rate: PublicRate | undefined): string {
  if (!rate) return DASH;
  if (rate.suppressed) return SUPPRESSED;
  return rate.value === null ? DASH : `${(rate.value * 100).toFixed(1)}%`;
}

/** A signed score difference: "+1.25", "−0.50" (a real minus sign), "0.00". */
export function formatDelta(delta: number | null): string {
  if (delta === null) return DASH;
  if (delta === 0) return '0.00';
  return `${delta > 0 ? '+' : '−'}${Math.abs(delta).toFixed(2)}`;
}

export type Direction = 'up' | 'down' | 'same' | 'none';

/** Where a unit moved: up = a better (smaller) rank than before. */
export function rankDirection(change: RankChange | null): Direction {
  if (!change || change.rankDelta === null) return 'none';
  return change.rankDelta > 0 ? 'up' : change.rankDelta < 0 ? 'down' : 'same';
}

const ARROWS: Record<Direction, string> = { up: '↑', down: '↓', same: '→', none: DASH };

/** "↑2 (+3.10)", "↓1 (−0.40)", "→ (+0.00)", "—": the rank move with the score difference. */
export function formatChange(change: RankChange | null): string {
  const direction = rankDirection(change);
  if (!change || direction === 'none') return change?.scoreDelta != null ? `${DASH} (${formatDelta(change.scoreDelta)})` : DASH;
  const n = Math.abs(change.rankDelta ?? 0);
  return `${ARROWS[direction]}${direction === 'same' ? '' : n} (${formatDelta(change.scoreDelta)})`;
}

/** The same change in words, for screen readers and tooltips: "上升 2 位,得分 +3.10,对比 2026年9月". */
export function describeChange(change: RankChange | null, lang: Language): string {
  const direction = rankDirection(change);
  const parts = [direction === 'none' ? translatePublic(lang, 'change.none') : translatePublic(lang, `change.${direction}`, { n: Math.abs(change?.rankDelta ?? 0) })];
  if (change?.scoreDelta != null) parts.push(translatePublic(lang, 'change.score', { delta: formatDelta(change.scoreDelta) }));
  if (change) parts.push(translatePublic(lang, 'change.vs', { period: formatPeriod(change.period, lang) }));
  return parts.join(lang === 'zh' ? ',' : ', ');
}

/** "2026-10" → "2026年10月" / "October 2026"; quarters, years and custom ranges likewise. */
export function formatPeriod(period: string, lang: Language): string {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) {
    if (lang === 'zh') return `${month[1]}年${Number(month[2])}月`;
    return new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1)).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return lang === 'zh' ? `${quarter[1]}年第${quarter[2]}季度` : `Q${quarter[2]} ${quarter[1]}`;
  if (/^\d{4}$/.test(period)) return lang === 'zh' ? `${period}年` : period;
  const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(period);
  if (range) return lang === 'zh' ? `${range[1]} 至 ${range[2]}` : `${range[1]} to ${range[2]}`;
  return period;
}

/** An instant as a local date and time in the city (Asia/Shanghai unless told). */
export function formatInstant(iso: string, lang: Language, timeZone = 'Asia/Shanghai'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale(lang), { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
}

/** The last local day of [from, to): `to` minus one day, as YYYY-MM-DD in the city. */
export function periodDays(from: string, to: string, timeZone = 'Asia/Shanghai'): { first: string; last: string } {
  const day = (ms: number) => new Date(ms).toLocaleDateString('en-CA', { timeZone });
  return { first: day(Date.parse(from)), last: day(Date.parse(to) - 1) };
}
