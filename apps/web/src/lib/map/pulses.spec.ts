import type { LiveEvent } from '@gridlens/contracts';
import { describe, expect, it } from 'vitest';
import { PULSE_MAX_RADIUS, PULSE_MIN_RADIUS, PULSE_MS, PULSE_PERIOD_MS, pulseAlpha, pulseRadius, updatePulses } from './pulses';

const report = (caseId: string): LiveEvent => ({
  seq: 1,
  eventId: `e-${caseId}`,
  caseId,
  type: 'reported',
  at: '2026-11-28T09:00:00+08:00',
  category: 'E0505',
  lon: 119.9,
  lat: 31.7,
  regions: { city: '320400', district: null, street: null, community: null, grid: null },
  status: 'reported',
});

describe('pulses', () => {
  it('grows a ring from the point outwards once per period', () => {
    expect(pulseRadius(0)).toBe(PULSE_MIN_RADIUS);
    expect(pulseRadius(PULSE_PERIOD_MS / 2)).toBeCloseTo((PULSE_MIN_RADIUS + PULSE_MAX_RADIUS) / 2);
    expect(pulseRadius(PULSE_PERIOD_MS)).toBe(PULSE_MIN_RADIUS);
  });

  it('fades each ring and the whole pulse, gone after PULSE_MS', () => {
    expect(pulseAlpha(0)).toBe(255);
    expect(pulseAlpha(PULSE_PERIOD_MS * 0.9)).toBeLessThan(pulseAlpha(PULSE_PERIOD_MS * 0.1));
    expect(pulseAlpha(PULSE_PERIOD_MS * 4)).toBeLessThan(pulseAlpha(0));
    expect(pulseAlpha(PULSE_MS)).toBe(0);
  });

  it('keeps running pulses, drops finished ones and adds one per new report', () => {
    const running = updatePulses([], [report('a'), report('b')], 1000);
    expect(running.map((p) => [p.caseId, p.startMs])).toEqual([
      ['a', 1000],
      ['b', 1000],
    ]);
    const later = updatePulses(running, [report('c')], 1000 + PULSE_MS);
    expect(later.map((p) => p.caseId)).toEqual(['c']);
    expect(updatePulses(later, [], 1000 + 2 * PULSE_MS)).toEqual([]);
  });
});
