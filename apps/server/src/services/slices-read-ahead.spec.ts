import { describe, expect, it } from 'vitest';
import { slicesReadAhead } from './slices-read-ahead';

describe('slicesReadAhead', () => {
  it('hands over the slices covering the range in order, the next one already asked for', async () => {
    const asked: number[] = [];
    const seen: { from: number; to: number; value: string; askedWhenHanded: number }[] = [];
    const slices = slicesReadAhead({ min: 10, max: 35 }, 10, async (from, to) => {
      asked.push(from);
      return `${from}-${to}`;
    });
    for await (const { from, to, value } of slices) seen.push({ from, to, value, askedWhenHanded: asked.length });
    expect(seen).toEqual([
      { from: 10, to: 20, value: '10-20', askedWhenHanded: 2 },
      { from: 20, to: 30, value: '20-30', askedWhenHanded: 3 },
      { from: 30, to: 40, value: '30-40', askedWhenHanded: 3 },
    ]);
  });

  it('reads one slice when the range is an instant, none without a range', async () => {
    const values = async (range: { min: number; max: number } | null) => {
      const out: number[] = [];
      for await (const { from } of slicesReadAhead(range, 7, async (f) => f)) out.push(from);
      return out;
    };
    expect(await values({ min: 5, max: 5 })).toEqual([5]);
    expect(await values(null)).toEqual([]);
  });

  it('throws a failed read where its slice is asked for, after the slices before it', async () => {
    const seen: number[] = [];
    const slices = slicesReadAhead({ min: 0, max: 30 }, 10, async (from) => {
      if (from === 20) throw new Error('read failed at 20');
      return from;
    });
    await expect(
      (async () => {
        for await (const { value } of slices) seen.push(value);
      })(),
    ).rejects.toThrow('read failed at 20');
    expect(seen).toEqual([0, 10]);
  });

  it('drops a read already asked for when the caller stops (its failure is not left unhandled)', async () => {
    let asked = 0;
    const slices = slicesReadAhead({ min: 0, max: 30 }, 10, async (from) => {
      asked++;
      if (from > 0) throw new Error('never consumed');
      return from;
    });
    for await (const { value } of slices) {
      expect(value).toBe(0);
      break;
    }
    expect(asked).toBe(2);
  });
});
