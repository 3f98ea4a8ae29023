import { describe, expect, it } from 'vitest';
import { colorOfCount, COUNT_COLORS, countClasses } from './color-scale';

describe('count colour scale', () => {
  it('splits 1..max into contiguous whole-number classes, one per colour', () => {
    const classes = countClasses(120);
    expect(classes).toHaveLength(COUNT_COLORS.length);
    expect(classes[0].from).toBe(1);
    expect(classes.at(-1)!.to).toBe(120);
    for (let i = 1; i < classes.length; i++) expect(classes[i].from).toBe(classes[i - 1].to + 1);
    expect(classes.map((c) => c.color)).toEqual(COUNT_COLORS);
  });

  it('uses fewer classes for small maxima, still from light to dark', () => {
    const classes = countClasses(2);
    expect(classes.map((c) => [c.from, c.to])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(classes[0].color).toEqual(COUNT_COLORS[0]);
    expect(classes[1].color).toEqual(COUNT_COLORS.at(-1));
    expect(countClasses(0)).toEqual([]);
  });

  it('colours a count by its class: transparent for none, darker for more', () => {
    const classes = countClasses(60);
    expect(colorOfCount(0, classes)[3]).toBe(0);
    expect(colorOfCount(1, classes)).toEqual(COUNT_COLORS[0]);
    expect(colorOfCount(60, classes)).toEqual(COUNT_COLORS.at(-1));
    expect(colorOfCount(61, classes)).toEqual(COUNT_COLORS.at(-1));
    expect(colorOfCount(classes[2].from, classes)).toEqual(classes[2].color);
  });
});
