import { describe, expect, it } from 'vitest';
import { caseFactsAt } from './case-facts';
import { APRIL, MARCH, ctx, factsOf, logOf, period, t, type Step } from './spec-helpers';

// C5D: 5 working days of 450 min. Registered Mon 2026-03-02 10:00 → deadline Mon 2026-03-09 10:00.
describe('caseFactsAt (replay up to the cut-off)', () => {
  it('gives the state at the cut-off, ignoring events at or after it', () => {
    const steps: Step[] = [
      ['registered', '2026-03-02T10:00'], ['dispatched', '2026-03-02T10:30', 'DEPT1'], ['handled', '2026-04-02T10:00'], ['closed', '2026-04-02T11:00'],
    ];
    const march = factsOf({ id: 'c1' }, '2026-03-02T09:00', steps);
    expect(march).toMatchObject({ status: 'dispatched', department: 'DEPT1', handledAt: null, closedAt: null, deadline: t('2026-03-09T10:00') });
    const april = factsOf({ id: 'c1' }, '2026-03-02T09:00', steps, APRIL);
    expect(april).toMatchObject({ status: 'closed', handledAt: t('2026-04-02T10:00'), closedAt: t('2026-04-02T11:00') });
  });

  it('returns null for a case reported at or after the cut-off, and replays in `at` order', () => {
    expect(caseFactsAt(logOf({ id: 'late' }, '2026-04-01T00:00', []), MARCH, ctx)).toBeNull();
    const log = logOf({ id: 'c2' }, '2026-03-02T09:00', [['registered', '2026-03-02T10:00'], ['dispatched', '2026-03-02T11:00', 'DEPT2']]);
    expect(caseFactsAt([log[2], log[0], log[1]], MARCH, ctx)?.department).toBe('DEPT2');
  });

  it('keeps dispatched / returned / rework events inside the period with their department', () => {
    const f = factsOf({ id: 'c3' }, '2026-02-27T09:00', [
      ['registered', '2026-02-27T10:00'], ['dispatched', '2026-02-27T11:00', 'WRONG'], ['returned', '2026-03-02T09:00', 'WRONG'],
      ['dispatched', '2026-03-02T10:00', 'RIGHT'], ['handled', '2026-03-03T10:00'], ['rework', '2026-03-03T11:00', 'RIGHT'],
    ]);
    expect(f.periodEvents).toEqual([
      { type: 'returned', at: t('2026-03-02T09:00'), department: 'WRONG' },
      { type: 'dispatched', at: t('2026-03-02T10:00'), department: 'RIGHT' },
      { type: 'rework', at: t('2026-03-03T11:00'), department: 'RIGHT' },
    ]);
    // Neither the return nor the rework moves the deadline: Fri 02-27 10:00 + 5 working days (Sat 02-28 is a 调休 workday) = Thu 03-05 10:00.
    expect(f.deadline).toBe(t('2026-03-05T10:00'));
  });

  it('counts a completed suspension out of the deadline and keeps an ongoing one as suspendedSince', () => {
    const done = factsOf({ id: 'c4' }, '2026-03-02T09:00', [
      ['registered', '2026-03-02T10:00'], ['dispatched', '2026-03-02T10:30'], ['suspended', '2026-03-03T10:00'], ['resumed', '2026-03-05T10:00'],
    ]);
    // 450 min used Mon 10:00 → Tue 10:00, stopped Tue 10:00 → Thu 10:00, 1800 min left → Wed 03-11 10:00.
    expect(done).toMatchObject({ deadline: t('2026-03-11T10:00'), suspendedSince: null, status: 'dispatched' });
    const ongoing = factsOf({ id: 'c5' }, '2026-03-02T09:00', [
      ['registered', '2026-03-02T10:00'], ['dispatched', '2026-03-02T10:30'], ['suspended', '2026-03-05T10:00'], ['resumed', '2026-04-10T10:00'],
    ]);
    expect(ongoing).toMatchObject({ deadline: t('2026-03-09T10:00'), suspendedSince: t('2026-03-05T10:00'), status: 'suspended' });
  });

  it('takes extensions approved before the cut-off and ignores later ones', () => {
    const steps: Step[] = [
      ['registered', '2026-03-23T10:00'], ['dispatched', '2026-03-23T10:30'], ['extended', '2026-03-25T10:00', 'P2D'], ['extended', '2026-04-01T09:00', 'P1D'],
    ];
    expect(factsOf({ id: 'c6' }, '2026-03-23T09:00', steps).deadline).toBe(t('2026-04-01T10:00'));
    // With both extensions: 03-30 + 3 working days = Thu 04-02 10:00.
    expect(factsOf({ id: 'c6' }, '2026-03-23T09:00', steps, APRIL).deadline).toBe(t('2026-04-02T10:00'));
  });

  it('times verification from the report and the check from the last handling, in working time', () => {
    const onTime = factsOf({ id: 'v1', source: 'public' }, '2026-03-02T11:00', [['verified', '2026-03-02T14:30']]); // 60 + 60 min
    expect(onTime.verifiedOnTime).toBe(true);
    const overnight = factsOf({ id: 'v2', source: 'public' }, '2026-03-02T17:00', [['verified', '2026-03-03T10:00']]); // 30 + 90 min
    expect(overnight.verifiedOnTime).toBe(true);
    const late = factsOf({ id: 'v3', source: 'public' }, '2026-03-02T09:00', [['verified', '2026-03-02T15:00']]); // 180 + 90 min
    expect(late.verifiedOnTime).toBe(false);
    expect(factsOf({ id: 'v4', source: 'public' }, '2026-03-02T09:00', []).verifiedOnTime).toBeNull();

    const checked = factsOf({ id: 'k1' }, '2026-03-02T09:00', [
      ['registered', '2026-03-02T10:00'], ['dispatched', '2026-03-02T10:30'], ['handled', '2026-03-02T11:00'], ['rework', '2026-03-02T16:00'],
      ['handled', '2026-03-03T09:00'], ['checked', '2026-03-03T11:00'],
    ]);
    // First handling kept as handledAt; the check is timed from the second handling: 120 min → on time.
    expect(checked).toMatchObject({ handledAt: t('2026-03-02T11:00'), checkedOnTime: true });
    const lateCheck = factsOf({ id: 'k2' }, '2026-03-02T09:00', [
      ['registered', '2026-03-02T10:00'], ['dispatched', '2026-03-02T10:30'], ['handled', '2026-03-02T11:00'], ['checked', '2026-03-02T15:00'],
    ]);
    expect(lateCheck.checkedOnTime).toBe(false); // 11:00→12:00 and 13:30→15:00: 150 min > 120
  });

  it('treats the closing of a 自处理 case (closed straight from registered) as its handling', () => {
    const f = factsOf({ id: 's1' }, '2026-03-02T10:00', [['registered', '2026-03-02T10:05'], ['closed', '2026-03-02T10:20']]);
    expect(f).toMatchObject({ department: null, handledAt: t('2026-03-02T10:20'), closedAt: t('2026-03-02T10:20'), status: 'closed' });
  });

  it('replays in any period kind, e.g. a quarter', () => {
    const f = factsOf({ id: 'q1' }, '2026-03-02T09:00', [['registered', '2026-03-02T10:00'], ['closed', '2026-03-02T10:10']], period('2026-Q1'));
    expect(f.status).toBe('closed');
  });
});
