import { describe, expect, it } from 'vitest';
import { COUNT_RAMP, css, indicatorColour, legendStops, NO_VALUE, RATE_FLOOR, RATE_RAMP, rampAt } from './colour-scales';

describe('wall colour scales', () => {
  it('interpolates between ramp stops and clamps', () => {
    expect(rampAt(COUNT_RAMP, 0)).toEqual(COUNT_RAMP[0]);
    expect(rampAt(COUNT_RAMP, 1)).toEqual(COUNT_RAMP[COUNT_RAMP.length - 1]);
    expect(rampAt(COUNT_RAMP, -3)).toEqual(COUNT_RAMP[0]);
    expect(rampAt(COUNT_RAMP, 7)).toEqual(COUNT_RAMP[COUNT_RAMP.length - 1]);
    expect(rampAt([[0, 0, 0, 0], [100, 200, 50, 255]], 0.5)).toEqual([50, 100, 25, 128]);
  });

  it('counts scale to the largest district; rates over fixed bounds; no value grey', () => {
    expect(indicatorColour('count', 50, 100)).toEqual(rampAt(COUNT_RAMP, 0.5));
    expect(indicatorColour('count', 100, 100)).toEqual(COUNT_RAMP[COUNT_RAMP.length - 1]);
    expect(indicatorColour('count', 0, 0)).toEqual(COUNT_RAMP[0]);
    expect(indicatorColour('rate', 1, 0)).toEqual(RATE_RAMP[RATE_RAMP.length - 1]);
    expect(indicatorColour('rate', RATE_FLOOR, 0)).toEqual(RATE_RAMP[0]);
    expect(indicatorColour('rate', 0.1, 0)).toEqual(RATE_RAMP[0]);
    expect(indicatorColour('rate', null, 0)).toEqual(NO_VALUE);
  });

  it('legend stops span the scale', () => {
    expect(legendStops('count', 40).map((s) => s.value)).toEqual([0, 10, 20, 30, 40]);
    expect(legendStops('rate', 0, 3).map((s) => s.value)).toEqual([0.5, 0.75, 1]);
    expect(legendStops('rate', 0, 3)[2].colour).toEqual(RATE_RAMP[RATE_RAMP.length - 1]);
  });

  it('css', () => {
    expect(css([255, 0, 10, 255])).toBe('rgba(255, 0, 10, 1)');
    expect(css([0, 0, 0, 128])).toBe('rgba(0, 0, 0, 0.5)');
  });
});
