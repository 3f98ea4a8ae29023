import { describe, expect, it } from 'vitest';
import type { CaseFacts } from './case-facts';
import { caseIndicators, rate } from './indicators';
import { APRIL, MARCH, factsOf, type Step } from './spec-helpers';
import type { ResolvedPeriod } from './period';

const ind = (f: CaseFacts, p: ResolvedPeriod = MARCH) => [...caseIndicators(f, p)].sort();
const sorted = (xs: string[]) => [...xs].sort();

// C5D: registered Mon 03-02 10:00 → deadline Mon 03-09 10:00 (5 working days).
const REG: Step[] = [['registered', '2026-03-02T10:00'], ['dispatched', '2026-03-02T10:30', 'DEPT1']];

describe('caseIndicators: what one case adds to its unit', () => {
  it('a case closed on time inside the month counts everywhere once', () => {
    const f = factsOf({ id: 'a', source: 'inspector' }, '2026-03-02T09:00', [...REG, ['handled', '2026-03-04T10:00'], ['checked', '2026-03-04T11:00'], ['closed', '2026-03-04T11:30']]);
    expect(ind(f)).toEqual(sorted(['reported', 'supervisionReported', 'validReported', 'registered', 'due', 'closed', 'closedOnTime', 'dueToHandle', 'handled', 'handledOnTime', 'checked', 'checkedOnTime']));
    expect(ind(f, APRIL)).toEqual([]);
  });

  it('registered in March and closed on time in April: due (and closed) in April only', () => {
    const steps: Step[] = [['registered', '2026-03-30T10:00'], ['dispatched', '2026-03-30T10:30'], ['handled', '2026-04-02T09:00'], ['closed', '2026-04-02T10:00']];
    const march = factsOf({ id: 'b', source: 'public' }, '2026-03-30T09:00', steps);
    expect(ind(march)).toEqual(sorted(['reported', 'validReported', 'registered', 'missed']));
    const april = factsOf({ id: 'b', source: 'public' }, '2026-03-30T09:00', steps, APRIL);
    expect(ind(april, APRIL)).toEqual(sorted(['due', 'closed', 'closedOnTime', 'dueToHandle', 'handled', 'handledOnTime']));
  });

  it('overdue in March and closed in April: due and not closed in March, nothing in April', () => {
    const steps: Step[] = [...REG, ['handled', '2026-04-02T09:00'], ['closed', '2026-04-02T10:00']];
    const march = factsOf({ id: 'c' }, '2026-03-02T09:00', steps);
    expect(ind(march)).toEqual(sorted(['reported', 'supervisionReported', 'validReported', 'registered', 'due', 'dueToHandle', 'overdue']));
    expect(ind(factsOf({ id: 'c' }, '2026-03-02T09:00', steps, APRIL), APRIL)).toEqual([]);
  });

  it('closed late in the month: due and closed, not on time', () => {
    const f = factsOf({ id: 'd' }, '2026-03-02T09:00', [...REG, ['handled', '2026-03-09T10:00'], ['closed', '2026-03-10T10:00']]);
    expect(ind(f)).toContain('closed');
    expect(ind(f)).not.toContain('closedOnTime');
    expect(ind(f)).toContain('handledOnTime'); // handled exactly at the deadline: on time (≤)
  });

  it('suspended at the cut-off with time left: its clock is stopped, neither due nor overdue', () => {
    const f = factsOf({ id: 'e' }, '2026-03-02T09:00', [...REG, ['suspended', '2026-03-05T10:00'], ['resumed', '2026-04-10T10:00']]);
    expect(ind(f)).toEqual(sorted(['reported', 'supervisionReported', 'validReported', 'registered']));
  });

  it('suspended at the cut-off after its deadline passed: still due in the month and overdue', () => {
    const f = factsOf({ id: 'f' }, '2026-03-02T09:00', [...REG, ['suspended', '2026-03-10T10:00']]);
    expect(ind(f)).toEqual(sorted(['reported', 'supervisionReported', 'validReported', 'registered', 'due', 'dueToHandle', 'overdue']));
  });

  it('a suspension completed before the cut-off moves the deadline: closed on time on 03-10', () => {
    const f = factsOf({ id: 'g' }, '2026-03-02T09:00', [...REG, ['suspended', '2026-03-03T10:00'], ['resumed', '2026-03-05T10:00'], ['handled', '2026-03-10T09:00'], ['closed', '2026-03-10T10:00']]);
    expect(ind(f)).toContain('closedOnTime');
  });

  it('an extension before the cut-off moves the due moment to April; one after it does not help March', () => {
    const before: Step[] = [['registered', '2026-03-23T10:00'], ['dispatched', '2026-03-23T10:30'], ['extended', '2026-03-25T10:00', 'P2D'], ['handled', '2026-04-01T08:30'], ['closed', '2026-04-01T09:00']];
    expect(ind(factsOf({ id: 'h' }, '2026-03-23T09:00', before))).not.toContain('due');
    expect(ind(factsOf({ id: 'h' }, '2026-03-23T09:00', before, APRIL), APRIL)).toEqual(sorted(['due', 'closed', 'closedOnTime', 'dueToHandle', 'handled', 'handledOnTime']));

    const after: Step[] = [['registered', '2026-03-23T10:00'], ['dispatched', '2026-03-23T10:30'], ['extended', '2026-04-01T08:40', 'P2D'], ['handled', '2026-04-01T08:50'], ['closed', '2026-04-01T09:00']];
    expect(ind(factsOf({ id: 'i' }, '2026-03-23T09:00', after))).toEqual(sorted(['reported', 'supervisionReported', 'validReported', 'registered', 'due', 'dueToHandle', 'overdue']));
    // In April the extension is known: the deadline is 04-01 10:00 and the case, closed 09:00, is due again, on time.
    expect(ind(factsOf({ id: 'i' }, '2026-03-23T09:00', after, APRIL), APRIL)).toContain('closedOnTime');
  });

  it('voided after registration counts as voided and leaves the due cohort; voided before it is not valid', () => {
    const after = factsOf({ id: 'j' }, '2026-03-02T09:00', [...REG, ['voided', '2026-03-03T10:00']]);
    expect(ind(after)).toEqual(sorted(['reported', 'supervisionReported', 'validReported', 'registered', 'voided']));
    const before = factsOf({ id: 'k', source: 'public' }, '2026-03-02T09:00', [['voided', '2026-03-02T10:00']]);
    expect(ind(before)).toEqual(['reported']);
  });

  it('自处理: closed straight from registered counts as handled (no department)', () => {
    const f = factsOf({ id: 'l' }, '2026-03-02T10:00', [['registered', '2026-03-02T10:05'], ['closed', '2026-03-02T10:20']]);
    expect(ind(f)).toEqual(sorted(['reported', 'supervisionReported', 'validReported', 'registered', 'due', 'closed', 'closedOnTime', 'dueToHandle', 'handled', 'handledOnTime']));
  });

  it('a registered case never dispatched is due to close but not due to handle', () => {
    const f = factsOf({ id: 'm', source: 'hotline' }, '2026-03-02T09:00', [['registered', '2026-03-02T10:00']]);
    expect(ind(f)).toEqual(sorted(['reported', 'validReported', 'registered', 'missed', 'due', 'overdue']));
  });

  it('a category without a time limit is due when closed, and cannot be late', () => {
    const f = factsOf({ id: 'n', category: 'NOLIMIT' }, '2026-03-02T09:00', [...REG, ['handled', '2026-03-20T10:00'], ['closed', '2026-03-21T10:00']]);
    expect(f.deadline).toBeNull();
    expect(ind(f)).toContain('closedOnTime');
    const open = factsOf({ id: 'o', category: 'NOLIMIT' }, '2026-03-02T09:00', REG);
    expect(ind(open)).not.toContain('due');
    expect(ind(open)).not.toContain('overdue');
  });

  it('verification and check count in the period they happen, on time per the flags', () => {
    const f = factsOf({ id: 'p', source: 'video' }, '2026-02-27T17:00', [['verified', '2026-03-02T10:00']]); // Fri 30 + Sat 02-28 (a 调休 workday) 450 + Mon 90 = 570 min > 120
    expect(f.verifiedOnTime).toBe(false);
    expect(ind(f)).toEqual(sorted(['verified']));
  });
});

describe('rate', () => {
  it('rounds half up to 6 decimals exactly, and is null without a denominator', () => {
    expect(rate(2, 3)).toEqual({ numerator: 2, denominator: 3, value: 0.666667 });
    expect(rate(1, 8)).toEqual({ numerator: 1, denominator: 8, value: 0.125 });
    expect(rate(1, 16_000_000).value).toBe(0); // 0.0625 millionths rounds down
    expect(rate(1, 2_000_000).value).toBe(0.000001); // exactly half a millionth rounds up
    expect(rate(0, 0)).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(rate(-1, 4).value).toBe(-0.25);
  });
});
