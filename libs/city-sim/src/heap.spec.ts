import { describe, expect, it } from 'vitest';
import { TimeHeap } from './heap';
import { Rng } from './rng';

describe('TimeHeap', () => {
  it('pops in time order, ties in insertion order', () => {
    const heap = new TimeHeap<number>();
    const rng = new Rng('heap');
    const pushed: [number, number][] = [];
    for (let i = 0; i < 2000; i++) {
      const t = rng.int(100);
      heap.push(t, i);
      pushed.push([t, i]);
    }
    const popped: [number, number][] = [];
    for (let x = heap.pop(); x; x = heap.pop()) popped.push([x.time, x.value]);
    expect(popped).toEqual(pushed.sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    expect(heap.size).toBe(0);
    expect(heap.peekTime()).toBeUndefined();
  });
});
