import { describe, expect, it } from 'vitest';
import { type DeadlineInput, type LimitUnit, computeDeadline, limitMinutes, usedMinutes } from './deadline';
import { at, seededRandom, shanghaiClock } from './spec-helpers';

// The ingest path computes deadlines in bulk. This runs 100,000 of them through one clock (as the
// ingest does) and checks a sample; no timing assertions.
describe('computeDeadline in bulk', () => {
  const clock = shanghaiClock();
  const MINUTE = 60_000;

  // Hand-computed cases (see deadline.spec.ts), planted among the random ones.
  const known: Array<{ input: DeadlineInput; expected: number }> = [
    {
      input: { registeredAt: at('2026-03-02T10:00+08:00'), limit: { amount: 4, unit: 'working_hours' }, extensions: [], suspensions: [] },
      expected: at('2026-03-02T15:30+08:00'),
    },
    {
      input: { registeredAt: at('2026-03-02T16:00+08:00'), limit: { amount: 4, unit: 'working_hours' }, extensions: [], suspensions: [] },
      expected: at('2026-03-03T11:00+08:00'),
    },
    {
      input: { registeredAt: at('2026-09-30T16:00+08:00'), limit: { amount: 1, unit: 'working_days' }, extensions: [], suspensions: [] },
      expected: at('2026-10-08T16:00+08:00'),
    },
    {
      input: { registeredAt: at('2026-02-13T15:00+08:00'), limit: { amount: 2, unit: 'working_days' }, extensions: [], suspensions: [] },
      expected: at('2026-02-24T15:00+08:00'),
    },
    {
      input: {
        registeredAt: at('2026-03-06T15:00+08:00'),
        limit: { amount: 4, unit: 'working_hours' },
        extensions: [],
        suspensions: [{ start: at('2026-03-06T16:00+08:00'), end: at('2026-03-09T10:00+08:00') }],
      },
      expected: at('2026-03-09T14:30+08:00'),
    },
    {
      input: {
        registeredAt: at('2026-03-07T22:00+08:00'),
        limit: { amount: 6, unit: 'hours' },
        extensions: [],
        suspensions: [{ start: at('2026-03-07T23:00+08:00'), end: at('2026-03-08T01:30+08:00') }],
      },
      expected: at('2026-03-08T06:30+08:00'),
    },
  ];

  it('computes 100,000 deadlines; the planted hand-computed ones are right', () => {
    const rnd = seededRandom(100_000);
    const units: LimitUnit[] = ['working_hours', 'working_days', 'hours'];
    const lo = at('2025-01-01T00:00+08:00');
    const span = 730 * 24 * 60 * MINUTE;
    const inputs: DeadlineInput[] = [];
    for (let i = 0; i < 100_000; i++) {
      if (i % 1000 === 0) {
        inputs.push(known[(i / 1000) % known.length].input);
        continue;
      }
      const registeredAt = lo + Math.floor(rnd() * span / MINUTE) * MINUTE;
      const unit = units[Math.floor(rnd() * units.length)];
      const amount = unit === 'working_days' ? 1 + Math.floor(rnd() * 20) : 1 + Math.floor(rnd() * 48);
      const suspensions =
        rnd() < 0.2 ? [{ start: registeredAt + 3_600_000, end: registeredAt + 3_600_000 + Math.floor(rnd() * 3 * 86_400_000) }] : [];
      const extensions = rnd() < 0.1 ? [{ days: Math.floor(rnd() * 3), hours: Math.floor(rnd() * 8), minutes: 0 }] : [];
      inputs.push({ registeredAt, limit: { amount, unit }, extensions, suspensions });
    }

    const deadlines = new Float64Array(inputs.length);
    for (let i = 0; i < inputs.length; i++) deadlines[i] = computeDeadline(inputs[i], clock);

    for (let i = 0; i < inputs.length; i += 1000) {
      expect(deadlines[i], `case ${i}`).toBe(known[(i / 1000) % known.length].expected);
    }
    // every 997th: the budget is used up exactly at the deadline, and not a millisecond before
    for (let i = 1; i < inputs.length; i += 997) {
      const c = inputs[i];
      const budget = limitMinutes(c.limit, c.extensions, clock);
      expect(usedMinutes({ ...c, now: deadlines[i] }, clock), `case ${i}`).toBe(budget);
      expect(usedMinutes({ ...c, now: deadlines[i] - 1 }, clock), `case ${i}`).toBeLessThan(budget);
    }
  });
});
