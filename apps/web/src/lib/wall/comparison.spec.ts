import { describe, expect, it } from 'vitest';
import { arrowGlyph, compare, COUNTER_POLARITY } from './comparison';

describe('comparisons against yesterday and last week', () => {
  it('up is better for closures, worse for overdue, neutral for reports', () => {
    expect(compare(12, 10, COUNTER_POLARITY.closed)).toEqual({ delta: 2, ratio: 0.2, arrow: 'up', tone: 'better' });
    expect(compare(12, 10, COUNTER_POLARITY.overdue)).toEqual({ delta: 2, ratio: 0.2, arrow: 'up', tone: 'worse' });
    expect(compare(8, 10, COUNTER_POLARITY.overdue)?.tone).toBe('better');
    expect(compare(12, 10, COUNTER_POLARITY.reported)?.tone).toBe('neutral');
    expect(compare(12, 10, COUNTER_POLARITY.reported)?.arrow).toBe('up');
  });

  it('flat within epsilon, no ratio from zero, null without a value', () => {
    expect(compare(5, 5, 'higherBetter')).toEqual({ delta: 0, ratio: 0, arrow: 'flat', tone: 'neutral' });
    expect(compare(0.9003, 0.9, 'higherBetter', 0.0005)?.arrow).toBe('flat');
    expect(compare(0.91, 0.9, 'higherBetter', 0.0005)?.tone).toBe('better');
    expect(compare(3, 0, 'neutral')).toEqual({ delta: 3, ratio: null, arrow: 'up', tone: 'neutral' });
    expect(compare(null, 0.5, 'higherBetter')).toBeNull();
    expect(compare(0.5, null, 'higherBetter')).toBeNull();
  });

  it('glyphs', () => {
    expect([arrowGlyph('up'), arrowGlyph('down'), arrowGlyph('flat')]).toEqual(['▲', '▼', '▬']);
  });
});
