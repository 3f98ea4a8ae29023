import { describe, expect, it } from 'vitest';
import type { CaseSource, EvaluationRow } from '@gridlens/contracts';
import type { CaseFacts } from './case-facts';
import { evaluate, type Unit } from './evaluate';
import { DEFAULT_SCHEME } from './scheme';
import { MARCH, fact, t } from './spec-helpers';

const unit = (code: string): Unit => ({ code, name: { zh: `单位${code}`, en: `Unit ${code}` } });
const names = new Map([['A', { zh: '甲', en: 'A' }]]);
const inDistrict = (district: string) => ({ city: '320400', district, street: null, community: null, grid: null });

/** A case of `district` registered Mon 03-02 10:00 (deadline 03-09 10:00); closed at `closed` when given. */
function kase(id: string, district: string, source: CaseSource, closed?: string, over: Partial<CaseFacts> = {}): CaseFacts {
  const closedAt = closed ? t(closed) : null;
  return fact({ caseId: id, source, regions: inDistrict(district), closedAt, handledAt: closedAt, status: closed ? 'closed' : 'registered', ...over });
}

const byCode = (rows: EvaluationRow[]) => new Map(rows.map((r) => [r.code, r]));

describe('evaluate: districts with the default scheme', () => {
  const facts = [
    kase('1', 'D1', 'inspector', '2026-03-05T10:00'),
    kase('2', 'D1', 'public', '2026-03-06T10:00'),
    kase('3', 'D1', 'hotline', '2026-03-12T10:00'), // late
    kase('4', 'D1', 'video'), // open, overdue since 03-09
    kase('5', 'D1', 'inspector', undefined, { registeredAt: t('2026-03-30T10:00'), deadline: t('2026-04-07T10:00') }), // not yet due
    kase('6', 'D1', 'collector', '2026-03-03T10:00'),
    ...['a', 'b', 'c', 'd', 'e'].map((x) => kase(`2${x}`, 'D2', 'public', '2026-03-04T10:00')),
    ...['a', 'b', 'c', 'd', 'e'].map((x) => kase(`5${x}`, 'D5', 'public', '2026-03-04T10:00')),
    kase('3a', 'D3', 'inspector', '2026-03-04T10:00'),
    kase('3b', 'D3', 'inspector', '2026-03-04T10:00'),
    kase('x', 'ELSEWHERE', 'inspector'), // a unit not listed: left out
  ];
  const { rows } = evaluate({ facts, period: MARCH, level: 'district', units: ['D1', 'D2', 'D3', 'D4', 'D5'].map(unit), scheme: DEFAULT_SCHEME.definition, categoryNames: names });
  const r = byCode(rows);

  it('counts and rates D1 by hand', () => {
    const d1 = r.get('D1')!;
    expect(d1.counts).toMatchObject({ reported: 6, supervisionReported: 4, validReported: 6, registered: 6, due: 5, closed: 4, closedOnTime: 3, overdue: 1, missed: 2 });
    expect(d1.rates.supervisionReportRate).toEqual({ numerator: 4, denominator: 6, value: 0.666667 });
    expect(d1.rates.closureRate.value).toBe(0.8);
    expect(d1.rates.onTimeClosureRate.value).toBe(0.6);
    expect(d1.rates.missRate).toEqual({ numerator: 2, denominator: 6, value: 0.333333 });
    // (10 × 66.6667 + 20 × 20 + 30 × 80 + 40 × 60) / 100 = 58.66667 → 58.67, grade D
    expect(d1.items.map((i) => i.score)).toEqual([66.6667, 20, 80, 60]);
    expect([d1.score, d1.grade]).toEqual([58.67, 'D']);
  });

  it('scores, grades and ranks all units: ties share a rank, small and empty units are listed unranked', () => {
    // D2, D5: (10 × 0 + 20 × 20 + 30 × 100 + 40 × 100) / 100 = 74 (C). D3: 84 (B) but only 2 due < 5.
    // D4: no case; only the 立案数 item has a value (band 0 → 20): 20 × 20 / 20 = 20 (E), unranked.
    expect(rows.map((x) => [x.code, x.score, x.grade, x.rank])).toEqual([
      ['D2', 74, 'C', 1], ['D5', 74, 'C', 1], ['D1', 58.67, 'D', 3], ['D3', 84, 'B', null], ['D4', 20, 'E', null],
    ]);
    expect(r.get('D4')!.items.map((i) => i.value)).toEqual([null, 0, null, null]);
    expect(rows.every((x) => x.change.previous === null && x.change.yearAgo === null)).toBe(true);
  });

  it('refuses a level the scheme has no items for and a unit listed twice', () => {
    const scheme = { ...DEFAULT_SCHEME.definition, levels: { district: DEFAULT_SCHEME.definition.levels.district } };
    expect(() => evaluate({ facts, period: MARCH, level: 'street', units: [], scheme, categoryNames: names })).toThrow('level: the scheme has no items for level "street"');
    expect(() => evaluate({ facts, period: MARCH, level: 'district', units: [unit('D1'), unit('D1')], scheme, categoryNames: names })).toThrow('units: unit code "D1" is listed twice');
  });
});

describe('evaluate: top categories per region', () => {
  it('takes the 3 minor categories with most cases registered in the period, ties by code', () => {
    const cats = ['B', 'A', 'B', 'D', 'C', 'A', 'B', 'A', 'D'];
    const facts = cats.map((c, i) => kase(`k${i}`, 'D1', 'public', undefined, { category: c }));
    facts.push(kase('feb', 'D1', 'public', undefined, { category: 'C', registeredAt: t('2026-02-20T10:00') }), kase('feb2', 'D1', 'public', undefined, { category: 'C', registeredAt: t('2026-02-21T10:00') }));
    const { topCategories } = evaluate({ facts, period: MARCH, level: 'district', units: [unit('D1'), unit('D2')], scheme: DEFAULT_SCHEME.definition, categoryNames: names });
    expect(topCategories).toEqual({
      D1: [{ code: 'A', name: { zh: '甲', en: 'A' }, registered: 3 }, { code: 'B', name: { zh: 'B', en: 'B' }, registered: 3 }, { code: 'D', name: { zh: 'D', en: 'D' }, registered: 2 }],
      D2: [],
    });
    const dept = evaluate({ facts, period: MARCH, level: 'department', units: [unit('DEPT1')], scheme: DEFAULT_SCHEME.definition, categoryNames: names });
    expect(dept.topCategories).toEqual({});
  });
});
