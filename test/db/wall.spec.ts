/**
 * The wall (GET /api/v1/wall through WallService) and the department view on both databases, on hand-made cases
 * whose figures are worked out here by hand, at asOf = Monday 16 Nov 2026 10:00 in Asia/Shanghai (yesterday:
 * Sunday 15 Nov 10:00; last week: Monday 9 Nov 10:00). E0505 has a limit of 2 working hours (120 min), working
 * hours 08:30–12:00, 13:30–17:30 (450 min a day); C0101 6 plain hours. All cases in 天宁区 (320402) except W2
 * (钟楼区 320404).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestException, NotFoundException, type INestApplicationContext } from '@nestjs/common';
import type { Category } from '@gridlens/contracts';
import { caseFactsAt, caseIndicators, type ResolvedPeriod } from '@gridlens/evaluation';
import type { Database } from '../../apps/server/src/db/database';
import { EvaluationFactsRepository } from '../../apps/server/src/repositories/evaluation-facts.repository';
import { CatalogueService } from '../../apps/server/src/services/catalogue.service';
import { ClockService } from '../../apps/server/src/services/clock.service';
import { DepartmentViewService } from '../../apps/server/src/services/department-view.service';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { TrendService } from '../../apps/server/src/services/trend.service';
import { WallService } from '../../apps/server/src/services/wall.service';
import { ZHONGLOU, plain, reported } from '../support/ingest-cases';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

const cst = (iso: string) => Date.parse(`${iso}+08:00`);
const AS_OF = cst('2026-11-16T10:00:00');

/** One case: reported, registered, then whatever follows (each [type, local time, extra]). */
function kase(id: string, reportedAt: string, registeredAt: string | null, rest: [string, string, Record<string, unknown>?][] = [], extra: Record<string, unknown> = {}) {
  const events = [reported(id, `${id}-0`, cst(reportedAt), extra)];
  if (registeredAt) events.push(plain(id, `${id}-1`, 'registered', cst(registeredAt)));
  rest.forEach(([type, at, more], i) => events.push(plain(id, `${id}-${i + 2}`, type, cst(at), more ?? {})));
  return events;
}

function handMadeCases() {
  return [
    // Today, open: used 75 of 120 → green; deadline 10:45.
    ...kase('W1', '2026-11-16T08:40:00', '2026-11-16T08:45:00'),
    // Today in 钟楼区, C0101: closed at 09:50, on time.
    ...kase('W2', '2026-11-16T09:00:00', '2026-11-16T09:01:00', [['dispatched', '2026-11-16T09:05:00', { department: 'D03' }], ['handled', '2026-11-16T09:40:00'], ['closed', '2026-11-16T09:50:00']], {
      category: 'C0101', lon: ZHONGLOU[0], lat: ZHONGLOU[1],
    }),
    // The 80 % boundary across the weekend: 6 min on Friday + 90 on Monday = 96 = 80 % → green; 97 → yellow.
    ...kase('W3a', '2026-11-13T17:20:00', '2026-11-13T17:24:00'),
    ...kase('W3b', '2026-11-13T17:20:00', '2026-11-13T17:23:00'),
    // Last Monday, dispatched to D10, open: deadline Mon 9 Nov 11:00 → overdue now and yesterday, not at last week's 10:00.
    ...kase('W4', '2026-11-09T09:00:00', '2026-11-09T09:00:00', [['dispatched', '2026-11-09T09:10:00', { department: 'D10' }]]),
    // Suspended with 60 min left, still suspended: not overdue, green, stopped.
    ...kase('W5', '2026-11-12T08:50:00', '2026-11-12T09:00:00', [['suspended', '2026-11-12T10:00:00']]),
    // Suspended after its deadline (Thu 11:00): still overdue, red, stopped.
    ...kase('W6', '2026-11-12T08:50:00', '2026-11-12T09:00:00', [['suspended', '2026-11-12T14:00:00']]),
    // Extended by a working day: budget 570, deadline Mon 16 11:00; used 420 + 90 = 510 → yellow. Returned by D10.
    ...kase('W7', '2026-11-13T08:50:00', '2026-11-13T09:00:00', [
      ['dispatched', '2026-11-13T09:10:00', { department: 'D10' }],
      ['returned', '2026-11-13T09:20:00', { department: 'D10' }],
      ['dispatched', '2026-11-13T09:30:00', { department: 'D03' }],
      ['extended', '2026-11-13T10:00:00', { extendBy: 'P1D' }],
    ]),
    // Yesterday before 10:00: registered on Sunday, the clock starts Monday 08:30 → 90 of 120, green.
    ...kase('W8', '2026-11-15T09:00:00', '2026-11-15T09:30:00'),
    // Yesterday after 10:00 (not in the same-time comparison), never registered.
    ...kase('W9', '2026-11-15T11:00:00', null),
    // Last Monday after 10:00, never registered.
    ...kase('W10', '2026-11-09T11:00:00', null),
    // Yesterday: registered and closed before 10:00, on time.
    ...kase('W11', '2026-11-15T08:00:00', '2026-11-15T08:10:00', [['closed', '2026-11-15T09:00:00']]),
    // Overdue since Thu 11:00 (overdue yesterday), closed today late.
    ...kase('W12', '2026-11-12T08:55:00', '2026-11-12T09:00:00', [['closed', '2026-11-16T09:30:00']]),
    // Overdue since Fri 16:00, with D10.
    ...kase('W13', '2026-11-13T13:50:00', '2026-11-13T14:00:00', [['dispatched', '2026-11-13T14:10:00', { department: 'D10' }]]),
    // Overdue at last week's instant (deadline Fri 6 Nov 11:00), closed Tue 10 Nov.
    ...kase('W14', '2026-11-06T08:50:00', '2026-11-06T09:00:00', [['closed', '2026-11-10T09:00:00']]),
    // Deadline Mon 09:30 (60 min on Friday): overdue now, due today.
    ...kase('W15', '2026-11-13T16:20:00', '2026-11-13T16:30:00'),
    // Overdue since Fri 16:30, extended by 2 working days only on Monday 09:00 (deadline now Tue 17 16:30): overdue at
    // yesterday's instant although the stored deadline says otherwise; used 180 + 90 of 1,020 now → green.
    ...kase('W18', '2026-11-13T14:20:00', '2026-11-13T14:30:00', [['extended', '2026-11-16T09:00:00', { extendBy: 'P2D' }]]),
    // Suspended Wed 10:00 with 60 min left, resumed Mon 08:50: deadline 09:50 → overdue now; yesterday suspended (not overdue).
    ...kase('W16', '2026-11-11T08:50:00', '2026-11-11T09:00:00', [['suspended', '2026-11-11T10:00:00'], ['resumed', '2026-11-16T08:50:00']]),
  ];
}

for (const backend of testBackends()) {
  describe(`wall on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let wall: WallService;

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      wall = app.get(WallService);
      const result = await app.get(IngestService).ingest(handMadeCases() as never);
      expect(result.rejected).toEqual([]);
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('today so far against the same time yesterday and last week, overdue at those instants', async () => {
      const w = await wall.snapshot('city', AS_OF);
      expect(w.asOf).toBe('2026-11-16T02:00:00.000Z');
      expect(w.dayStart).toBe('2026-11-15T16:00:00.000Z');
      expect(w.monthStart).toBe('2026-10-31T16:00:00.000Z');
      expect(w.today).toEqual({
        reported: { value: 2, yesterday: 2, lastWeek: 1 }, // W1 W2 | W8 W11 (not W9 at 11:00) | W4 (not W10 at 11:00)
        registered: { value: 2, yesterday: 2, lastWeek: 1 },
        closed: { value: 2, yesterday: 1, lastWeek: 0 }, // W2 W12 | W11
        closedOnTime: { value: 1, yesterday: 1, lastWeek: 0 }, // W2 | W11
        overdueNow: { value: 5, yesterday: 5, lastWeek: 1 }, // W4 W6 W13 W15 W16 | W4 W6 W12 W13 W18 | W14
      });
    });

    it('closure and on-time closure rates of today and this month (issue-5 due cohort), equal to libs/evaluation', async () => {
      const w = await wall.snapshot('city', AS_OF);
      // Today: W2 (closed 09:50), W15 (deadline 09:30), W16 (deadline 09:50) are due; W2 closed, on time.
      expect(w.rates.today).toEqual({ closure: { numerator: 1, denominator: 3, value: 1 / 3 }, onTimeClosure: { numerator: 1, denominator: 3, value: 1 / 3 } });
      // Month: + W4 W6 W12 W13 W14 W11 (W5 suspended with time left, W7 extended: not due); closed W2 W12 W14 W11; on time W2 W11.
      expect(w.rates.month).toEqual({ closure: { numerator: 4, denominator: 9, value: 4 / 9 }, onTimeClosure: { numerator: 2, denominator: 9, value: 2 / 9 } });

      const categories = new Map<string, Category>((await app.get(CatalogueService).categories()).map((c) => [c.code, c]));
      const clock = app.get(ClockService);
      const ctx = { deadlineOf: (s: Parameters<ClockService['deadlineOf']>[0]) => clock.deadlineOf(s, categories.get(s.category)), clock: clock.clock, verifyLimitWorkingHours: 2, checkLimitWorkingHours: 2 };
      for (const [from, rates] of [[Date.parse(w.dayStart), w.rates.today], [Date.parse(w.monthStart), w.rates.month]] as const) {
        const period: ResolvedPeriod = { label: 'wall', from, to: AS_OF, previous: '', yearAgo: '' };
        const snap = await app.get(EvaluationFactsRepository).snapshot(from, AS_OF);
        const counts = { due: 0, closed: 0, closedOnTime: 0 };
        for (const c of snap.cases) {
          const facts = caseFactsAt(c.events, period, ctx);
          if (!facts) continue;
          for (const k of caseIndicators(facts, { from, to: AS_OF })) if (k === 'due' || k === 'closed' || k === 'closedOnTime') counts[k]++;
        }
        expect({ due: rates.closure.denominator, closed: rates.closure.numerator, closedOnTime: rates.onTimeClosure.numerator }).toEqual(counts);
      }
    });

    it('timer colours in working time: the 80 % boundary across a weekend, a suspension, an extension; red = overdue now', async () => {
      const w = await wall.snapshot('city', AS_OF);
      expect(w.timers.total).toEqual({ green: 5, yellow: 2, red: 5 }); // W1 W3a W5 W8 W18 | W3b W7 | W4 W6 W13 W15 W16
      expect(w.timers.total.red).toBe(w.today.overdueNow.value);
      expect(w.workingWindows[0]).toEqual({ start: '2026-11-16T02:00:00.000Z', end: '2026-11-16T04:00:00.000Z' }); // now → 12:00
      const byId = new Map(w.timers.mostUrgent.map((c) => [c.caseId, c]));
      expect(byId.get('W3a')).toMatchObject({ usedMinutes: 96, budgetMinutes: 120, usedFraction: 0.8, colour: 'green', deadline: '2026-11-16T02:24:00.000Z' });
      expect(byId.get('W3b')).toMatchObject({ usedMinutes: 97, budgetMinutes: 120, colour: 'yellow' });
      expect(byId.get('W5')).toMatchObject({ usedMinutes: 60, colour: 'green', stopped: true, deadline: null });
      expect(byId.get('W6')).toMatchObject({ usedMinutes: 210, colour: 'red', stopped: true });
      expect(byId.get('W7')).toMatchObject({ usedMinutes: 510, budgetMinutes: 570, colour: 'yellow', department: 'D03', deadline: '2026-11-16T03:00:00.000Z' });
      expect(byId.get('W16')).toMatchObject({ usedMinutes: 130, colour: 'red', stopped: false });
      expect(byId.get('W18')).toMatchObject({ usedMinutes: 270, budgetMinutes: 1020, colour: 'green', deadline: '2026-11-17T08:30:00.000Z' });
      // Most urgent first: overdue by used fraction (W4 2310/120 … ), then yellow, then green.
      expect(w.timers.mostUrgent.map((c) => c.caseId)).toEqual(['W4', 'W13', 'W6', 'W15', 'W16', 'W7', 'W3b', 'W3a', 'W8', 'W1', 'W5', 'W18']);
      expect(w.timers.mostUrgent[0]).toMatchObject({ usedMinutes: 2310, district: '320402', categoryName: { zh: '机动车乱停放' } });
      expect(w.timers.byDepartment.find((g) => g.code === 'D10')?.counts).toEqual({ green: 0, yellow: 0, red: 2 });
      expect(w.timers.byDepartment.find((g) => g.code === 'D03')).toMatchObject({ counts: { green: 0, yellow: 1, red: 0 }, name: { zh: '自来水公司' } });
      expect(w.timers.byDistrict).toEqual([{ code: '320402', name: expect.objectContaining({ zh: expect.stringContaining('天宁') }), counts: { green: 5, yellow: 2, red: 5 } }]);
    });

    it('newly overdue: the open cases whose deadline passed in the 10 minutes before asOf, newest first, in scope', async () => {
      // At 10:00: W16 (deadline 09:50, the window's start) in; W15 (09:30) out, as are W4 W6 W13; W3a/W3b still due.
      const w = await wall.snapshot('city', AS_OF);
      expect(w.newlyOverdue).toEqual([
        { caseId: 'W16', category: 'E0505', categoryName: expect.objectContaining({ zh: '机动车乱停放' }), department: null, district: '320402', deadline: '2026-11-16T01:50:00.000Z' },
      ]);
      // At 09:40: W15 (09:30) in, W16 not yet overdue.
      expect((await wall.snapshot('city', cst('2026-11-16T09:40:00'))).newlyOverdue.map((c) => c.caseId)).toEqual(['W15']);
      // At 10:30: W3a (10:24) and W3b (10:23), newest first; W16 (09:50) has left the window; W5 (suspended with time left) never.
      const later = await wall.snapshot('city', cst('2026-11-16T10:30:00'));
      expect(later.newlyOverdue.map((c) => [c.caseId, c.deadline])).toEqual([['W3a', '2026-11-16T02:24:00.000Z'], ['W3b', '2026-11-16T02:23:00.000Z']]);
      // Each is counted by overdueNow (the same rule): red among the timers.
      for (const c of later.newlyOverdue) expect(later.timers.mostUrgent.find((u) => u.caseId === c.caseId)?.colour).toBe('red');
      expect((await wall.snapshot('320404', cst('2026-11-16T10:30:00'))).newlyOverdue).toEqual([]);
    });

    it('districts for the map, top categories, and a district scope with its streets', async () => {
      const w = await wall.snapshot('city', AS_OF);
      expect(w.scope).toEqual({ kind: 'city', code: 'city', name: { zh: '全市', en: 'City' } });
      expect(w.units.level).toBe('district');
      const tianning = w.units.items.find((u) => u.code === '320402')!;
      expect(tianning).toMatchObject({ reportedToday: 1, overdueNow: 5, closureRateMonth: { numerator: 3, denominator: 8 }, onTimeClosureRateMonth: { numerator: 1, denominator: 8 } });
      expect(w.units.items.find((u) => u.code === '320404')).toMatchObject({ reportedToday: 1, overdueNow: 0, onTimeClosureRateMonth: { numerator: 1, denominator: 1, value: 1 } });
      expect(w.units.items.length).toBeGreaterThanOrEqual(6);
      expect(w.topCategories).toEqual([
        { code: 'C0101', name: expect.objectContaining({ zh: '上水井盖' }), reported: 1 },
        { code: 'E0505', name: expect.objectContaining({ zh: '机动车乱停放' }), reported: 1 },
      ]);

      const d = await wall.snapshot('320404', AS_OF);
      expect(d.scope.kind).toBe('district');
      expect(d.today.reported).toEqual({ value: 1, yesterday: 0, lastWeek: 0 });
      expect(d.today.closedOnTime).toEqual({ value: 1, yesterday: 0, lastWeek: 0 });
      expect(d.rates.today.onTimeClosure).toEqual({ numerator: 1, denominator: 1, value: 1 });
      expect(d.timers.total).toEqual({ green: 0, yellow: 0, red: 0 });
      expect(d.units.level).toBe('street');
      // This database has the six districts only (the demo's synthetic streets are seeded with the demo): no street units.
      expect(d.units.items).toEqual([]);
      await expect(wall.snapshot('320402001', AS_OF)).rejects.toThrow(BadRequestException);
      await expect(wall.snapshot('nowhere', AS_OF)).rejects.toThrow(/scope/);
    });

    it('response trend: 24 hours and 30 days, equal to the trends endpoint over the same steps', async () => {
      const w = await wall.snapshot('city', AS_OF);
      expect(w.responseTrend.hourly).toHaveLength(24);
      expect(w.responseTrend.daily).toHaveLength(30);
      const today = w.responseTrend.daily[29];
      expect(today).toEqual({
        start: '2026-11-15T16:00:00.000Z',
        end: '2026-11-16T02:00:00.000Z',
        reported: 2,
        closed: 2,
        // W2 50 min; W12 Thu 08:55 → Mon 09:30: 347,700 s of clock, 935 working minutes.
        reportToCloseP50: { clockSeconds: (3000 + 347_700) / 2, workingSeconds: (3000 + 56_100) / 2 },
        onTime: { numerator: 1, denominator: 2, value: 0.5 },
      });
      const t = await app.get(TrendService).trend({ from: w.responseTrend.daily[0].start, to: w.asOf, step: 'day' });
      expect(w.responseTrend.daily.map((p) => [p.start, p.reported, p.closed, p.onTime])).toEqual(
        t.period.steps.map((s) => [s.start, s.counts.reported, s.counts.closed, s.onTime]),
      );
      expect(w.responseTrend.hourly[23]).toMatchObject({ start: '2026-11-16T01:00:00.000Z', reported: 1, closed: 2 }); // W2 reported, W12 and W2 closed 09:00–10:00
    });

    it('the trend\'s kept past days follow a back-dated event (dropped through the LiveBus)', async () => {
      const before = await wall.snapshot('city', AS_OF);
      const thursday = before.responseTrend.daily.find((p) => p.start === '2026-11-11T16:00:00.000Z')!;
      const result = await app.get(IngestService).ingest(kase('W17', '2026-11-12T15:00:00', null) as never);
      expect(result.rejected).toEqual([]);
      const after = await wall.snapshot('city', AS_OF);
      expect(after.responseTrend.daily.find((p) => p.start === thursday.start)?.reported).toBe(thursday.reported + 1);
      expect(after.seq).toBe(before.seq + 1);
    });

    it('department view: open cases by urgency, rates against the city, returns', async () => {
      const v = await app.get(DepartmentViewService).view('D10', AS_OF);
      expect(v.department).toEqual({ code: 'D10', name: expect.objectContaining({ en: 'Traffic Police' }) });
      expect(v.openCases.map((c) => [c.caseId, c.colour, c.usedMinutes])).toEqual([['W4', 'red', 2310], ['W13', 'red', 300]]);
      expect(v.timerCounts).toEqual({ green: 0, yellow: 0, red: 2 });
      expect(v.month.onTimeClosure).toEqual({ department: { numerator: 0, denominator: 2, value: 0 }, city: { numerator: 2, denominator: 9, value: 2 / 9 } });
      expect(v.month.closure.city).toEqual({ numerator: 4, denominator: 9, value: 4 / 9 });
      expect(v.returned).toEqual([expect.objectContaining({ caseId: 'W7', returnedAt: '2026-11-13T01:20:00.000Z', department: 'D03' })]);
      // Monday 10:00 → 12:00, 13:30 → 17:30, Tuesday 08:30 → 12:00, 13:30 → 17:30 (48 h end Wednesday 10:00: 08:30 → 10:00).
      expect(v.workingWindows.map((x) => [x.start, x.end])).toEqual([
        ['2026-11-16T02:00:00.000Z', '2026-11-16T04:00:00.000Z'],
        ['2026-11-16T05:30:00.000Z', '2026-11-16T09:30:00.000Z'],
        ['2026-11-17T00:30:00.000Z', '2026-11-17T04:00:00.000Z'],
        ['2026-11-17T05:30:00.000Z', '2026-11-17T09:30:00.000Z'],
        ['2026-11-18T00:30:00.000Z', '2026-11-18T02:00:00.000Z'],
      ]);
      expect((await app.get(DepartmentViewService).view('D03', AS_OF)).openCases.map((c) => c.caseId)).toEqual(['W7']);
      await expect(app.get(DepartmentViewService).view('D99', AS_OF)).rejects.toThrow(NotFoundException);
    });
  });
}
