import type { LiveEvent } from '@gridlens/contracts';

/** A new report's ring: where, and when it arrived on this screen (performance.now() milliseconds). */
export interface Pulse {
  caseId: string;
  lon: number;
  lat: number;
  startMs: number;
}

/** How long a new report pulses, and how long one ring takes to grow. */
export const PULSE_MS = 10_000;
export const PULSE_PERIOD_MS = 1_500;
export const PULSE_MIN_RADIUS = 4;
export const PULSE_MAX_RADIUS = 22;

/** Radius in pixels at an age: grows from the point's size outwards, once per period. */
export function pulseRadius(ageMs: number): number {
  const phase = (((ageMs % PULSE_PERIOD_MS) + PULSE_PERIOD_MS) % PULSE_PERIOD_MS) / PULSE_PERIOD_MS;
  return PULSE_MIN_RADIUS + (PULSE_MAX_RADIUS - PULSE_MIN_RADIUS) * phase;
}

/** Opacity 0–255 at an age: each ring fades as it grows, and the whole pulse fades out over PULSE_MS. */
export function pulseAlpha(ageMs: number): number {
  if (ageMs < 0 || ageMs >= PULSE_MS) return 0;
  const phase = (ageMs % PULSE_PERIOD_MS) / PULSE_PERIOD_MS;
  return Math.round(255 * (1 - phase) * (1 - ageMs / PULSE_MS));
}

/** The pulses still running at `now`, plus new ones for `reported` (one per case; the newest wins). */
export function updatePulses(pulses: readonly Pulse[], reported: readonly LiveEvent[], now: number): Pulse[] {
  const next = new Map<string, Pulse>();
  for (const p of pulses) if (now - p.startMs < PULSE_MS) next.set(p.caseId, p);
  for (const e of reported) next.set(e.caseId, { caseId: e.caseId, lon: e.lon, lat: e.lat, startMs: now });
  return [...next.values()];
}
