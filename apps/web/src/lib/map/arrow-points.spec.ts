import { Dictionary, Float64, Int32, Table, tableFromIPC, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { dictionaryStrings, pointTableFromArrow, utf8Strings } from './arrow-points';
import { STATUS_COLORS } from './colors';

const dict = (values: (string | null)[]) => vectorFromArray(values, new Dictionary(new Utf8(), new Int32()));

function casesTable(ids: string[], statuses: string[], categories: (string | null)[] = ids.map(() => 'E0505')): Table {
  return new Table({
    caseId: vectorFromArray(ids, new Utf8()),
    lon: vectorFromArray(ids.map((_, i) => 119 + i / 10), new Float64()),
    lat: vectorFromArray(ids.map((_, i) => 31 + i / 10), new Float64()),
    status: dict(statuses),
    category: dict(categories),
    district: dict(ids.map(() => '320402')),
    reportedAtMs: vectorFromArray(ids.map((_, i) => 1000 * i), new Float64()),
  });
}

const roundTrip = (t: Table) => tableFromIPC(tableToIPC(t, 'stream'));

describe('pointTableFromArrow (column by column)', () => {
  it('reads every record batch of the stream, in order', () => {
    const two = casesTable(['a1', 'a2'], ['reported', 'closed']).concat(casesTable(['b1'], ['handled']));
    const table = pointTableFromArrow(roundTrip(two), 7);
    expect(table.length).toBe(3);
    expect(table.caseIds).toEqual(['a1', 'a2', 'b1']);
    expect(table.statuses).toEqual(['reported', 'closed', 'handled']);
    expect([...table.positions.subarray(0, 6)]).toEqual([119, 31, 119.1, 31.1, 119, 31]);
    expect([...table.colors.subarray(8, 12)]).toEqual(STATUS_COLORS.handled);
    expect(table.rowOf.get('b1')).toBe(2);
    expect(table.version).toBe(1);
  });

  it('decodes non-ASCII ids one by one, and nulls as empty categories', () => {
    const table = pointTableFromArrow(roundTrip(casesTable(['案-1', 'x-2'], ['reported', 'reported'], ['E0505', null])), 1);
    expect(table.caseIds).toEqual(['案-1', 'x-2']);
    expect(table.categories).toEqual(['E0505', '']);
  });

  it('reads a sliced table (chunks whose offsets start inside their buffers)', () => {
    const sliced = casesTable(['c1', 'c2', 'c3', 'c4'], ['reported', 'closed', 'voided', 'handled']).slice(1, 3);
    const table = pointTableFromArrow(sliced, 1);
    expect(table.caseIds).toEqual(['c2', 'c3']);
    expect(table.statuses).toEqual(['closed', 'voided']);
    expect([...table.reportedAtMs.subarray(0, 2)]).toEqual([1000, 2000]);
  });

  it('keeps one row per case when an answer repeats a case id (the later row wins)', () => {
    const table = pointTableFromArrow(roundTrip(casesTable(['c1', 'c2', 'c1'], ['reported', 'closed', 'handled'])), 1);
    expect(table.length).toBe(2);
    expect(table.caseIds).toEqual(['c1', 'c2']);
    expect(table.statuses).toEqual(['handled', 'closed']);
    expect([...table.positions.subarray(0, 2)]).toEqual([119.2, 31.2]);
  });
});

describe('column readers', () => {
  it('utf8Strings and dictionaryStrings give nulls where the column has them', () => {
    expect(utf8Strings(vectorFromArray(['a', null, 'ü'], new Utf8()))).toEqual(['a', null, 'ü']);
    expect(dictionaryStrings(dict(['x', null, 'y', 'x']))).toEqual(['x', null, 'y', 'x']);
  });
});
