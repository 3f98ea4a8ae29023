// The indicator engine: pure functions from per-case facts to indicators, scores, grades and ranks (docs/evaluation.md).
// API as agreed for issue 5. Additions (backwards-compatible): RowSummary, OTHER_CATEGORY, MAX_CUSTOM_DAYS,
// PATROL_GRID_INDICATORS, caseIndicators/effectiveDeadline (the per-case rules, for tools and audits).
export { resolvePeriod, MAX_CUSTOM_DAYS, type ResolvedPeriod } from './period';
export { caseFactsAt, type CaseFacts, type LoggedCaseEvent, type ReplayContext, type PeriodEventType } from './case-facts';
export { caseIndicators, effectiveDeadline, SUPERVISION_SOURCES, MISSED_SOURCES } from './indicators';
export { PATROL_GRID_INDICATORS } from './attribution';
export { evaluate, type EvaluateInput, type Unit } from './evaluate';
export { withChanges, correctionChanges, type RowSummary } from './changes';
export { canonicalFacts, publicationHashInput } from './canonical';
export { toPublicRows, OTHER_CATEGORY } from './public-rows';
export { DEFAULT_SCHEME, schemeProblems } from './scheme';
