import { describe, expect, it } from 'vitest';
import { bboxParam, fitBbox, unionBbox, viewBbox } from './view-state';

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

describe('viewBbox', () => {
  it('is the box a fitted view shows, containing the fitted box', () => {
    const box: [number, number, number, number] = [119.4, 31.1, 120.2, 32.1];
    const view = fitBbox(box, 1280, 800);
    const shown = viewBbox(view, 1280, 800);
    expect(shown[0]).toBeLessThanOrEqual(box[0]);
    expect(shown[1]).toBeLessThanOrEqual(box[1]);
    expect(shown[2]).toBeGreaterThanOrEqual(box[2]);
    expect(shown[3]).toBeGreaterThanOrEqual(box[3]);
    expect(shown[2] - shown[0]).toBeLessThan(3);
  });

  it('stays within Web Mercator bounds at world zoom, and prints as the API parameter', () => {
    const shown = viewBbox({ longitude: 0, latitude: 0, zoom: 0 }, 2000, 2000);
    expect(shown).toEqual([-180, -85, 180, 85]);
    expect(bboxParam([119.4, 31.1, 120.2, 32.1])).toBe('119.400000,31.100000,120.200000,32.100000');
  });
});
