import { describe, expect, it } from 'vitest';
import { emergingChanges } from './emerging-change';

describe('emergingChanges', () => {
  it('raises cells entering new or intensifying, keeps those that stay, ends those that leave', () => {
    const previous = new Map<string, string | null>([['a', 'new'], ['b', 'intensifying'], ['c', null]]);
    const current = new Map([['a', 'intensifying'], ['b', 'persistent'], ['c', 'new'], ['d', 'new'], ['e', 'sporadic'], ['f', 'intensifying']]);
    const { entered, stayed, left } = emergingChanges(previous, current);
    expect(entered).toEqual([
      { cell: 'd', classification: 'new', previous: null },
      { cell: 'f', classification: 'intensifying', previous: null },
    ]);
    expect(stayed.map((s) => s.cell)).toEqual(['a', 'c']);
    expect(left).toEqual(['b']);
  });
  it('a cell that was something else before enters', () => {
    const { entered } = emergingChanges(new Map([['a', 'persistent']]), new Map([['a', 'intensifying']]));
    expect(entered).toEqual([{ cell: 'a', classification: 'intensifying', previous: 'persistent' }]);
  });
  it('is quiet when nothing is new or intensifying', () => {
    expect(emergingChanges(new Map(), new Map([['a', 'persistent'], ['b', 'sporadic']]))).toEqual({ entered: [], stayed: [], left: [] });
  });
});
