import type { CountIndicator, PublicRankingRow, RateIndicator, SchemeItem } from '@gridlens/contracts';
import { isRate } from './methodology';

/**
 * How a unit's score is made up, from the published figures and the scheme (pure; docs/evaluation.md §5): per
 * item the indicator's value, the item score (rate: 100 × rate; inverseRate: 100 × (1 − rate), both clamped to
 * 0–100; bands: the last band whose min ≤ value, 0 below the first), and its share of the score once items without
 * a value are left out and the other weights rescaled. A suppressed figure ("fewer than N cases") cannot be shown,
 * so neither can its item: `complete` is then false and the page says the score cannot be re-added from public
 * figures.
 */
export interface BreakdownItem {
  indicator: SchemeItem['indicator'];
  weight: number;
  value: number | null;
  suppressed: boolean;
  itemScore: number | null;
  /** weight / Σ weight of the items with a value, in percent; null when the item has no value. */
  effectiveWeight: number | null;
  /** effectiveWeight × itemScore / 100: the points this item adds to the score. */
  points: number | null;
}

export interface Breakdown {
  items: BreakdownItem[];
  /** Σ points rounded half up to 2 decimals (equal to the published score when complete). */
  total: number | null;
  complete: boolean;
}

export function itemScore(scoring: SchemeItem['scoring'], value: number): number {
  const clamp = (s: number) => Math.min(100, Math.max(0, s));
  if (scoring.kind === 'rate') return clamp(100 * value);
  if (scoring.kind === 'inverseRate') return clamp(100 * (1 - value));
  let score = 0;
  for (const band of [...scoring.bands].sort((a, b) => a.min - b.min)) if (band.min <= value) score = band.score;
  return score;
}

export function scoreBreakdown(row: PublicRankingRow, items: readonly SchemeItem[]): Breakdown {
  const figures = items.map((item) => {
    const figure = isRate(item.indicator) ? row.rates[item.indicator as RateIndicator] : row.counts[item.indicator as CountIndicator];
    const suppressed = figure?.suppressed ?? false;
    const value = figure && !suppressed ? figure.value : null;
    return { item, present: figure !== undefined, value, suppressed, score: value === null ? null : Math.round(itemScore(item.scoring, value) * 1e6) / 1e6 };
  });
  const weightWithValues = figures.reduce((sum, f) => sum + (f.score === null ? 0 : f.item.weight), 0);
  const breakdown = figures.map<BreakdownItem>((f) => {
    const effectiveWeight = f.score === null || weightWithValues === 0 ? null : (100 * f.item.weight) / weightWithValues;
    return {
      indicator: f.item.indicator,
      weight: f.item.weight,
      value: f.value,
      suppressed: f.suppressed,
      itemScore: f.score,
      effectiveWeight,
      points: effectiveWeight === null || f.score === null ? null : (effectiveWeight * f.score) / 100,
    };
  });
  const complete = figures.every((f) => f.present && !f.suppressed);
  const sum = breakdown.reduce((s, b) => s + (b.points ?? 0), 0);
  return { items: breakdown, total: weightWithValues === 0 ? null : Math.round((sum + 1e-9) * 100) / 100, complete };
}
