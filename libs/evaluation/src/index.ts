// The indicator engine: pure functions from per-case facts to indicators, scores, grades and ranks (docs/evaluation.md).
// API frozen for issue 5; bodies are being filled in (a function that still throws says "not yet").
import type {
  CaseSource, CaseStatus, IngestEvent, RegionCodes, EvaluationLevel, EvaluationRow, SchemeDefinition,
  EvaluationResult, PublicRankingRow,
} from '@gridlens/contracts';
import type { CaseState, Placement } from '@gridlens/workflow';
import type { WorkClock } from '@gridlens/work-clock';

/** A period resolved in the city's time zone: [from, to) epoch ms, and its comparison periods' labels. */
export interface ResolvedPeriod { label: string; from: number; to: number; previous: string; yearAgo: string }
/** Parses YYYY-MM | YYYY-Qn | YYYY | YYYY-MM-DD..YYYY-MM-DD; throws Error naming the problem. */
export function resolvePeriod(period: string, timeZone: string): ResolvedPeriod {
  throw new Error(`not yet: ${period} ${timeZone}`);
}

/** One logged event of a case, as the server's log gives it back (placement only on `reported`). */
export interface LoggedCaseEvent { event: IngestEvent; placement?: Placement }
export interface ReplayContext {
  /** The same deadline rule ingest uses (server: ClockService.deadlineOf with the case's category). */
  deadlineOf(state: CaseState): number | null;
  /** The city's working-time clock, for 按时核实 / 按时核查. */
  clock: WorkClock;
  verifyLimitWorkingHours: number;
  checkLimitWorkingHours: number;
}
/** What the evaluation needs of one case, as of the end of the period. */
export interface CaseFacts {
  caseId: string; category: string; source: CaseSource; reporterId: string | null; regions: RegionCodes;
  department: string | null;
  status: CaseStatus;
  reportedAt: number; verifiedAt: number | null; registeredAt: number | null; handledAt: number | null;
  checkedAt: number | null; closedAt: number | null; voidedAt: number | null; suspendedSince: number | null;
  deadline: number | null;
  verifiedOnTime: boolean | null;
  checkedOnTime: boolean | null;
  periodEvents: { type: 'dispatched' | 'returned' | 'rework'; at: number; department: string | null }[];
}
export function caseFactsAt(events: LoggedCaseEvent[], period: ResolvedPeriod, ctx: ReplayContext): CaseFacts | null {
  throw new Error(`not yet ${events.length} ${period.label} ${ctx.verifyLimitWorkingHours}`);
}

export interface Unit { code: string; name: { zh: string; en: string } }
export interface EvaluateInput {
  facts: CaseFacts[]; period: ResolvedPeriod; level: EvaluationLevel;
  units: Unit[];
  scheme: SchemeDefinition;
  categoryNames: Map<string, { zh: string; en: string }>;
}
export function evaluate(input: EvaluateInput): { rows: EvaluationRow[]; topCategories: EvaluationResult['topCategories'] } {
  throw new Error(`not yet ${input.level}`);
}
export function withChanges(rows: EvaluationRow[], previous: { period: string; rows: EvaluationRow[] } | null,
  yearAgo: { period: string; rows: EvaluationRow[] } | null): EvaluationRow[] {
  throw new Error(`not yet ${rows.length} ${String(previous)} ${String(yearAgo)}`);
}
export function canonicalFacts(facts: CaseFacts[]): string {
  throw new Error(`not yet ${facts.length}`);
}
export function publicationHashInput(p: { inputsDigest: string; scheme: { version: string; definition: SchemeDefinition };
  period: string; level: EvaluationLevel; rows: EvaluationRow[] }): string {
  throw new Error(`not yet ${p.period}`);
}
export function toPublicRows(rows: EvaluationRow[], topCategories: EvaluationResult['topCategories'], minCount: number): PublicRankingRow[] {
  throw new Error(`not yet ${rows.length} ${Object.keys(topCategories).length} ${minCount}`);
}
export interface RowSummary { score: number | null; grade: string | null; rank: number | null }
export function correctionChanges(before: EvaluationRow[], after: EvaluationRow[]): { code: string; before: RowSummary; after: RowSummary }[] {
  throw new Error(`not yet ${before.length} ${after.length}`);
}
export const DEFAULT_SCHEME: { version: string; definition: SchemeDefinition } = {
  version: 'default-2026.1',
  definition: {
    name: { zh: '默认评价方案', en: 'Default scheme' }, levels: {}, grades: [{ grade: 'E', min: 0 }],
    verifyLimitWorkingHours: 2, checkLimitWorkingHours: 2, minDueToRank: 5,
  },
};
export function schemeProblems(def: SchemeDefinition): string[] {
  throw new Error(`not yet ${def.name.en}`);
}
