import { describe, expect, it } from 'vitest';
import { fitBbox, unionBbox } from './view-state';

describe('fitBbox', () => {
  it('centres the view on the bbox at a city-scale zoom', () => {
    const view = fitBbox([119.4, 31.1, 120.2, 32.1], 1280, 800);
    expect(view.longitude).toBeCloseTo(119.8, 1);
    expect(view.latitude).toBeGreaterThan(31.1);
    expect(view.latitude).toBeLessThan(32.1);
    expect(view.zoom).toBeGreaterThan(8);
    expect(view.zoom).toBeLessThan(11);
  });

  it('zooms in further for a smaller box', () => {
    expect(fitBbox([119.9, 31.7, 120.0, 31.8], 1280, 800).zoom).toBeGreaterThan(fitBbox([119.4, 31.1, 120.2, 32.1], 1280, 800).zoom);
  });
});

describe('unionBbox', () => {
  it('joins boxes and is null for none', () => {
    expect(unionBbox([])).toBeNull();
    expect(unionBbox([[1, 2, 3, 4], [0, 3, 2, 5]])).toEqual([0, 2, 3, 5]);
  });
});
