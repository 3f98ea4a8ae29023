/**
 * The Arrow answers' column builders and the Accept negotiation: an emerging answer with nulls, dictionaries and
 * per-step lists decodes (tableFromIPC) back to the same values and metadata; Accept picks Arrow only when asked.
 */
import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import type { EmergingResponse } from '@gridlens/contracts';
import { wantsArrow } from '../controllers/answer-format';
import { emergingToArrow } from './hotspot-arrow';

describe('Arrow answer columns', () => {
  it('round-trips an emerging answer: pattern dictionary, nullable hot, per-step lists, JSON metadata', () => {
    const answer = {
      cells: [
        { id: '8a31', pattern: 'new', hot: true, trend: { s: 1, z: 2.5, p: 0.01 }, bins: [0, 3], z: [0.1, 2.9], counts: [1, 12] },
        { id: 's:-1:2', pattern: 'none', hot: null, trend: { s: 0, z: 0, p: 1 }, bins: [0, -2], z: [0, -2.1], counts: [0, 0] },
        { id: '街道', pattern: 'diminishing', hot: false, trend: { s: -1, z: -1.2, p: 0.2 }, bins: [-1, 0], z: [-1.7, 0.3], counts: [2, 70000] },
      ],
      steps: ['2026-03-01T00:00:00+08:00', '2026-03-02T00:00:00+08:00'],
      n: 40,
      method: { statistic: 'getis-ord-gi-star', k: 1 },
    } as unknown as EmergingResponse;
    const table = tableFromIPC(emergingToArrow(answer));
    expect(table.numRows).toBe(3);
    const rows = Array.from({ length: table.numRows }, (_, i) => ({
      id: table.getChild('id')!.get(i),
      pattern: table.getChild('pattern')!.get(i),
      hot: table.getChild('hot')!.get(i),
      trend: { s: table.getChild('trend_s')!.get(i), z: table.getChild('trend_z')!.get(i), p: table.getChild('trend_p')!.get(i) },
      bins: Array.from(table.getChild('bins')!.get(i)!.toArray() as Int8Array),
      z: Array.from(table.getChild('z')!.get(i)!.toArray() as Float64Array),
      counts: Array.from(table.getChild('counts')!.get(i)!.toArray() as Int32Array),
    }));
    expect(rows).toEqual(answer.cells);
    const meta = Object.fromEntries([...table.schema.metadata].map(([k, v]) => [k, JSON.parse(v)]));
    expect(meta).toEqual({ steps: answer.steps, n: 40, method: answer.method });
    expect(String(table.schema.fields.find((f) => f.name === 'bins')!.type)).toBe('List<Int8>');
  });

  it.each([
    [undefined, false],
    ['*/*', false],
    ['application/json', false],
    ['application/vnd.apache.arrow.stream', true],
    ['Application/Vnd.Apache.Arrow.Stream; q=0.9, */*; q=0.1', true],
    ['application/json, application/vnd.apache.arrow.stream;q=0.5', false],
    ['application/vnd.apache.arrow.stream;q=0', false],
    ['text/html, application/vnd.apache.arrow.stream', true],
  ])('Accept %s → Arrow %s', (accept, arrow) => {
    expect(wantsArrow(accept)).toBe(arrow);
  });
});
