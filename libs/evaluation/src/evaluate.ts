import type { EvaluationLevel, EvaluationResult, EvaluationRow, SchemeDefinition } from '@gridlens/contracts';
import type { CaseFacts } from './case-facts';
import { tallyUnits, topCategoriesOf } from './attribution';
import { ratesOf } from './indicators';
import type { ResolvedPeriod } from './period';
import { gradeOf, rankUnits, scoreItems, weightedScore } from './scoring';

export interface Unit {
  code: string;
  name: { zh: string; en: string };
}

export interface EvaluateInput {
  facts: CaseFacts[];
  period: ResolvedPeriod;
  level: EvaluationLevel;
  /** Every unit to list (regions of the level, departments, or inspectors: for inspectors the server passes the
   *  reporter ids found in the facts); units with no cases get zero counts. */
  units: Unit[];
  scheme: SchemeDefinition;
  categoryNames: Map<string, { zh: string; en: string }>;
}

/** Counts, rates, item scores, score, grade, rank (change: both null), ordered by rank then code. */
export function evaluate(input: EvaluateInput): { rows: EvaluationRow[]; topCategories: EvaluationResult['topCategories'] } {
  const { facts, period, level, units, scheme, categoryNames } = input;
  const items = scheme.levels[level];
  if (!items || items.length === 0) throw new Error(`level: the scheme has no items for level "${level}"`);
  const seen = new Set<string>();
  for (const u of units) {
    if (seen.has(u.code)) throw new Error(`units: unit code "${u.code}" is listed twice`);
    seen.add(u.code);
  }
  const codes = units.map((u) => u.code);
  const tallies = tallyUnits(facts, period, level, codes);

  const rows: EvaluationRow[] = units.map((u) => {
    const { counts, missDenominator } = tallies.get(u.code)!;
    const rates = ratesOf(counts, missDenominator);
    const scored = scoreItems(items, counts, rates);
    const score = weightedScore(scored);
    return {
      code: u.code,
      name: { zh: u.name.zh, en: u.name.en },
      counts,
      rates,
      items: scored.map((s) => s.item),
      score,
      grade: gradeOf(score, scheme.grades),
      rank: null,
      change: { previous: null, yearAgo: null },
    };
  });
  const ordered = rankUnits(rows, (r) => r.counts.due >= scheme.minDueToRank);
  return { rows: ordered, topCategories: topCategoriesOf(facts, period, level, codes, categoryNames) };
}
