import { describe, expect, it } from 'vitest';
import { schemeDefinitionSchema, type SchemeDefinition } from '@gridlens/contracts';
import { DEFAULT_SCHEME, schemeProblems } from './scheme';

const clone = (): SchemeDefinition => structuredClone(DEFAULT_SCHEME.definition);

describe('DEFAULT_SCHEME', () => {
  it('is version default-2026.1, passes the zod shape and has no problems', () => {
    expect(DEFAULT_SCHEME.version).toBe('default-2026.1');
    expect(schemeDefinitionSchema.safeParse(DEFAULT_SCHEME.definition).success).toBe(true);
    expect(schemeProblems(DEFAULT_SCHEME.definition)).toEqual([]);
  });

  it('carries the weights of domain.md', () => {
    const w = (level: keyof SchemeDefinition['levels']) => DEFAULT_SCHEME.definition.levels[level]!.map((i) => `${i.indicator}:${i.weight}:${i.scoring.kind}`);
    expect(w('district')).toEqual(['supervisionReportRate:10:rate', 'registered:20:bands', 'closureRate:30:rate', 'onTimeClosureRate:40:rate']);
    expect(w('department')).toEqual(['registered:10:bands', 'closureRate:30:rate', 'onTimeHandlingRate:30:rate', 'reworkRate:30:inverseRate']);
    expect(w('inspector')).toEqual(['validReportRate:40:rate', 'missRate:20:inverseRate', 'onTimeVerifyRate:20:rate', 'onTimeCheckRate:20:rate']);
    expect(DEFAULT_SCHEME.definition.grades.map((g) => `${g.grade}${g.min}`)).toEqual(['A90', 'B75', 'C60', 'D40', 'E0']);
    expect([DEFAULT_SCHEME.definition.verifyLimitWorkingHours, DEFAULT_SCHEME.definition.checkLimitWorkingHours, DEFAULT_SCHEME.definition.minDueToRank]).toEqual([2, 2, 5]);
  });
});

describe('schemeProblems', () => {
  it('names weights that do not sum to 100, tolerating 1e-9', () => {
    const d = clone();
    d.levels.district![0].weight = 11;
    expect(schemeProblems(d)).toEqual(['levels.district: weights sum to 101, expected 100']);
    const thirds = clone();
    thirds.levels.inspector = [100 / 3, 100 / 3, 100 / 3].map((weight, i) => ({ indicator: (['validReportRate', 'onTimeVerifyRate', 'onTimeCheckRate'] as const)[i], weight, scoring: { kind: 'rate' } }));
    expect(schemeProblems(thirds)).toEqual([]);
  });

  it('names grades not strictly descending, duplicated, or not ending at 0', () => {
    const d = clone();
    d.grades = [{ grade: 'A', min: 90 }, { grade: 'B', min: 90 }, { grade: 'A', min: 10 }];
    expect(schemeProblems(d)).toEqual([
      "grades[1].min: 90 is not below grade A's 90",
      'grades[2].grade: "A" appears twice',
      'grades: the last grade must have min 0',
    ]);
  });

  it('names bands not strictly ascending, rate scorings on counts and repeated indicators', () => {
    const d = clone();
    d.levels.street = [
      { indicator: 'registered', weight: 50, scoring: { kind: 'bands', bands: [{ min: 0, score: 10 }, { min: 20, score: 50 }, { min: 20, score: 60 }, { min: 5, score: 90 }] } },
      { indicator: 'overdue', weight: 25, scoring: { kind: 'inverseRate' } },
      { indicator: 'registered', weight: 25, scoring: { kind: 'bands', bands: [{ min: 0, score: 0 }] } },
    ];
    expect(schemeProblems(d)).toEqual([
      "levels.street[0].scoring.bands[2].min: 20 is not above the previous band's 20",
      "levels.street[0].scoring.bands[3].min: 5 is not above the previous band's 20",
      'levels.street[1].scoring: "inverseRate" applies to rate indicators only; overdue is a count',
      'levels.street[2].indicator: registered appears twice in the level',
    ]);
  });

  it('names a scheme without any item', () => {
    expect(schemeProblems({ ...clone(), levels: {} })).toEqual(['levels: no level has any item']);
  });
});
