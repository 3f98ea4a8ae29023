/**
 * The wall's colours: districts by the indicator chosen on the wall (counts on a sequential ramp scaled to the
 * largest district, rates on a red → amber → green ramp over fixed bounds so that a colour means the same rate in
 * every district and every minute), timer colours, and the tones of comparisons.
 */
import type { Tone } from './comparison';

export type Rgba = [number, number, number, number];
export type TimerColour = 'green' | 'yellow' | 'red';

/** Counts: dark navy → cyan → amber → red; readable on the wall's dark background. */
export const COUNT_RAMP: readonly Rgba[] = [
  [30, 58, 95, 200],
  [14, 116, 144, 210],
  [8, 145, 178, 215],
  [234, 179, 8, 220],
  [249, 115, 22, 225],
  [220, 38, 38, 235],
];

/** Rates from bad (low) to good (high). */
export const RATE_RAMP: readonly Rgba[] = [
  [220, 38, 38, 230],
  [249, 115, 22, 225],
  [234, 179, 8, 220],
  [132, 204, 22, 215],
  [22, 163, 74, 215],
];

/** Rates are coloured over [RATE_FLOOR, 1]: below the floor is as red as it gets (a wall shows trouble, not nuance). */
export const RATE_FLOOR = 0.5;
/** A district without a value (no cases due: no rate). */
export const NO_VALUE: Rgba = [51, 65, 85, 140];

export type IndicatorKind = 'count' | 'rate';

/** Linear interpolation between the ramp's stops at t ∈ [0, 1]. */
export function rampAt(ramp: readonly Rgba[], t: number): Rgba {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (ramp.length - 1);
  const i = Math.min(ramp.length - 2, Math.floor(x));
  const f = x - i;
  const a = ramp[i];
  const b = ramp[i + 1];
  return [0, 1, 2, 3].map((k) => Math.round(a[k] + (b[k] - a[k]) * f)) as Rgba;
}

/**
 * A district's colour for an indicator value. Counts: value / max (max = the largest district's; 0 → the first
 * stop); rates: (value − floor) / (1 − floor). null → NO_VALUE.
 */
export function indicatorColour(kind: IndicatorKind, value: number | null, max: number): Rgba {
  if (value === null || !Number.isFinite(value)) return NO_VALUE;
  if (kind === 'rate') return rampAt(RATE_RAMP, (value - RATE_FLOOR) / (1 - RATE_FLOOR));
  return rampAt(COUNT_RAMP, max > 0 ? value / max : 0);
}

/** The legend of a scale: `steps` evenly spaced values with their colours (counts 0..max, rates floor..1). */
export function legendStops(kind: IndicatorKind, max: number, steps = 5): { value: number; colour: Rgba }[] {
  const lo = kind === 'rate' ? RATE_FLOOR : 0;
  const hi = kind === 'rate' ? 1 : Math.max(max, 0);
  return Array.from({ length: steps }, (_, i) => {
    const value = lo + ((hi - lo) * i) / (steps - 1);
    return { value: kind === 'count' ? Math.round(value) : value, colour: indicatorColour(kind, value, max) };
  });
}

/** CSS rgba() of a colour. */
export function css([r, g, b, a]: Rgba): string {
  return `rgba(${r}, ${g}, ${b}, ${Math.round((a / 255) * 100) / 100})`;
}

/** The timer colours on a dark background (the 数字城管 green / yellow / red). */
export const TIMER_CSS: Record<TimerColour, string> = { green: '#22c55e', yellow: '#facc15', red: '#ef4444' };

/** The tone of a comparison as CSS: better green, worse red, neutral grey-blue. */
export const TONE_CSS: Record<Tone, string> = { better: '#4ade80', worse: '#f87171', neutral: '#94a3b8' };
