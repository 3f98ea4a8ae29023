import type { EvaluationLevel, ItemScoring, SchemeDefinition, SchemeItem } from '@gridlens/contracts';
import { isRateIndicator } from './scoring';

const rate: ItemScoring = { kind: 'rate' };
const inverseRate: ItemScoring = { kind: 'inverseRate' };
const bands = (pairs: [number, number][]): ItemScoring => ({ kind: 'bands', bands: pairs.map(([min, score]) => ({ min, score })) });

/**
 * 立案数 bands for a month of the demo city (libs/city-sim: about a thousand cases a day over six districts, so a
 * few thousand registered cases per district and month, tens per street, a handful per community). They are an
 * EXAMPLE: each city sets its own in a new scheme version (and a quarter or a year would need bigger bands).
 */
const REGISTERED_BANDS: Record<'district' | 'street' | 'community' | 'department', ItemScoring> = {
  district: bands([[0, 20], [500, 40], [1000, 60], [2000, 75], [3500, 90], [5000, 100]]),
  street: bands([[0, 20], [10, 40], [25, 60], [50, 75], [100, 90], [200, 100]]),
  community: bands([[0, 20], [2, 40], [5, 60], [10, 75], [20, 90], [40, 100]]),
  department: bands([[0, 20], [200, 40], [500, 60], [1000, 75], [2000, 90], [3000, 100]]),
};

const region = (level: 'district' | 'street' | 'community'): SchemeItem[] => [
  { indicator: 'supervisionReportRate', weight: 10, scoring: rate },
  { indicator: 'registered', weight: 20, scoring: REGISTERED_BANDS[level] },
  { indicator: 'closureRate', weight: 30, scoring: rate },
  { indicator: 'onTimeClosureRate', weight: 40, scoring: rate },
];

/** The default scheme: the example weights of domain.md ("Evaluations"). */
export const DEFAULT_SCHEME: { version: string; definition: SchemeDefinition } = {
  version: 'default-2026.1',
  definition: {
    name: { zh: '数字城管综合评价默认方案', en: 'Default digital urban management evaluation scheme' },
    description: {
      zh: '区域：监督举报率10%、立案数20%、结案率30%、按期结案率40%；部门：立案数10%、结案率30%、按期处置率30%、(100−返工率)30%；监督员：有效上报率40%、漏报率20%、按时核实率20%、按时核查率20%。立案数分档为示例，各城市按实际设定。',
      en: 'Regions: supervision report rate 10 %, registered cases 20 %, closure rate 30 %, on-time closure rate 40 %. Departments: registered 10 %, closure rate 30 %, on-time handling rate 30 %, 100 − rework rate 30 %. Inspectors: valid report rate 40 %, 100 − miss rate 20 %, on-time verification 20 %, on-time check 20 %. The registered-case bands are an example, set per city.',
    },
    levels: {
      district: region('district'),
      street: region('street'),
      community: region('community'),
      department: [
        { indicator: 'registered', weight: 10, scoring: REGISTERED_BANDS.department },
        { indicator: 'closureRate', weight: 30, scoring: rate },
        { indicator: 'onTimeHandlingRate', weight: 30, scoring: rate },
        { indicator: 'reworkRate', weight: 30, scoring: inverseRate },
      ],
      inspector: [
        { indicator: 'validReportRate', weight: 40, scoring: rate },
        { indicator: 'missRate', weight: 20, scoring: inverseRate },
        { indicator: 'onTimeVerifyRate', weight: 20, scoring: rate },
        { indicator: 'onTimeCheckRate', weight: 20, scoring: rate },
      ],
    },
    grades: [
      { grade: 'A', min: 90 },
      { grade: 'B', min: 75 },
      { grade: 'C', min: 60 },
      { grade: 'D', min: 40 },
      { grade: 'E', min: 0 },
    ],
    verifyLimitWorkingHours: 2,
    checkLimitWorkingHours: 2,
    minDueToRank: 5,
  },
};

/**
 * Checks a scheme beyond its zod shape; each problem names the field. Weights of a level sum to 100 (±1e-9), an
 * indicator appears once per level, grades are strictly descending and end at 0 with distinct names, bands are
 * strictly ascending by min, and 'rate' / 'inverseRate' scorings apply only to rate indicators.
 */
export function schemeProblems(def: SchemeDefinition): string[] {
  const problems: string[] = [];
  const levels = Object.entries(def.levels) as [EvaluationLevel, SchemeItem[] | undefined][];
  if (!levels.some(([, items]) => items && items.length > 0)) problems.push('levels: no level has any item');
  for (const [level, items] of levels) {
    if (!items) continue;
    const sum = items.reduce((n, it) => n + it.weight, 0);
    if (Math.abs(sum - 100) > 1e-9) problems.push(`levels.${level}: weights sum to ${sum}, expected 100`);
    const seen = new Set<string>();
    items.forEach((it, i) => {
      const field = `levels.${level}[${i}]`;
      if (seen.has(it.indicator)) problems.push(`${field}.indicator: ${it.indicator} appears twice in the level`);
      seen.add(it.indicator);
      if (it.scoring.kind !== 'bands' && !isRateIndicator(it.indicator)) {
        problems.push(`${field}.scoring: "${it.scoring.kind}" applies to rate indicators only; ${it.indicator} is a count`);
      }
      if (it.scoring.kind === 'bands') {
        it.scoring.bands.forEach((b, j) => {
          const prev = j > 0 && it.scoring.kind === 'bands' ? it.scoring.bands[j - 1] : null;
          if (prev && !(b.min > prev.min)) problems.push(`${field}.scoring.bands[${j}].min: ${b.min} is not above the previous band's ${prev.min}`);
        });
      }
    });
  }
  const grades = def.grades;
  grades.forEach((g, i) => {
    if (i > 0 && !(g.min < grades[i - 1].min)) problems.push(`grades[${i}].min: ${g.min} is not below grade ${grades[i - 1].grade}'s ${grades[i - 1].min}`);
    if (grades.findIndex((o) => o.grade === g.grade) !== i) problems.push(`grades[${i}].grade: "${g.grade}" appears twice`);
  });
  if (grades.length === 0 || grades[grades.length - 1].min !== 0) problems.push('grades: the last grade must have min 0');
  return problems;
}
