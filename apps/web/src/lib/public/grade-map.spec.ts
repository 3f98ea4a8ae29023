import { describe, expect, it } from 'vitest';
import { CONTEXT_LAYER_ID, fillOf, GRADE_MAP_LAYER_ID, gradeByCode, gradeMapLayers, regionsBbox, type RegionFeatureOfPublic } from './grade-map';
import type { PublicRegions } from './public-api';
import { FIXTURE_RANKING, FIXTURE_SCHEME } from './ranking-fixture';
import { NO_GRADE } from './ranking-lists';

const square = (code: string, x: number, y: number): RegionFeatureOfPublic => ({
  type: 'Feature',
  properties: { code, name_zh: code, name_en: code },
  geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]] },
});
const REGIONS: PublicRegions = { type: 'FeatureCollection', features: [square('320402', 119, 31), square('320481', 120, 31.5), square('999999', 118.5, 30)] };

describe('the grade map', () => {
  it('fills each region with its grade colour, grey when absent or unranked', () => {
    const grades = gradeByCode(FIXTURE_RANKING.rows);
    const sorted = [...FIXTURE_SCHEME.grades].sort((a, b) => b.min - a.min);
    expect(fillOf(REGIONS.features[0], grades, sorted)).toEqual([26, 152, 80, 255]);
    expect(fillOf(REGIONS.features[1], grades, sorted)).toEqual([215, 48, 39, 255]);
    expect(fillOf(REGIONS.features[2], grades, sorted)).toBe(NO_GRADE);
  });

  it('is one pickable layer with a stable id, none before the boundaries arrive', () => {
    expect(gradeMapLayers(null, FIXTURE_RANKING.rows, FIXTURE_SCHEME.grades)).toEqual([]);
    const [layer] = gradeMapLayers(REGIONS, FIXTURE_RANKING.rows, FIXTURE_SCHEME.grades);
    expect(layer.id).toBe(GRADE_MAP_LAYER_ID);
    expect(layer.props.pickable).toBe(true);
  });

  it('draws the districts under streets and communities, unpickable', () => {
    const context: PublicRegions = { type: 'FeatureCollection', features: [square('320400', 117, 29)] };
    const layers = gradeMapLayers(REGIONS, FIXTURE_RANKING.rows, FIXTURE_SCHEME.grades, context);
    expect(layers.map((l) => l.id)).toEqual([CONTEXT_LAYER_ID, GRADE_MAP_LAYER_ID]);
    expect(layers[0].props.pickable).toBe(false);
    expect(regionsBbox(REGIONS, context)).toEqual([117, 29, 121, 32.5]);
  });

  it('frames every region', () => {
    expect(regionsBbox(REGIONS)).toEqual([118.5, 30, 121, 32.5]);
    expect(regionsBbox({ type: 'FeatureCollection', features: [] })).toBeNull();
  });
});
