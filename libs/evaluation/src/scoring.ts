import {
  RATE_INDICATORS, type CountIndicator, type GradeThreshold, type IndicatorId, type ItemScore, type RateIndicator,
  type SchemeItem,
} from '@gridlens/contracts';
import type { Counts, Rates } from './indicators';

const MICRO = 1_000_000;
const FULL_MARKS_MICRO = 100 * MICRO;

export const isRateIndicator = (id: IndicatorId): id is RateIndicator => (RATE_INDICATORS as readonly string[]).includes(id);

/** The item's value: the count, or the rate's value (null when its denominator is 0). */
export function itemValue(indicator: IndicatorId, counts: Counts, rates: Rates): number | null {
  return isRateIndicator(indicator) ? rates[indicator].value : counts[indicator as CountIndicator];
}

/**
 * The item's score in micro-points (score × 10^6, an integer from 0 to 10^8), or null when the value is null.
 * rate: 100 × value; inverseRate: 100 × (1 − value); bands: the score of the last band whose min ≤ value
 * (0 below the first band). Clamped to 0…100 (a rework rate above 1 scores 0, not less).
 */
export function itemScoreMicro(item: SchemeItem, value: number | null): number | null {
  if (value === null) return null;
  const s = item.scoring;
  let micro: number;
  if (s.kind === 'bands') {
    let score = 0;
    for (const band of s.bands) if (band.min <= value) score = band.score;
    micro = Math.round(score * MICRO);
  } else {
    const valueMicro = Math.round(value * MICRO); // rates carry 6 decimals: this is exact
    micro = (s.kind === 'rate' ? valueMicro : MICRO - valueMicro) * 100;
  }
  return Math.min(FULL_MARKS_MICRO, Math.max(0, micro));
}

/** Items with their values and scores (score in points, 6 decimals). */
export function scoreItems(items: SchemeItem[], counts: Counts, rates: Rates): { item: ItemScore; micro: number | null }[] {
  return items.map((it) => {
    const value = itemValue(it.indicator, counts, rates);
    const micro = itemScoreMicro(it, value);
    return { item: { indicator: it.indicator, weight: it.weight, value, score: micro === null ? null : micro / MICRO }, micro };
  });
}

/**
 * Weighted score rounded half-up to 2 decimals, exactly: with w = round(weight × 10^6) and s = item score in
 * micro-points (integers), score × 100 = round-half-up( Σ w·s / (Σ w · 10^4) ) over the items that have a value,
 * computed in BigInt integer arithmetic. Null when no item has a value.
 */
export function weightedScore(scored: { item: ItemScore; micro: number | null }[]): number | null {
  let num = 0n;
  let den = 0n;
  for (const { item, micro } of scored) {
    if (micro === null) continue;
    const w = BigInt(Math.round(item.weight * MICRO));
    num += w * BigInt(micro);
    den += w;
  }
  if (den === 0n) return null;
  const d = den * 10_000n;
  const cents = (2n * num + d) / (2n * d);
  return Number(cents) / 100;
}

/** The first grade (thresholds sorted descending) whose min ≤ score. */
export function gradeOf(score: number | null, grades: GradeThreshold[]): string | null {
  if (score === null) return null;
  return grades.find((g) => g.min <= score)?.grade ?? null;
}

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Competition ranking (1, 2, 2, 4) by score, descending, over the rankable units; the others get rank null.
 * Returns the units ordered: ranked by rank then code, then the unranked by code.
 */
export function rankUnits<T extends { code: string; score: number | null; rank: number | null }>(
  rows: T[],
  rankable: (row: T) => boolean,
): T[] {
  const ranked: T[] = [];
  const unranked: T[] = [];
  for (const r of rows) (r.score !== null && rankable(r) ? ranked : unranked).push(r);
  ranked.sort((a, b) => (b.score as number) - (a.score as number) || byCode(a, b));
  ranked.forEach((r, i) => {
    r.rank = i > 0 && ranked[i - 1].score === r.score ? ranked[i - 1].rank : i + 1;
  });
  for (const r of unranked) r.rank = null;
  return [...ranked, ...unranked.sort(byCode)];
}
