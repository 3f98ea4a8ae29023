import { describe, expect, it } from 'vitest';
import type { Alert, LiveEvent, NewlyOverdueCase, UrgentCase } from '@gridlens/contracts';
import { acknowledgeItem, itemsFromAlerts, itemsFromEvents, itemsGoneRed, itemsNewlyOverdue, mergeTicker, type TickerItem } from './ticker';

const regions = { city: '320400', district: '320402', street: null, community: null, grid: null };
const event = (seq: number, type: LiveEvent['type'], category = 'E0505', at = `2026-11-29T10:00:${String(seq).padStart(2, '0')}+08:00`): LiveEvent => ({
  seq, eventId: `e${seq}`, caseId: `c${seq}`, type, at, category, lon: 120, lat: 31.8, regions, status: 'reported',
});
const urgent = (caseId: string, colour: UrgentCase['colour'], deadline: string | null, stopped = false): UrgentCase => ({
  caseId, category: 'E0505', categoryName: { zh: '机动车乱停放', en: 'Illegal parking' }, department: 'D1', district: '320402', status: 'dispatched',
  registeredAt: '2026-11-29T08:00:00+08:00', deadline, usedFraction: colour === 'red' ? 1.1 : 0.9, usedMinutes: 1, budgetMinutes: 1, limitUnit: 'working_hours', colour, stopped,
});
const alert = (id: string, over: Partial<Alert> = {}): Alert => ({
  id, kind: 'emergency_reported', severity: 'high', dedupeKey: id, region: null, district: '320402', reason: { zh: '路面塌陷', en: 'Road collapse' },
  figures: { kind: 'emergency_reported', category: 'E0401', categoryNameZh: '路面塌陷', categoryNameEn: 'Road collapse', reportedAt: '2026-11-29T10:00:05+08:00', lon: 120, lat: 31.8 },
  caseIds: ['c5'], caseCount: 1, link: '/?sel=c5', raisedAt: '2026-11-29T10:00:06+08:00', updatedAt: '2026-11-29T10:00:06+08:00', endedAt: null, state: 'open', acknowledgement: null,
  ...over,
});

describe('the wall ticker', () => {
  it('takes returns, reworks and emergency reports from event frames, nothing else', () => {
    const items = itemsFromEvents([event(1, 'returned'), event(2, 'rework'), event(3, 'reported'), event(4, 'closed'), event(5, 'reported', 'E0401')], (c) => c === 'E0401');
    expect(items.map((i) => [i.id, i.kind])).toEqual([
      ['returned:e1', 'returned'],
      ['rework:e2', 'rework'],
      ['emergency:c5', 'emergency'],
    ]);
    expect(items[0]).toMatchObject({ caseId: 'c1', district: '320402', category: 'E0505' });
  });

  it('announces a case once when it turns red: by a frame, or by the clock at its deadline', () => {
    const now = Date.parse('2026-11-29T10:00:00+08:00');
    const prev = [urgent('a', 'yellow', '2026-11-29T11:00:00+08:00'), urgent('b', 'red', '2026-11-29T09:00:00+08:00')];
    const next = [urgent('a', 'red', '2026-11-29T09:59:00+08:00'), urgent('b', 'red', '2026-11-29T09:00:00+08:00'), urgent('n', 'red', '2026-11-29T09:30:00+08:00')];
    expect(itemsGoneRed(prev, next, now, new Set()).map((i) => i.id)).toEqual(['overdue:a']);
    expect(itemsGoneRed(prev, next, now, new Set(['overdue:a']))).toEqual([]);
    // first frame: what is red already is not news
    expect(itemsGoneRed(null, next, now, new Set())).toEqual([]);
    // the clock passes a yellow case's deadline
    const ticking = [urgent('y', 'yellow', '2026-11-29T09:59:59+08:00'), urgent('s', 'yellow', '2026-11-29T09:00:00+08:00', true)];
    expect(itemsGoneRed(ticking, ticking, now, new Set()).map((i) => i.id)).toEqual(['overdue:y']);
  });

  it('announces each case of the frames\' newlyOverdue once, the first frame included, past the ticker\'s cap', () => {
    const newly = (caseId: string, deadline: string): NewlyOverdueCase => ({
      caseId, category: 'E0505', categoryName: { zh: '机动车乱停放', en: 'Illegal parking' }, department: 'D1', district: '320404', deadline,
    });
    const f1 = [newly('p', '2026-11-29T09:58:00+08:00'), newly('q', '2026-11-29T09:55:00+08:00')];
    const first = itemsNewlyOverdue(f1, new Set(), new Set());
    expect(first.items).toEqual([
      { id: 'overdue:p', kind: 'overdue', at: '2026-11-29T09:58:00+08:00', caseId: 'p', category: 'E0505', district: '320404' },
      { id: 'overdue:q', kind: 'overdue', at: '2026-11-29T09:55:00+08:00', caseId: 'q', category: 'E0505', district: '320404' },
    ]);
    // Next frame: p and q again (not news), r new; x already announced by the clock (in the ticker).
    const f2 = [newly('r', '2026-11-29T09:59:30+08:00'), newly('x', '2026-11-29T09:59:00+08:00'), ...f1];
    const second = itemsNewlyOverdue(f2, first.announced, new Set(['overdue:x']));
    expect(second.items.map((i) => i.id)).toEqual(['overdue:r']);
    // Pushed off a full ticker (no ids held) and still in the list: not announced again.
    let ticker = mergeTicker([], [...first.items, ...second.items]);
    ticker = mergeTicker(ticker, itemsFromEvents(Array.from({ length: 40 }, (_, i) => event(100 + i, 'rework', 'E0505', `2026-11-29T10:01:${String(i).padStart(2, '0')}+08:00`)), () => false));
    expect(ticker.some((i) => i.kind === 'overdue')).toBe(false);
    expect(itemsNewlyOverdue(f2, second.announced, new Set(ticker.map((i) => i.id))).items).toEqual([]);
    // The set kept is the last frame's list: one that left it (10 minutes after its deadline) is forgotten.
    expect([...itemsNewlyOverdue([newly('r', '2026-11-29T09:59:30+08:00')], second.announced, new Set()).announced]).toEqual(['r']);
  });

  it('merges newest first, replaces by id, caps, and shows an emergency once when an alert covers it', () => {
    let items: readonly TickerItem[] = [];
    items = mergeTicker(items, itemsFromEvents([event(1, 'returned'), event(5, 'reported', 'E0401')], (c) => c === 'E0401'));
    expect(items.map((i) => i.id)).toEqual(['emergency:c5', 'returned:e1']);
    items = mergeTicker(items, itemsFromAlerts([alert('A1')]));
    expect(items.map((i) => i.id)).toEqual(['alert:A1', 'returned:e1']);
    const updated = alert('A1', { caseCount: 2, updatedAt: '2026-11-29T10:01:00+08:00' });
    items = mergeTicker(items, itemsFromAlerts([updated]));
    expect(items.filter((i) => i.id === 'alert:A1')).toHaveLength(1);
    expect(items[0].alert?.caseCount).toBe(2);
    const many = Array.from({ length: 50 }, (_, i) => event(10 + i, 'rework', 'E0505', new Date(Date.parse('2026-11-29T11:00:00+08:00') + i * 1000).toISOString()));
    const capped = mergeTicker(items, itemsFromEvents(many, () => false), 40);
    expect(capped).toHaveLength(40);
    expect(capped.map((i) => i.id).slice(0, 2)).toEqual(['alert:A1', 'rework:e59']); // the open alert stays on top
    expect(mergeTicker(items, [])).toBe(items);
  });

  it('pins open alerts above newer items; acknowledged or ended ones take their place in time', () => {
    const returns = itemsFromEvents([event(30, 'returned', 'E0505', '2026-11-29T12:00:00+08:00')], () => false);
    const items = mergeTicker([], [...itemsFromAlerts([alert('OPEN'), alert('ACK', { state: 'acknowledged', raisedAt: '2026-11-29T10:00:07+08:00' }), alert('END', { endedAt: '2026-11-29T11:00:00+08:00', raisedAt: '2026-11-29T10:00:08+08:00' })]), ...returns]);
    expect(items.map((i) => i.id)).toEqual(['alert:OPEN', 'returned:e30', 'alert:END', 'alert:ACK']);
  });

  it('an acknowledgement replaces the alert in its item', () => {
    const items = mergeTicker([], itemsFromAlerts([alert('A1')]));
    const acked = alert('A1', { state: 'acknowledged', acknowledgement: { by: 'leader', at: '2026-11-29T10:05:00+08:00', note: null } });
    expect(acknowledgeItem(items, acked)[0].alert?.state).toBe('acknowledged');
  });
});
