import { describe, expect, it } from 'vitest';
import type { EvaluationRow } from '@gridlens/contracts';
import { ratesOf, zeroCounts, type Counts } from './indicators';
import { toPublicRows } from './public-rows';

function row(code: string, counts: Partial<Counts>, score: number | null, rank: number | null): EvaluationRow {
  const c = { ...zeroCounts(), ...counts };
  return {
    code, name: { zh: code, en: code }, counts: c, rates: ratesOf(c), items: [], score, grade: score === null ? null : 'B', rank,
    change: { previous: { period: '2026-02', score: 70, rank: 2, scoreDelta: 10, rankDelta: 1 }, yearAgo: null },
  };
}
const cat = (code: string, registered: number) => ({ code, name: { zh: code, en: code }, registered });

describe('toPublicRows', () => {
  const big = row('BIG', { reported: 40, registered: 30, voided: 4, due: 20, closed: 18, closedOnTime: 3, dispatched: 25, returned: 0 }, 80, 1);
  const small = row('SMALL', { reported: 6, registered: 6, due: 4, closed: 4, closedOnTime: 4 }, 95, null);
  const top = { BIG: [cat('A', 12), cat('B', 3), cat('C', 2)], SMALL: [cat('A', 2), cat('B', 1), cat('C', 1)] };
  const [pb, ps] = toPublicRows([big, small], top, 5);

  it('suppresses counts under minCount and rates whose denominator is under it', () => {
    expect(pb.counts.registered).toEqual({ value: 30, suppressed: false });
    expect(pb.counts.voided).toEqual({ value: null, suppressed: true });
    expect(pb.counts.closedOnTime).toEqual({ value: null, suppressed: true });
    // A zero describes no case: shown. So is a rate over no case (it has no value).
    expect(pb.counts.returned).toEqual({ value: 0, suppressed: false });
    expect(pb.rates.onTimeCheckRate).toEqual({ value: null, suppressed: false });
    // The rate is shown when its denominator is large enough, even if its numerator is small.
    expect(pb.rates.onTimeClosureRate).toEqual({ value: 0.15, suppressed: false });
    expect(pb.rates.accurateRegistrationRate).toEqual({ value: 0.866667, suppressed: false });
    const [few] = toPublicRows([row('FEW', { due: 20, verified: 3, verifiedOnTime: 3 }, 80, 1)], {}, 5);
    expect(few.rates.onTimeVerifyRate).toEqual({ value: null, suppressed: true });
    expect(ps.rates.closureRate).toEqual({ value: null, suppressed: true });
  });

  it('keeps a unit with fewer due cases than minCount listed, without score, grade, rank or change', () => {
    expect([ps.code, ps.score, ps.grade, ps.rank, ps.change]).toEqual(['SMALL', null, null, null, { previous: null, yearAgo: null }]);
    expect([pb.score, pb.grade, pb.rank, pb.change.previous?.rankDelta]).toEqual([80, 'B', 1, 1]);
    expect(ps.suppressed && pb.suppressed).toBe(true);
  });

  it('merges top categories under minCount into "other", itself suppressed (registered 0) while still under it', () => {
    expect(pb.topCategories).toEqual([cat('A', 12), { code: 'other', name: { zh: '其他', en: 'Other' }, registered: 5 }]);
    expect(ps.topCategories).toEqual([{ code: 'other', name: { zh: '其他', en: 'Other' }, registered: 0 }]);
    const [none] = toPublicRows([row('X', { due: 10 }, 50, 1)], {}, 5);
    expect(none.topCategories).toEqual([]);
  });

  it('carries aggregates only: no case id, description, reporter, inspector or coordinate', () => {
    const text = JSON.stringify(toPublicRows([big, small], top, 5));
    expect(Object.keys(pb).sort()).toEqual(['change', 'code', 'counts', 'grade', 'name', 'rank', 'rates', 'score', 'suppressed', 'topCategories']);
    expect(text).not.toMatch(/caseId|description|reporter|inspector|lon|lat|numerator|denominator/);
  });

  it('suppresses nothing with minCount 0', () => {
    const [p] = toPublicRows([small], top, 0);
    expect([p.score, p.rank, p.suppressed, p.counts.voided]).toEqual([95, null, false, { value: 0, suppressed: false }]);
  });
});
