import type { CaseStatus, LiveEvent } from '@gridlens/contracts';
import { Dictionary, Float64, Int32, makeVector, Table, tableFromIPC, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { pointTableFromArrow } from './arrow-points';
import { STATUS_COLORS } from './colors';
import { emptyPointTable, mergeLiveEvents, pointFilter, pointLayerData, pointTableFromRows, removePoint, type CasePointRow, type PointTable } from './point-table';

const T0 = Date.parse('2026-11-28T08:00:00+08:00');
const row = (caseId: string, status: CaseStatus, lon = 119.9, lat = 31.7): CasePointRow => ({ caseId, lon, lat, status, category: 'E0505', reportedAtMs: T0 });

let seq = 100;
function live(caseId: string, status: CaseStatus, type: LiveEvent['type'] = status === 'reported' ? 'reported' : 'registered', at = '2026-11-28T09:00:00+08:00'): LiveEvent {
  seq += 1;
  return {
    seq,
    eventId: `e${seq}`,
    caseId,
    type,
    at,
    category: 'E0507',
    lon: 120.01,
    lat: 31.81,
    regions: { city: '320400', district: '320402', street: null, community: null, grid: null },
    status,
  };
}

/** Every row read back as plain values, to compare tables with what they should hold. */
function rows(table: PointTable) {
  return Array.from({ length: table.length }, (_, i) => ({
    caseId: table.caseIds[i],
    lon: table.positions[i * 2],
    lat: table.positions[i * 2 + 1],
    status: table.statuses[i],
    color: [...table.colors.subarray(i * 4, i * 4 + 4)],
  }));
}

const noFilter = pointFilter({ status: [], from: '', to: '' });

describe('point table', () => {
  it('holds one row per case with its position and status colour, growing past its capacity', () => {
    const table = pointTableFromRows([row('a', 'reported', 119.1, 31.1), row('b', 'closed', 119.2, 31.2), row('c', 'dispatched')], 7, 2);
    expect(table.length).toBe(3);
    expect(table.seq).toBe(7);
    expect(rows(table).map((r) => [r.caseId, r.lon, r.lat, r.color])).toEqual([
      ['a', 119.1, 31.1, STATUS_COLORS.reported],
      ['b', 119.2, 31.2, STATUS_COLORS.closed],
      ['c', 119.9, 31.7, STATUS_COLORS.dispatched],
    ]);
    expect(table.rowOf.get('c')).toBe(2);
  });

  it('removes a case by moving the last row into its place', () => {
    const table = pointTableFromRows([row('a', 'reported'), row('b', 'closed', 119.2, 31.2), row('c', 'dispatched', 119.3, 31.3)], 1);
    expect(removePoint(table, 'a')).toBe(true);
    expect(removePoint(table, 'zz')).toBe(false);
    expect(rows(table).map((r) => [r.caseId, r.lon, r.status])).toEqual([
      ['c', 119.3, 'dispatched'],
      ['b', 119.2, 'closed'],
    ]);
    expect([...table.rowOf.entries()].sort()).toEqual([
      ['b', 1],
      ['c', 0],
    ]);
  });

  it('merges live events newer than its seq: recolours known cases, appends new reports, skips old events', () => {
    const table = pointTableFromRows([row('a', 'reported'), row('b', 'registered')], 100);
    const stale = { ...live('a', 'closed', 'closed'), seq: 99 };
    const events = [live('a', 'dispatched', 'dispatched'), live('n1', 'reported'), stale];
    const result = mergeLiveEvents(table, events, noFilter);
    expect(result.changed).toBe(true);
    expect(result.reported.map((e) => e.caseId)).toEqual(['n1']);
    expect(table.version).toBe(1);
    expect(table.seq).toBe(events[1].seq);
    expect(rows(table).map((r) => [r.caseId, r.status, r.color])).toEqual([
      ['a', 'dispatched', STATUS_COLORS.dispatched],
      ['b', 'registered', STATUS_COLORS.registered],
      ['n1', 'reported', STATUS_COLORS.reported],
    ]);
    // the same frame again changes nothing
    expect(mergeLiveEvents(table, events, noFilter)).toEqual({ changed: false, reported: [] });
    expect(table.version).toBe(1);
  });

  it('applies events in seq order whatever order they arrive in (newest-first feeds)', () => {
    const table = pointTableFromRows([row('a', 'reported')], 100);
    const first = live('a', 'registered');
    const second = live('a', 'closed', 'closed');
    mergeLiveEvents(table, [second, first], noFilter);
    expect(table.statuses[0]).toBe('closed');
  });

  it('keeps to the status filter and the window: cases leave when their status leaves the filter', () => {
    const filter = pointFilter({ status: ['reported', 'registered'], from: '2026-11-28T00:00:00+08:00', to: '2026-11-29T00:00:00+08:00' });
    const table = pointTableFromRows([row('a', 'reported'), row('b', 'registered')], 100);
    const result = mergeLiveEvents(
      table,
      [
        live('a', 'closed', 'closed'),
        live('old', 'reported', 'reported', '2026-11-27T23:00:00+08:00'),
        live('late', 'reported', 'reported', '2026-11-29T00:00:00+08:00'),
        live('unknown', 'registered'),
        live('ok', 'reported'),
      ],
      filter,
    );
    expect(result.reported.map((e) => e.caseId)).toEqual(['ok']);
    expect(rows(table).map((r) => r.caseId).sort()).toEqual(['b', 'ok']);
  });

  it('gives deck.gl new views over the columns for each version, sized to the rows', () => {
    const table = emptyPointTable(0, 8);
    mergeLiveEvents(table, [live('x', 'reported'), live('y', 'reported')], noFilter);
    const data = pointLayerData(table);
    expect(data.length).toBe(2);
    expect(data.attributes.getPosition).toMatchObject({ size: 2 });
    expect(data.attributes.getPosition.value).toBeInstanceOf(Float64Array);
    expect([...data.attributes.getPosition.value]).toEqual([120.01, 31.81, 120.01, 31.81]);
    expect(data.attributes.getFillColor.value).toBeInstanceOf(Uint8Array);
    expect(data.attributes.getFillColor.value.length).toBe(8);
    expect(data.attributes.getFillColor.value.buffer).toBe(table.colors.buffer);
    expect(pointLayerData(table).attributes.getPosition.value).not.toBe(data.attributes.getPosition.value);
  });
});

describe('pointTableFromArrow', () => {
  it('reads the Arrow stream of GET /api/v1/cases (dictionary-encoded strings, float columns)', () => {
    const dict = (values: string[]) => vectorFromArray(values, new Dictionary(new Utf8(), new Int32()));
    const source = new Table({
      caseId: vectorFromArray(['c1', 'c2', 'c3'], new Utf8()),
      lon: makeVector(new Float64Array([119.1, 119.2, 119.3])),
      lat: makeVector(new Float64Array([31.1, 31.2, 31.3])),
      status: dict(['reported', 'closed', 'reported']),
      category: dict(['E0505', 'C0101', 'E0505']),
      district: dict(['320402', '320404', '320402']),
      reportedAtMs: vectorFromArray([T0, T0 + 1000, T0 + 2000], new Float64()),
    });
    const table = pointTableFromArrow(tableFromIPC(tableToIPC(source, 'stream')), 42);
    expect(table.seq).toBe(42);
    expect(rows(table)).toEqual([
      { caseId: 'c1', lon: 119.1, lat: 31.1, status: 'reported', color: STATUS_COLORS.reported },
      { caseId: 'c2', lon: 119.2, lat: 31.2, status: 'closed', color: STATUS_COLORS.closed },
      { caseId: 'c3', lon: 119.3, lat: 31.3, status: 'reported', color: STATUS_COLORS.reported },
    ]);
    expect(table.categories.slice(0, 3)).toEqual(['E0505', 'C0101', 'E0505']);
    expect([...table.reportedAtMs.subarray(0, 3)]).toEqual([T0, T0 + 1000, T0 + 2000]);
  });

  it('names a missing column', () => {
    const source = new Table({ caseId: vectorFromArray(['c1'], new Utf8()) });
    expect(() => pointTableFromArrow(source, 1)).toThrow(/lon/);
  });
});
