import { Bool, Dictionary, Field, Float64, Int8, Int32, List, Schema, Table, tableToIPC, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { emergingFromArrow, gridFromArrow, hotspotsFromArrow, regionCountsFromArrow } from './arrow-answers';

/** An Arrow stream as the server writes it (docs/api.md "Arrow answers"): columns, scalars as JSON metadata. */
function stream(columns: Record<string, Vector>, meta: Record<string, unknown>): Uint8Array {
  const table = new Table(columns);
  const metadata = new Map(Object.entries(meta).map(([k, v]) => [k, JSON.stringify(v)] as [string, string]));
  return tableToIPC(new Table(new Schema(table.schema.fields, metadata), table.batches), 'stream');
}

const METHOD = { statistic: 'getis-ord-gi-star', cell: 'h3', resolution: 8, k: 1, fdr: false, weights: 'w', bins: 'b', studyArea: 's', region: '320400' };

describe('explorer Arrow decoders', () => {
  it('hotspots: typed columns and the method from the metadata', () => {
    const bytes = stream(
      {
        id: vectorFromArray(['a', 'b'], new Utf8()),
        count: vectorFromArray([12, 0], new Int32()),
        z: vectorFromArray([4.5, -1.7], new Float64()),
        p: vectorFromArray([6.8e-6, 0.089], new Float64()),
        bin: vectorFromArray([3, -1], new Int8()),
      },
      { n: 2, method: METHOD },
    );
    const h = hotspotsFromArrow(bytes);
    expect(h.id).toEqual(['a', 'b']);
    expect(h.bin).toBeInstanceOf(Int8Array);
    expect([...h.bin]).toEqual([3, -1]);
    expect([...h.z]).toEqual([4.5, -1.7]);
    expect(h.n).toBe(2);
    expect(h.method).toEqual(METHOD);
  });

  it('emerging: patterns, hot as 1 / −1 / 0, counts summed over the steps', () => {
    const bytes = stream(
      {
        id: vectorFromArray(['a', 'b', 'c'], new Utf8()),
        pattern: vectorFromArray(['intensifying', 'diminishing', 'none'], new Dictionary(new Utf8(), new Int32())),
        hot: vectorFromArray([true, false, null], new Bool()),
        trend_s: vectorFromArray([3, -3, 0], new Float64()),
        trend_z: vectorFromArray([2.1, -2.1, 0], new Float64()),
        trend_p: vectorFromArray([0.03, 0.03, 1], new Float64()),
        counts: vectorFromArray([[1, 2, 3], [3, 2, 1], [0, 0, 0]], new List(new Field('item', new Int32(), true))),
      },
      { steps: ['s1', 's2', 's3'], n: 9, method: { ...METHOD, step: 'day', timeZone: 'Asia/Shanghai', patterns: 'p' } },
    );
    const e = emergingFromArrow(bytes);
    expect(e.pattern).toEqual(['intensifying', 'diminishing', 'none']);
    expect([...e.hot]).toEqual([1, -1, 0]);
    expect([...e.count]).toEqual([6, 6, 0]);
    expect(e.steps).toEqual(['s1', 's2', 's3']);
    expect(e.method.step).toBe('day');
  });

  it('grid (any cell) and region counts; a missing column is named', () => {
    const grid = gridFromArrow(
      stream(
        { id: vectorFromArray(['8831aa5a63fffff'], new Utf8()), lon: vectorFromArray([119.9], new Float64()), lat: vectorFromArray([31.7], new Float64()), count: vectorFromArray([4], new Int32()) },
        { total: 4, cell: 'h3', resolution: 8, srid: 4326 },
      ),
    );
    expect(grid).toMatchObject({ cell: 'h3', resolution: 8, size: null, srid: 4326, total: 4, id: ['8831aa5a63fffff'] });
    const regions = regionCountsFromArrow(stream({ code: vectorFromArray(['320402'], new Utf8()), count: vectorFromArray([7], new Int32()) }, { seq: 1, level: 'street', total: 7 }));
    expect(regions).toMatchObject({ id: ['320402'], level: 'street', total: 7 });
    expect([...regions.count]).toEqual([7]);
    expect(() => hotspotsFromArrow(stream({ id: vectorFromArray(['a'], new Utf8()) }, { n: 1, method: METHOD }))).toThrow(/no count column/);
  });
});
