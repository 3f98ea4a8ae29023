import { describe, expect, it } from 'vitest';
import type { WallUnitFigures } from '@gridlens/contracts';
import type { RegionFeatureCollection } from '../api/client';
import { indicatorColour } from './colour-scales';
import { buildWallLayers, indicatorMax, indicatorValue, isWallIndicator, shortUnitName, type WallMapState } from './wall-map';

const rate = (n: number, d: number) => ({ numerator: n, denominator: d, value: d ? n / d : null });
const unit = (code: string, reported: number, overdue: number, closure: [number, number]): WallUnitFigures => ({
  code, name: { zh: code, en: code }, reportedToday: reported, overdueNow: overdue, closureRateMonth: rate(...closure), onTimeClosureRateMonth: rate(0, 0),
});
const square = (code: string, x: number) => ({
  type: 'Feature' as const,
  id: code,
  properties: { code, nameZh: `区${code}`, nameEn: code, level: 'district', parent: '320400', synthetic: false },
  geometry: { type: 'Polygon' as const, coordinates: [[[x, 31], [x + 1, 31], [x + 1, 32], [x, 32], [x, 31]]] },
});
const units = { type: 'FeatureCollection', features: [square('A', 119), square('B', 120)] } as unknown as RegionFeatureCollection;

function state(over: Partial<WallMapState> = {}): WallMapState {
  return {
    units, figures: [unit('A', 10, 2, [9, 10]), unit('B', 40, 0, [0, 0])], indicator: 'reportedToday', labelText: (code, name) => `${name} ${code}`,
    points: [], pulses: [], now: 0, scale: 1, labelSize: 15, pointsVersion: 0, ...over,
  };
}

describe('the wall map layers', () => {
  it('values and maxima per indicator', () => {
    const [a, b] = state().figures;
    expect(indicatorValue(a, 'overdueNow')).toBe(2);
    expect(indicatorValue(a, 'closureRateMonth')).toBe(0.9);
    expect(indicatorValue(b, 'closureRateMonth')).toBeNull();
    expect(indicatorMax([a, b], 'reportedToday')).toBe(40);
    expect(isWallIndicator('overdueNow')).toBe(true);
    expect(isWallIndicator('nope')).toBe(false);
  });

  it('stable ids; units filled by the chosen indicator; labels from the label function', () => {
    const layers = buildWallLayers(state());
    expect(layers.map((l) => l.id)).toEqual(['wall-units', 'wall-unit-labels', 'wall-points', 'wall-pulses']);
    const fill = (layers[0].props as Record<string, unknown>).getFillColor as (f: unknown) => unknown;
    expect(fill(units.features[1])).toEqual(indicatorColour('count', 40, 40));
    expect(fill(units.features[0])).toEqual(indicatorColour('count', 10, 40));
    const rates = buildWallLayers(state({ indicator: 'closureRateMonth' }));
    const rateFill = (rates[0].props as Record<string, unknown>).getFillColor as (f: unknown) => unknown;
    expect(rateFill(units.features[0])).toEqual(indicatorColour('rate', 0.9, 0));
    expect(rateFill(units.features[1])).toEqual(indicatorColour('rate', null, 0));
    expect(((layers[1].props as Record<string, unknown>).getText as (f: unknown) => string)(units.features[0])).toBe('区A A');
  });

  it('unit names lose their parent in front', () => {
    expect(shortUnitName('天宁区 第07街道（模拟）', '天宁区')).toBe('第07街道（模拟）');
    expect(shortUnitName('Tianning Street 7 (synthetic)', 'Tianning')).toBe('Street 7 (synthetic)');
    expect(shortUnitName('天宁区', '天宁区')).toBe('天宁区');
    expect(shortUnitName('金坛区', null)).toBe('金坛区');
    expect(shortUnitName('金坛区', '天宁区')).toBe('金坛区');
  });

  it('a change of indicator or figures changes the fill trigger; no units, no unit layers', () => {
    const a = buildWallLayers(state())[0].props.updateTriggers as Record<string, unknown>;
    const b = buildWallLayers(state({ indicator: 'overdueNow' }))[0].props.updateTriggers as Record<string, unknown>;
    const c = buildWallLayers(state({ figures: [unit('A', 11, 2, [9, 10])] }))[0].props.updateTriggers as Record<string, unknown>;
    expect(a.getFillColor).not.toEqual(b.getFillColor);
    expect(a.getFillColor).not.toEqual(c.getFillColor);
    expect(buildWallLayers(state({ units: null })).map((l) => l.id)).toEqual(['wall-points', 'wall-pulses']);
  });
});
