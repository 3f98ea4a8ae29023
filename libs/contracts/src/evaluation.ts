import { z } from 'zod';

/**
 * Performance evaluation (综合评价) and published rankings. The rules (what "due in the period" means, how
 * boundary-crossing cases, suspensions, extensions, returns and rework count) are in docs/evaluation.md; the
 * endpoints in docs/api.md ("Evaluations", "Public rankings").
 */

/** Units that can be evaluated. `inspector` is never published (privacy: no person is named in public). */
export const EVALUATION_LEVELS = ['district', 'street', 'community', 'department', 'inspector'] as const;
export type EvaluationLevel = (typeof EVALUATION_LEVELS)[number];
/** Levels that may be published on the public site. */
export const PUBLIC_LEVELS = ['district', 'street', 'community', 'department'] as const;
export type PublicLevel = (typeof PUBLIC_LEVELS)[number];

/**
 * Every indicator the engine computes (domain.md, "Indicators"). Counts are integers; rates are `Rate`s.
 * Exact definitions: docs/evaluation.md.
 */
export const COUNT_INDICATORS = [
  'reported', // 上报数: reported in the period
  'supervisionReported', // reported by inspectors, collectors or video (active supervision), in the period
  'validReported', // 有效上报数: reported in the period and registered (not voided before registration)
  'registered', // 立案数: registered in the period
  'voided', // 作废数: voided in the period after registration
  'dispatched', // 派遣数: dispatch events in the period
  'returned', // 回退数: return events in the period
  'dueToHandle', // 应处置数
  'handled', // 处置数
  'handledOnTime', // 按期处置数
  'due', // 应结案数
  'closed', // 结案数 (of the due cohort)
  'closedOnTime', // 按期结案数
  'rework', // 返工数: rework events in the period
  'overdue', // 超期: open and past the deadline at the end of the period
  'missed', // 漏报数: registered cases first reported by the public where an inspector patrols
  'verified', // 核实数 in the period
  'verifiedOnTime', // 按时核实数
  'checked', // 核查数 in the period
  'checkedOnTime', // 按时核查数
] as const;
export type CountIndicator = (typeof COUNT_INDICATORS)[number];

export const RATE_INDICATORS = [
  'closureRate', // 结案率 = closed / due
  'onTimeClosureRate', // 按期结案率 = closedOnTime / due
  'handlingRate', // 处置率 = handled / dueToHandle
  'onTimeHandlingRate', // 按期处置率 = handledOnTime / dueToHandle
  'validReportRate', // 有效上报率 = validReported / reported
  'accurateRegistrationRate', // 准确立案率 = (registered − voided) / registered
  'accurateDispatchRate', // 准确派遣率 = (dispatched − returned) / dispatched
  'missRate', // 漏报率 = missed / registered
  'reworkRate', // 返工率 = rework / closed
  'supervisionReportRate', // 监督举报率 = supervisionReported / reported
  'onTimeVerifyRate', // 按时核实率 = verifiedOnTime / verified
  'onTimeCheckRate', // 按时核查率 = checkedOnTime / checked
] as const;
export type RateIndicator = (typeof RATE_INDICATORS)[number];
export type IndicatorId = CountIndicator | RateIndicator;

/** A rate with its parts; `value` is null when the denominator is 0. Values are exact fractions rounded to 6 places. */
export interface EvaluationRate {
  numerator: number;
  denominator: number;
  value: number | null;
}

/** How one scheme item turns an indicator into a score from 0 to 100. */
export type ItemScoring =
  /** score = 100 × rate (rates only). */
  | { kind: 'rate' }
  /** score = 100 × (1 − rate) (rates only; e.g. rework rate, miss rate). */
  | { kind: 'inverseRate' }
  /** Banded: the score of the last band whose `min` ≤ value (bands sorted by min ascending; below the first: 0). */
  | { kind: 'bands'; bands: { min: number; score: number }[] };

export interface SchemeItem {
  indicator: IndicatorId;
  /** Weight in percent; the weights of one level sum to 100. */
  weight: number;
  scoring: ItemScoring;
}

export interface GradeThreshold {
  grade: string;
  /** Lowest score (inclusive) of the grade; thresholds sorted descending, the last one has min 0. */
  min: number;
}

/** The body of an evaluation scheme (versioned data, never edited once used). */
export interface SchemeDefinition {
  name: { zh: string; en: string };
  description?: { zh: string; en: string };
  /** Items per level; a level without items cannot be evaluated with this scheme. */
  levels: Partial<Record<EvaluationLevel, SchemeItem[]>>;
  grades: GradeThreshold[];
  /** Working-time limits for 按时核实 / 按时核查, in working hours. */
  verifyLimitWorkingHours: number;
  checkLimitWorkingHours: number;
  /** A unit with fewer due cases than this is listed but not ranked (`rank: null`). */
  minDueToRank: number;
}

export interface EvaluationScheme {
  /** Immutable version id, e.g. `default-2026.1`. */
  version: string;
  createdAt: string;
  createdBy: string;
  /** True once a publication used it: it can then never be changed or deleted. */
  used: boolean;
  definition: SchemeDefinition;
}

export const schemeItemSchema: z.ZodType<SchemeItem> = z.object({
  indicator: z.enum([...COUNT_INDICATORS, ...RATE_INDICATORS], { error: 'unknown indicator' }),
  weight: z.number().positive().max(100),
  scoring: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('rate') }),
    z.object({ kind: z.literal('inverseRate') }),
    z.object({
      kind: z.literal('bands'),
      bands: z.array(z.object({ min: z.number(), score: z.number().min(0).max(100) })).min(1).max(50),
    }),
  ]),
});

export const schemeDefinitionSchema: z.ZodType<SchemeDefinition> = z.object({
  name: z.object({ zh: z.string().min(1).max(200), en: z.string().min(1).max(200) }),
  description: z.object({ zh: z.string().max(4000), en: z.string().max(4000) }).optional(),
  levels: z.partialRecord(z.enum(EVALUATION_LEVELS), z.array(schemeItemSchema).min(1).max(30)),
  grades: z.array(z.object({ grade: z.string().min(1).max(8), min: z.number().min(0).max(100) })).min(1).max(10),
  verifyLimitWorkingHours: z.number().positive().max(1000),
  checkLimitWorkingHours: z.number().positive().max(1000),
  minDueToRank: z.number().int().min(0).max(100000),
});

/** `POST /api/v1/evaluation-schemes` (admin). */
export const createSchemeSchema = z.object({
  version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: 'letters, digits, ".", "_", "-"; at most 64' }),
  definition: schemeDefinitionSchema,
});
export type CreateSchemeRequest = z.infer<typeof createSchemeSchema>;

/**
 * A period: `YYYY-MM` (month), `YYYY-Qn` (quarter), `YYYY` (year) or `YYYY-MM-DD..YYYY-MM-DD` (custom, both days
 * included). Periods are whole local days in the city's time zone (TZ_CITY).
 */
export const PERIOD_PATTERN = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$|^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;
export const periodSchema = z.string().regex(PERIOD_PATTERN, {
  error: 'expected YYYY-MM, YYYY-Qn, YYYY or YYYY-MM-DD..YYYY-MM-DD',
});

export const evaluationQuerySchema = z.object({
  period: periodSchema,
  level: z.enum(EVALUATION_LEVELS, { error: `expected one of ${EVALUATION_LEVELS.join(', ')}` }),
  /** Default: the newest scheme version. */
  schemeVersion: z.string().min(1).max(64).optional(),
});
export type EvaluationQuery = z.infer<typeof evaluationQuerySchema>;

export const publishSchema = z.object({
  period: periodSchema,
  level: z.enum(PUBLIC_LEVELS, { error: `expected one of ${PUBLIC_LEVELS.join(', ')} (inspectors are never published)` }),
  schemeVersion: z.string().min(1).max(64),
  note: z.string().max(4000).default(''),
});
export type PublishRequest = z.infer<typeof publishSchema>;

/** `POST /api/v1/evaluations/{id}/corrections` (admin): recompute and supersede publication `id`. */
export const correctionSchema = z.object({
  reason: z.string().trim().min(1, { error: 'a correction needs a reason' }).max(4000),
  /** Default: the scheme version of the publication being corrected. */
  schemeVersion: z.string().min(1).max(64).optional(),
  note: z.string().max(4000).default(''),
});
export type CorrectionRequest = z.infer<typeof correctionSchema>;

/** One item's contribution to a unit's score. */
export interface ItemScore {
  indicator: IndicatorId;
  weight: number;
  /** The indicator's value (count, or rate value); null when a rate has no denominator. */
  value: number | null;
  /** 0–100, or null when `value` is null (the item is then left out and the other weights rescaled). */
  score: number | null;
}

/** One unit's line in a ranking. */
export interface EvaluationRow {
  code: string;
  name: { zh: string; en: string };
  counts: Record<CountIndicator, number>;
  rates: Record<RateIndicator, EvaluationRate>;
  items: ItemScore[];
  /** Weighted score, 0–100, rounded to 2 decimals (the rounded score is what ranks). Null when no item has a value. */
  score: number | null;
  grade: string | null;
  /** Competition ranking (1, 2, 2, 4) by score; null when not ranked (see `minDueToRank`). */
  rank: number | null;
  /** Against the previous period (环比) and the same period a year before (同比), same scheme; null if absent. */
  change: { previous: RankChange | null; yearAgo: RankChange | null };
}

export interface RankChange {
  period: string;
  score: number | null;
  rank: number | null;
  /** score − previous score (2 decimals), null if either is null. */
  scoreDelta: number | null;
  /** previous rank − rank (positive = moved up), null if either is null. */
  rankDelta: number | null;
}

/** `GET /api/v1/evaluations`: a draft, computed now from the data as it is. */
export interface EvaluationResult {
  period: string;
  /** The period as instants: [from, to). */
  from: string;
  to: string;
  level: EvaluationLevel;
  scheme: EvaluationScheme;
  /** Log position the inputs were read at. */
  seq: number;
  /** SHA-256 (hex) of the canonical serialisation of the per-case facts the results were computed from. */
  inputsDigest: string;
  /** Number of cases whose facts entered the evaluation. */
  caseCount: number;
  rows: EvaluationRow[];
  /** Top 3 minor categories by registered cases per unit (regions only; empty for departments/inspectors). */
  topCategories: Record<string, { code: string; name: { zh: string; en: string }; registered: number }[]>;
  /** When a publication exists for this period and level: its id and whether the draft's hash still equals it. */
  published: { id: string; hash: string; matches: boolean } | null;
}

/** A frozen, immutable publication. */
export interface Publication {
  id: string;
  period: string;
  from: string;
  to: string;
  level: PublicLevel;
  schemeVersion: string;
  note: string;
  publishedAt: string;
  publishedBy: string;
  /** SHA-256 (hex) over canonical JSON of {inputsDigest, schemeVersion, scheme definition, period, level, rows}. */
  hash: string;
  inputsDigest: string;
  caseCount: number;
  /** The publication this one corrects, with the reason; null for a first publication. */
  supersedes: { id: string; reason: string } | null;
  /** Set when a later correction replaced this one. */
  supersededBy: string | null;
}

export interface PublicationDetail extends Publication {
  scheme: EvaluationScheme;
  rows: EvaluationRow[];
  topCategories: EvaluationResult['topCategories'];
}

/**
 * `GET /api/v1/evaluations/publications/{id}/verify`: the publication recomputed (a) from its frozen facts
 * (evaluation_input: proves the engine still gives the same rows and hash) and (b) from the data as it is now.
 */
export interface PublicationVerification {
  id: string;
  hash: string;
  inputsDigest: string;
  /** The frozen facts re-hashed (must equal inputsDigest) and re-evaluated with the publication's scheme and units. */
  frozen: { inputsDigest: string; hash: string; matches: boolean };
  /** The same period, level and scheme evaluated from today's data: new data shows as another inputsDigest. */
  current: { inputsDigest: string; hash: string; matches: boolean; seq: number };
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: 'scheme.create' | 'evaluation.publish' | 'evaluation.correct';
  /** What was acted on: scheme version or publication id, and details (period, level, hash, reason …). */
  subject: string;
  details: Record<string, unknown>;
}

/* ---------------- public (no sign-in) ---------------- */

export const publicRankingsQuerySchema = z.object({
  period: periodSchema.optional(),
  level: z.enum(PUBLIC_LEVELS, { error: `expected one of ${PUBLIC_LEVELS.join(', ')}` }).optional(),
});
export type PublicRankingsQuery = z.infer<typeof publicRankingsQuerySchema>;

/** `GET /api/public/rankings/{id}.csv|.xlsx?lang=`: the download's language (Chinese by default). */
export const publicDownloadQuerySchema = z.object({
  lang: z.enum(['zh', 'en'], { error: 'expected zh or en' }).default('zh'),
});
export type PublicDownloadQuery = z.infer<typeof publicDownloadQuerySchema>;

/** `GET /api/public/units/{level}/{code}/history` path parameters. */
export const publicUnitParamsSchema = z.object({
  level: z.enum(PUBLIC_LEVELS, { error: `expected one of ${PUBLIC_LEVELS.join(', ')}` }),
  code: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'expected a unit code (letters, digits, ".", "_", "-"; at most 64)' }),
});

/** `GET /api/public/regions?level=`: region boundaries for the public grade map (GeoJSON, no cases). */
export const PUBLIC_REGION_LEVELS = ['district', 'street', 'community'] as const;
export const publicRegionsQuerySchema = z.object({
  level: z.enum(PUBLIC_REGION_LEVELS, { error: `expected one of ${PUBLIC_REGION_LEVELS.join(', ')}` }),
});
export type PublicRegionsQuery = z.infer<typeof publicRegionsQuerySchema>;

/**
 * A public unit line: aggregates only. A count (or a rate whose denominator is) under PUBLIC_MIN_COUNT is
 * suppressed: value null and `suppressed: true`; the unit is then not ranked on that item.
 */
export interface PublicCount {
  value: number | null;
  suppressed: boolean;
}
export interface PublicRate {
  value: number | null;
  suppressed: boolean;
}

export interface PublicRankingRow {
  code: string;
  name: { zh: string; en: string };
  score: number | null;
  grade: string | null;
  rank: number | null;
  change: { previous: RankChange | null; yearAgo: RankChange | null };
  counts: Partial<Record<CountIndicator, PublicCount>>;
  rates: Partial<Record<RateIndicator, PublicRate>>;
  /** Top categories (regions); categories under PUBLIC_MIN_COUNT merged into "other". */
  topCategories: { code: string; name: { zh: string; en: string }; registered: number }[];
  /** True when some figure of this unit is suppressed or merged. */
  suppressed: boolean;
}

export interface PublicRankingSummary {
  id: string;
  period: string;
  level: PublicLevel;
  schemeVersion: string;
  publishedAt: string;
  hash: string;
  supersedes: { id: string; reason: string } | null;
  supersededBy: string | null;
}

/** `GET /api/public/rankings`: published snapshots (newest first), current and superseded. */
export interface PublicRankingList {
  items: PublicRankingSummary[];
  /** Periods and levels that have a current publication, for navigation. */
  periods: { period: string; level: PublicLevel; id: string }[];
}

/** `GET /api/public/rankings/{id}` */
export interface PublicRanking extends PublicRankingSummary {
  from: string;
  to: string;
  note: string;
  /** The scheme as published: what the methodology page is generated from. */
  scheme: { version: string; definition: SchemeDefinition };
  minCount: number;
  rows: PublicRankingRow[];
  /** What changed against the publication it supersedes (per unit: score, grade, rank before and after). */
  correction: {
    reason: string;
    previousId: string;
    changes: { code: string; before: { score: number | null; grade: string | null; rank: number | null }; after: { score: number | null; grade: string | null; rank: number | null } }[];
  } | null;
}

/** `GET /api/public/units/{level}/{code}/history`: a unit's published rank over past periods (current publications only). */
export interface PublicUnitHistory {
  level: PublicLevel;
  code: string;
  name: { zh: string; en: string };
  points: { period: string; id: string; score: number | null; grade: string | null; rank: number | null; of: number }[];
}
