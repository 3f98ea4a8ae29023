import type { CountIndicator, EvaluationLevel, GradeThreshold, IndicatorId, RateIndicator, SchemeDefinition, SchemeItem } from '@gridlens/contracts';

/**
 * What the methodology page shows, derived from the scheme that was used (pure): the items of the level with
 * their weights and scoring, the band tables, the grades from best to worst, and every indicator a reader needs
 * defined (the items' own and the counts their rates are made of).
 */

/** The counts each rate is made of (contracts RATE_INDICATORS comments; docs/evaluation.md). */
export const RATE_PARTS: Record<RateIndicator, { numerator: CountIndicator[]; denominator: CountIndicator }> = {
  closureRate: { numerator: ['closed'], denominator: 'due' },
  onTimeClosureRate: { numerator: ['closedOnTime'], denominator: 'due' },
  handlingRate: { numerator: ['handled'], denominator: 'dueToHandle' },
  onTimeHandlingRate: { numerator: ['handledOnTime'], denominator: 'dueToHandle' },
  validReportRate: { numerator: ['validReported'], denominator: 'reported' },
  accurateRegistrationRate: { numerator: ['registered', 'voided'], denominator: 'registered' },
  accurateDispatchRate: { numerator: ['dispatched', 'returned'], denominator: 'dispatched' },
  missRate: { numerator: ['missed'], denominator: 'registered' },
  reworkRate: { numerator: ['rework'], denominator: 'closed' },
  supervisionReportRate: { numerator: ['supervisionReported'], denominator: 'reported' },
  onTimeVerifyRate: { numerator: ['verifiedOnTime'], denominator: 'verified' },
  onTimeCheckRate: { numerator: ['checkedOnTime'], denominator: 'checked' },
};

export const isRate = (id: IndicatorId): id is RateIndicator => id in RATE_PARTS;

export interface MethodItem {
  indicator: IndicatorId;
  weight: number;
  scoring: SchemeItem['scoring']['kind'];
  /** Bands sorted by their lower bound, for the band table (banded items only). */
  bands: { min: number; score: number }[];
}

export interface Methodology {
  items: MethodItem[];
  totalWeight: number;
  /** Best grade first. */
  grades: GradeThreshold[];
  minDueToRank: number;
  /** The items' indicators, then the counts behind their rates (each once, in that order). */
  definitions: IndicatorId[];
}

export function methodologyOf(definition: SchemeDefinition, level: EvaluationLevel): Methodology {
  const items = (definition.levels[level] ?? []).map<MethodItem>((item) => ({
    indicator: item.indicator,
    weight: item.weight,
    scoring: item.scoring.kind,
    bands: item.scoring.kind === 'bands' ? [...item.scoring.bands].sort((a, b) => a.min - b.min) : [],
  }));
  const definitions: IndicatorId[] = [];
  const add = (id: IndicatorId) => definitions.includes(id) || definitions.push(id);
  for (const item of items) add(item.indicator);
  for (const item of items) {
    if (!isRate(item.indicator)) continue;
    const parts = RATE_PARTS[item.indicator];
    for (const id of parts.numerator) add(id);
    add(parts.denominator);
  }
  add('due'); // minDueToRank counts due cases: always defined
  return {
    items,
    totalWeight: items.reduce((sum, i) => sum + i.weight, 0),
    grades: [...definition.grades].sort((a, b) => b.min - a.min),
    minDueToRank: definition.minDueToRank,
    definitions,
  };
}
