import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { Database } from '../../apps/server/src/db/database';
import { CaseService } from '../../apps/server/src/services/case.service';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

const t = (hhmm: string) => `2026-03-02T${hhmm}:00+08:00`; // a Monday
const ms = (hhmm: string) => Date.parse(t(hhmm));
const point = { lon: 119.97, lat: 31.78 };

for (const backend of testBackends()) {
  describe(`case detail and timer on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let cases: CaseService;

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      cases = app.get(CaseService);
      const ev = (caseId: string, n: number, type: string, at: string, extra = {}) => ({ eventId: `${caseId}-${n}`, caseId, type, at, ...extra });
      const result = await app.get(IngestService).ingest([
        // C0101: 6 plain hours.
        ev('P', 0, 'reported', t('07:50'), { category: 'C0101', source: 'inspector', description: '井盖缺损', ...point }),
        ev('P', 1, 'registered', t('08:00')),
        ev('P', 2, 'dispatched', t('08:10'), { department: 'D03' }),
        // E0505: 2 working hours (08:30-12:00, 13:30-17:30).
        ev('W', 0, 'reported', t('10:55'), { category: 'E0505', source: 'public', ...point }),
        ev('W', 1, 'registered', t('11:00')),
        ev('W', 2, 'suspended', t('11:30')),
        ev('W', 3, 'resumed', t('13:30')),
        ev('V', 0, 'reported', t('09:00'), { category: 'E0505', source: 'public', ...point }),
        ev('V', 1, 'voided', t('09:05')),
      ]);
      expect(result.rejected).toEqual([]);
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('gives the state, the deadline and the whole timeline with each event\'s details', async () => {
      const p = await cases.detail('P', ms('12:00'));
      expect(p).toMatchObject({ caseId: 'P', category: 'C0101', status: 'dispatched', department: 'D03', description: '井盖缺损', deadline: new Date(ms('14:00')).toISOString() });
      expect(p.timeline.map((e) => [e.type, e.status, e.details])).toEqual([
        ['reported', 'reported', { source: 'inspector', description: '井盖缺损' }],
        ['registered', 'registered', null],
        ['dispatched', 'dispatched', { department: 'D03' }],
      ]);
      await expect(cases.detail('nope')).rejects.toThrow('caseId: no case "nope"');
    });

    it('colours the timer green up to 80 % of the limit, yellow to 100 %, red beyond (plain hours)', async () => {
      expect((await cases.detail('P', ms('12:48'))).timer).toEqual({ budgetMinutes: 360, usedMinutes: 288, colour: 'green', stopped: false });
      expect((await cases.detail('P', ms('12:49'))).timer?.colour).toBe('yellow');
      expect((await cases.detail('P', ms('14:00'))).timer?.colour).toBe('yellow');
      expect((await cases.detail('P', ms('14:01'))).timer).toMatchObject({ usedMinutes: 361, colour: 'red' });
    });

    it('counts working time net of suspensions, and nothing for a voided case', async () => {
      // 11:00-11:30 used, 11:30-13:30 suspended, 13:30-14:00 used: 60 of 120 working minutes.
      const w = await cases.detail('W', ms('14:00'));
      expect(w.timer).toEqual({ budgetMinutes: 120, usedMinutes: 60, colour: 'green', stopped: false });
      expect(w.suspensions).toEqual([{ start: new Date(ms('11:30')).toISOString(), end: new Date(ms('13:30')).toISOString() }]);
      expect(w.deadline).toBe(new Date(ms('15:00')).toISOString());
      expect((await cases.detail('V', ms('14:00'))).timer).toBeNull();
    });

    it("gives each timeline event the timer as it stood right after it (the last one's used time at that event)", async () => {
      const w = await cases.detail('W', ms('14:00'));
      const timers = w.timeline.map((e) => e.timer && [e.type, e.timer.usedMinutes, e.timer.budgetMinutes, e.timer.colour, e.timer.stopped]);
      const afterRegistration = w.timeline.findIndex((e) => e.type === 'registered');
      expect(timers.slice(0, afterRegistration).every((t) => t === null)).toBe(true);
      expect(timers.slice(afterRegistration).every((t) => t !== null)).toBe(true);
      const suspended = w.timeline.find((e) => e.type === 'suspended')!;
      const resumed = w.timeline.find((e) => e.type === 'resumed')!;
      expect(suspended.timer).toMatchObject({ stopped: true });
      expect(resumed.timer).toMatchObject({ usedMinutes: suspended.timer!.usedMinutes, stopped: false });
      const p = await cases.detail('P', ms('12:00'));
      expect(p.timeline.at(-1)!.timer!.budgetMinutes).toBe(p.timer!.budgetMinutes);
      expect((await cases.detail('V', ms('14:00'))).timeline.at(-1)!.timer).toBeNull();
    });
  });
}
