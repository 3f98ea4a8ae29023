/**
 * Today's figure against a reference (the same time yesterday, the same weekday last week): the change, the arrow
 * and whether it is better or worse. Whether up is good depends on the figure: more closed cases is better, more
 * overdue is worse, more reports is neither (it says how busy the city is, not how well it is run).
 */

export type Polarity = 'higherBetter' | 'lowerBetter' | 'neutral';
export type Arrow = 'up' | 'down' | 'flat';
export type Tone = 'better' | 'worse' | 'neutral';

export interface Comparison {
  /** current − reference. */
  delta: number;
  /** delta / reference, or null when the reference is 0 (no relative change to speak of). */
  ratio: number | null;
  arrow: Arrow;
  tone: Tone;
}

/**
 * Compare two values; null when either is unknown (a rate without denominator). Changes with |delta| ≤ epsilon
 * count as flat (for rates, pass e.g. 0.0005: under 0.05 percentage points is no change on a wall).
 */
export function compare(current: number | null, reference: number | null, polarity: Polarity, epsilon = 0): Comparison | null {
  if (current === null || reference === null || !Number.isFinite(current) || !Number.isFinite(reference)) return null;
  const delta = current - reference;
  const arrow: Arrow = Math.abs(delta) <= epsilon ? 'flat' : delta > 0 ? 'up' : 'down';
  const tone: Tone = arrow === 'flat' || polarity === 'neutral' ? 'neutral' : (arrow === 'up') === (polarity === 'higherBetter') ? 'better' : 'worse';
  return { delta, ratio: reference === 0 ? null : delta / reference, arrow, tone };
}

/** The arrow as a glyph. */
export function arrowGlyph(arrow: Arrow): string {
  return arrow === 'up' ? '▲' : arrow === 'down' ? '▼' : '▬';
}

/** Counters of the wall and their polarity. */
export const COUNTER_POLARITY = {
  reported: 'neutral',
  registered: 'neutral',
  closed: 'higherBetter',
  closedOnTime: 'higherBetter',
  overdue: 'lowerBetter',
} as const satisfies Record<string, Polarity>;
