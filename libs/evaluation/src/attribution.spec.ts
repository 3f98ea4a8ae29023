import { describe, expect, it } from 'vitest';
import type { RegionCodes } from '@gridlens/contracts';
import { patrolGrids, tallyUnits } from './attribution';
import { ratesOf } from './indicators';
import { evaluate } from './evaluate';
import { DEFAULT_SCHEME } from './scheme';
import { MARCH, fact, factsOf, t } from './spec-helpers';

describe('tallyUnits: departments', () => {
  // Dispatched to WRONG, returned, re-dispatched to RIGHT, handled, reworked, handled again, checked, closed on time.
  const f = factsOf({ id: 'r1', source: 'public' }, '2026-03-02T09:00', [
    ['verified', '2026-03-02T09:30'], ['registered', '2026-03-02T10:00'], ['dispatched', '2026-03-02T10:30', 'WRONG'], ['returned', '2026-03-02T11:00', 'WRONG'],
    ['dispatched', '2026-03-02T11:30', 'RIGHT'], ['handled', '2026-03-03T10:00'], ['rework', '2026-03-03T14:00', 'RIGHT'],
    ['handled', '2026-03-04T10:00'], ['checked', '2026-03-04T10:30'], ['closed', '2026-03-04T11:00'],
  ]);
  const tallies = tallyUnits([f], MARCH, 'department', ['WRONG', 'RIGHT']);

  it('gives event counts to the department named at the event, the rest to the department responsible at T', () => {
    expect(tallies.get('WRONG')!.counts).toMatchObject({ dispatched: 1, returned: 1, rework: 0, registered: 0, due: 0, closed: 0 });
    expect(tallies.get('RIGHT')!.counts).toMatchObject({
      dispatched: 1, returned: 0, rework: 1, registered: 1, due: 1, closed: 1, closedOnTime: 1, dueToHandle: 1, handled: 1, handledOnTime: 1,
      checked: 1, checkedOnTime: 1, verified: 1, verifiedOnTime: 1, missed: 1, reported: 1,
    });
    expect(ratesOf(tallies.get('WRONG')!.counts).accurateDispatchRate).toEqual({ numerator: 0, denominator: 1, value: 0 });
    expect(ratesOf(tallies.get('RIGHT')!.counts).reworkRate).toEqual({ numerator: 1, denominator: 1, value: 1 });
  });

  it('scores departments with the default scheme', () => {
    const units = ['RIGHT', 'WRONG'].map((code) => ({ code, name: { zh: code, en: code } }));
    const { rows } = evaluate({ facts: [f], period: MARCH, level: 'department', units, scheme: DEFAULT_SCHEME.definition, categoryNames: new Map() });
    // RIGHT: (10 × 20 [1 registered] + 30 × 100 + 30 × 100 + 30 × (100 − 100 × 1/1)) / 100 = 62 → C; 1 due < 5: unranked.
    // WRONG: only the 立案数 item has a value (0 → 20): 20 → E.
    expect(rows.map((r) => [r.code, r.score, r.grade, r.rank])).toEqual([['RIGHT', 62, 'C', null], ['WRONG', 20, 'E', null]]);
  });

  it('counts region event totals by the case placement', () => {
    const d = tallyUnits([f], MARCH, 'district', ['D1']).get('D1')!.counts;
    expect([d.dispatched, d.returned, d.rework, d.missed]).toEqual([2, 1, 1, 1]); // a public report: missed
  });
});

describe('tallyUnits: inspectors', () => {
  const grid = (g: string): RegionCodes => ({ city: '320400', district: 'D1', street: 'S1', community: 'C1', grid: g });
  const facts = [
    fact({ caseId: 'i1', source: 'inspector', reporterId: 'I1', regions: grid('G1') }),
    fact({ caseId: 'i1b', source: 'inspector', reporterId: 'I1', regions: grid('G1'), reportedAt: t('2026-03-03T09:00'), registeredAt: null, deadline: null, status: 'reported' }),
    fact({ caseId: 'i3', source: 'inspector', reporterId: 'I3', regions: grid('G1') }),
    fact({ caseId: 'i2', source: 'inspector', reporterId: 'I2', regions: grid('G2'), reportedAt: t('2026-02-20T09:00'), registeredAt: t('2026-02-20T10:00') }),
    // Public cases registered in March: in G1 (patrolled by I1 and I3 in March), in G2 (I2 reported there only in February).
    fact({ caseId: 'p1', source: 'public', regions: grid('G1'), verifiedAt: t('2026-03-02T09:30'), verifiedOnTime: true }),
    fact({ caseId: 'p2', source: 'hotline', regions: grid('G2') }),
    fact({ caseId: 'p3', source: 'video', regions: grid('G1') }), // not a missed source
  ];

  it('finds the patrol grids: inspectors who reported in the grid during the period', () => {
    expect([...patrolGrids(facts, MARCH)]).toEqual([['G1', ['I1', 'I3']]]);
  });

  it('counts own reports for reports, and the patrol grids for missed, verified and checked', () => {
    const tallies = tallyUnits(facts, MARCH, 'inspector', ['I1', 'I2', 'I3']);
    const i1 = tallies.get('I1')!;
    expect(i1.counts).toMatchObject({ reported: 2, validReported: 1, registered: 1, missed: 1, verified: 1, verifiedOnTime: 1 });
    // Miss rate denominator: every case registered in March in G1 (i1, i3, p1, p3) = 4.
    expect(i1.missDenominator).toBe(4);
    expect(tallies.get('I2')!.counts).toMatchObject({ reported: 0, missed: 0, registered: 0 });
    expect(tallies.get('I2')!.missDenominator).toBe(0);
    expect(tallies.get('I3')!.counts).toMatchObject({ reported: 1, missed: 1, verified: 1 });
  });

  it('scores inspectors with the default scheme, rescaling when nothing was checked', () => {
    const units = ['I1', 'I2'].map((code) => ({ code, name: { zh: code, en: code } }));
    const { rows } = evaluate({ facts, period: MARCH, level: 'inspector', units, scheme: DEFAULT_SCHEME.definition, categoryNames: new Map() });
    // I1: valid 1/2 → 50, miss 1/4 → 75, verify 1/1 → 100, check: none → left out: (40·50 + 20·75 + 20·100) / 80 = 68.75.
    expect(rows.find((r) => r.code === 'I1')).toMatchObject({ score: 68.75, grade: 'C', rank: null });
    expect(rows.find((r) => r.code === 'I2')).toMatchObject({ score: null, grade: null, rank: null });
  });
});
