/**
 * GET /api/v1/trends through TrendService on both databases, on hand-made cases whose figures are worked out here
 * by hand: day and ISO-week edges in Asia/Shanghai (a registration at 00:10 on a Monday, which is still Sunday in
 * UTC), working time across the lunch break and a weekend, the on-time rate per step of closure, the step limit,
 * and a period comparison whose direction and Mann–Whitney p-value are known.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestException, type INestApplicationContext } from '@nestjs/common';
import { trendQuerySchema, type DurationStats, type TrendResponse } from '@gridlens/contracts';
import { parseOr400 } from '../../apps/server/src/controllers/parse';
import type { Database } from '../../apps/server/src/db/database';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { TrendService } from '../../apps/server/src/services/trend.service';
import { plain, reported } from '../support/ingest-cases';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

const MIN = 60_000;
/** Epoch ms of a wall-clock time in Asia/Shanghai (UTC+8, no DST). */
const cst = (iso: string) => Date.parse(`${iso}+08:00`);
const stats = (values: number[]): DurationStats => {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return { count: 0, meanSeconds: null, p50Seconds: null, p90Seconds: null };
  const pct = (q: number) => {
    const h = (s.length - 1) * q;
    const lo = Math.floor(h);
    return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
  };
  return { count: s.length, meanSeconds: s.reduce((a, b) => a + b, 0) / s.length, p50Seconds: pct(0.5), p90Seconds: pct(0.9) };
};
const none = stats([]);

/**
 * E0505 (2 working hours) at 天宁区, working hours 08:30–12:00, 13:30–17:30, November 2026 has no holiday:
 * - A: reported Fri 6 Nov 11:00, registered 11:30 (30 min, all working), dispatched 11:50 (20 min working),
 *   handled 14:00 (2 h 10 min; working 11:50–12:00 + 13:30–14:00 = 40 min), closed Mon 9 Nov 09:00
 *   (report→close 70 h; working Fri 11:00–12:00 + 13:30–17:30 + Mon 08:30–09:00 = 330 min).
 *   Deadline Fri 15:00 (30 min before lunch + 90 after): late.
 * - B: reported Sun 8 Nov 23:30, registered Mon 9 Nov 00:10 (40 min, no working time).
 * - C: reported Mon 9 Nov 08:40, registered 08:45 (5 min), closed 09:30 (50 min), deadline 10:45: on time.
 */
function handMadeCases() {
  const A = 'TR-A';
  const B = 'TR-B';
  const C = 'TR-C';
  return [
    reported(A, `${A}-0`, cst('2026-11-06T11:00:00')),
    plain(A, `${A}-1`, 'registered', cst('2026-11-06T11:30:00')),
    plain(A, `${A}-2`, 'dispatched', cst('2026-11-06T11:50:00'), { department: 'D10' }),
    plain(A, `${A}-3`, 'handled', cst('2026-11-06T14:00:00')),
    reported(B, `${B}-0`, cst('2026-11-08T23:30:00')),
    plain(B, `${B}-1`, 'registered', cst('2026-11-09T00:10:00')),
    reported(C, `${C}-0`, cst('2026-11-09T08:40:00')),
    plain(C, `${C}-1`, 'registered', cst('2026-11-09T08:45:00')),
    plain(A, `${A}-4`, 'closed', cst('2026-11-09T09:00:00')),
    plain(C, `${C}-2`, 'closed', cst('2026-11-09T09:30:00')),
  ];
}

/** Eight cases a week, weekday mornings: report→registration 10..17 min (16–20 Nov), then 60..67 min (23–27 Nov). */
function comparedCases() {
  return [16, 23].flatMap((firstDay, period) =>
    Array.from({ length: 8 }, (_, i) => {
      const id = `TR-P${period}-${i}`;
      const at = cst(`2026-11-${String(firstDay + (i % 5)).padStart(2, '0')}T09:00:00`) + i * MIN;
      return [reported(id, `${id}-0`, at), plain(id, `${id}-1`, 'registered', at + ((period ? 60 : 10) + i) * MIN)];
    }).flat(),
  );
}

for (const backend of testBackends()) {
  describe(`trends on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let trends: TrendService;

    const trend = (query: Record<string, string>) => trends.trend(parseOr400(trendQuerySchema, { region: '320402', categories: 'E05', ...query }));

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      trends = app.get(TrendService);
      const result = await app.get(IngestService).ingest([...handMadeCases(), ...comparedCases()] as never);
      expect(result.rejected).toEqual([]);
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('days in Asia/Shanghai: counts, clock and working durations by the step of the later stage, on-time by closure', async () => {
      const r = await trend({ from: '2026-11-06T00:00:00+08:00', to: '2026-11-10T00:00:00+08:00', step: 'day' });
      expect(r.scope).toEqual({ region: '320402', categories: ['E05'], step: 'day', timeZone: 'Asia/Shanghai' });
      expect(r.compare).toBeNull();
      expect(r.period.steps.map((s) => [s.start, s.end])).toEqual([
        ['2026-11-05T16:00:00.000Z', '2026-11-06T16:00:00.000Z'],
        ['2026-11-06T16:00:00.000Z', '2026-11-07T16:00:00.000Z'],
        ['2026-11-07T16:00:00.000Z', '2026-11-08T16:00:00.000Z'],
        ['2026-11-08T16:00:00.000Z', '2026-11-09T16:00:00.000Z'],
      ]);
      const [fri, sat, sun, mon] = r.period.steps;
      expect(fri.counts).toEqual({ reported: 1, registered: 1, closed: 0 });
      expect(fri.stages.reportToRegister).toEqual({ clock: stats([1800]), working: stats([1800]) });
      expect(fri.stages.registerToDispatch).toEqual({ clock: stats([1200]), working: stats([1200]) });
      // Across the lunch break: 2 h 10 min of clock, 40 working minutes.
      expect(fri.stages.dispatchToHandled).toEqual({ clock: stats([7800]), working: stats([2400]) });
      expect(fri.stages.reportToClose).toEqual({ clock: none, working: none });
      expect(fri.onTime).toEqual({ numerator: 0, denominator: 0, value: null });
      expect(sat.counts).toEqual({ reported: 0, registered: 0, closed: 0 });
      // B's report at 23:30 on Sunday is Sunday's; its registration at 00:10 is Monday's (in UTC both are the 8th).
      expect(sun.counts).toEqual({ reported: 1, registered: 0, closed: 0 });
      expect(mon.counts).toEqual({ reported: 1, registered: 2, closed: 2 });
      expect(mon.stages.reportToRegister).toEqual({ clock: stats([2400, 300]), working: stats([0, 300]) });
      // A across the weekend: 70 h of clock, 330 working minutes; C 50 minutes of both.
      expect(mon.stages.reportToClose).toEqual({ clock: stats([252_000, 3000]), working: stats([19_800, 3000]) });
      expect(mon.onTime).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
      expect(r.period.total.counts).toEqual({ reported: 3, registered: 3, closed: 2 });
      expect(r.period.total.stages.reportToRegister.working).toEqual(stats([1800, 0, 300]));
      expect(r.method).toMatch(/Mann-Whitney U/);
    });

    it('ISO weeks from Monday in the city, the first step clipped to from', async () => {
      const r = await trend({ from: '2026-11-04T12:00:00+08:00', to: '2026-11-12T00:00:00+08:00', step: 'week' });
      expect(r.period.steps.map((s) => [s.start, s.end])).toEqual([
        ['2026-11-04T04:00:00.000Z', '2026-11-08T16:00:00.000Z'],
        ['2026-11-08T16:00:00.000Z', '2026-11-11T16:00:00.000Z'],
      ]);
      expect(r.period.steps.map((s) => s.counts)).toEqual([
        { reported: 2, registered: 1, closed: 0 },
        { reported: 1, registered: 2, closed: 2 },
      ]);
    });

    it('months and hours follow the calendar in the city', async () => {
      const month = await trend({ from: '2026-10-20T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00', step: 'month' });
      expect(month.period.steps.map((s) => s.start)).toEqual(['2026-10-19T16:00:00.000Z', '2026-10-31T16:00:00.000Z']);
      expect(month.period.steps[1].counts).toEqual({ reported: 19, registered: 19, closed: 2 });
      const hour = await trend({ from: '2026-11-09T00:00:00+08:00', to: '2026-11-09T10:00:00+08:00', step: 'hour' });
      expect(hour.period.steps).toHaveLength(10);
      expect(hour.period.steps.map((s) => s.counts.registered)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
      expect(hour.period.steps[8].stages.reportToRegister.clock).toEqual(stats([300]));
    });

    it('compares two periods: report→registration got slower, beyond chance (Mann–Whitney U = 0, p = 0.000939)', async () => {
      const r: TrendResponse = await trend({
        from: '2026-11-16T00:00:00+08:00',
        to: '2026-11-21T00:00:00+08:00',
        step: 'day',
        compare: '2026-11-23T00:00:00+08:00,2026-11-28T00:00:00+08:00',
      });
      expect(r.period.total.counts.registered).toBe(8);
      expect(r.compare!.total.counts.registered).toBe(8);
      expect(r.compare!.steps).toHaveLength(5);
      const change = r.compare!.changes.reportToRegister.clock;
      // Medians 13.5 and 63.5 minutes; every compared duration is longer: U = 0.
      expect(change).toMatchObject({ median: 810, compareMedian: 3810, changeSeconds: 3000, u: 0, significant: true });
      expect(change.z).toBeLessThan(0);
      expect(change.p).toBeCloseTo(0.0009391056991171899, 6); // scipy.stats.mannwhitneyu(asymptotic, continuity)
      expect(r.compare!.changes.reportToRegister.working).toMatchObject({ changeSeconds: 3000, significant: true });
      // A stage without durations is not tested.
      expect(r.compare!.changes.registerToDispatch.clock).toMatchObject({ median: null, p: null, significant: false });
      // The same period twice: no change.
      const same = await trend({ from: '2026-11-16T00:00:00+08:00', to: '2026-11-21T00:00:00+08:00', compare: '2026-11-16T00:00:00+08:00,2026-11-21T00:00:00+08:00' });
      expect(same.compare!.changes.reportToRegister.clock).toMatchObject({ changeSeconds: 0, significant: false });
    });

    it('refuses more than 2,000 steps, naming step or compare', async () => {
      const message = async (query: Record<string, string>) => {
        try {
          await trend(query);
        } catch (error) {
          if (error instanceof BadRequestException) return String((error.getResponse() as { message: string }).message);
          throw error;
        }
        throw new Error('expected a 400');
      };
      expect(await message({ from: '2026-01-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00', step: 'hour' })).toMatch(/^step: more than 2000 steps/);
      expect(
        await message({ from: '2026-11-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00', step: 'hour', compare: '2025-01-01T00:00:00+08:00,2026-01-01T00:00:00+08:00' }),
      ).toMatch(/^compare: more than 2000 steps/);
      expect(await message({ from: '2026-11-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00', region: '999999' })).toMatch(/^region: unknown region/);
    });
  });
}
