import type { PublicRanking, PublicRankingRow, SchemeDefinition } from '@gridlens/contracts';

/** A small published ranking typed by the contract, for the specs (numbers chosen by hand). */
export const FIXTURE_SCHEME: SchemeDefinition = {
  name: { zh: '默认方案', en: 'Default scheme' },
  levels: {
    district: [
      { indicator: 'supervisionReportRate', weight: 10, scoring: { kind: 'rate' } },
      { indicator: 'registered', weight: 20, scoring: { kind: 'bands', bands: [{ min: 100, score: 80 }, { min: 0, score: 40 }, { min: 300, score: 100 }] } },
      { indicator: 'closureRate', weight: 30, scoring: { kind: 'rate' } },
      { indicator: 'onTimeClosureRate', weight: 40, scoring: { kind: 'rate' } },
    ],
    department: [{ indicator: 'reworkRate', weight: 100, scoring: { kind: 'inverseRate' } }],
  },
  grades: [
    { grade: 'E', min: 0 },
    { grade: 'A', min: 90 },
    { grade: 'C', min: 60 },
    { grade: 'B', min: 75 },
    { grade: 'D', min: 40 },
  ],
  verifyLimitWorkingHours: 2,
  checkLimitWorkingHours: 2,
  minDueToRank: 5,
};

export function fixtureRow(code: string, rank: number | null, score: number | null, grade: string | null, extra: Partial<PublicRankingRow> = {}): PublicRankingRow {
  return {
    code,
    name: { zh: `区${code}`, en: `District ${code}` },
    score,
    grade,
    rank,
    change: { previous: null, yearAgo: null },
    counts: { due: { value: 40, suppressed: false }, closed: { value: 36, suppressed: false } },
    rates: { closureRate: { value: 0.9, suppressed: false }, onTimeClosureRate: { value: 0.75, suppressed: false } },
    topCategories: [],
    suppressed: false,
    ...extra,
  };
}

export const FIXTURE_RANKING: PublicRanking = {
  id: 'pub-1',
  period: '2026-10',
  level: 'district',
  schemeVersion: 'default-2026.1',
  publishedAt: '2026-11-02T02:00:00.000Z',
  hash: 'a'.repeat(64),
  supersedes: null,
  supersededBy: null,
  from: '2026-09-30T16:00:00.000Z',
  to: '2026-10-31T16:00:00.000Z',
  note: '',
  scheme: { version: 'default-2026.1', definition: FIXTURE_SCHEME },
  minCount: 5,
  correction: null,
  rows: [
    fixtureRow('320402', 1, 91.5, 'A'),
    fixtureRow('320404', 2, 80.25, 'B'),
    fixtureRow('320411', 2, 80.25, 'B'),
    fixtureRow('320412', 4, 70, 'C'),
    fixtureRow('320413', 5, 55.1, 'D'),
    fixtureRow('320481', 6, 30, 'E'),
    fixtureRow('320499', null, null, null, { suppressed: true, counts: { due: { value: null, suppressed: true } } }),
  ],
};
