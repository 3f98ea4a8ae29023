import { describe, expect, it } from 'vitest';
import { WebMercatorViewport } from '@deck.gl/core';
import { bboxParam, fitBbox, PANEL_PADDING, unionBbox, viewBbox } from './view-state';

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

describe('fitBbox with panel padding', () => {
  it('keeps the box out of the padded edges (under the filters, legends and KPI panels)', () => {
    const box: [number, number, number, number] = [119.4, 31.1, 120.2, 32.1];
    const [w, h] = [1600, 900];
    const viewport = new WebMercatorViewport({ ...fitBbox(box, w, h, PANEL_PADDING), width: w, height: h });
    const [left, top] = viewport.project([box[0], box[3]]);
    const [right, bottom] = viewport.project([box[2], box[1]]);
    expect(top).toBeGreaterThanOrEqual(PANEL_PADDING.top - 1);
    expect(left).toBeGreaterThanOrEqual(PANEL_PADDING.left - 1);
    expect(w - right).toBeGreaterThanOrEqual(PANEL_PADDING.right - 1);
    expect(h - bottom).toBeGreaterThanOrEqual(PANEL_PADDING.bottom - 1);
  });

  it('caps each side at a quarter of a small canvas', () => {
    const box: [number, number, number, number] = [119.4, 31.1, 120.2, 32.1];
    const viewport = new WebMercatorViewport({ ...fitBbox(box, 400, 300, PANEL_PADDING), width: 400, height: 300 });
    const [, top] = viewport.project([box[0], box[3]]);
    const [, bottom] = viewport.project([box[2], box[1]]);
    expect(top).toBeLessThanOrEqual(76);
    expect(bottom).toBeGreaterThan(top);
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
