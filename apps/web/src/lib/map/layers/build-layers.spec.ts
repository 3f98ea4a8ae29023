import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { CaseStatus, LiveEvent } from '@gridlens/contracts';
import { describe, expect, it } from 'vitest';
import type { RegionFeatureCollection } from '../../api/client';
import { latestByCase } from '../cases';
import { BOUNDARY_FILL, BOUNDARY_FILL_SELECTED, STATUS_COLORS } from '../colors';
import { buildLayers, initialLayerState, LAYER_IDS, type MapLayerState, type RegionFeature } from './build-layers';

const square = (x: number, y: number): [number, number][][] => [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]];

const districts: RegionFeatureCollection = {
  type: 'FeatureCollection',
  features: ['320402', '320404'].map((code, i) => ({
    type: 'Feature',
    id: code,
    properties: { code, level: 'district', parent: '320400', nameZh: `区${i}`, nameEn: `D${i}`, synthetic: false },
    geometry: { type: 'Polygon', coordinates: square(119.9 + i / 10, 31.7) },
  })),
};

let seq = 0;
function event(caseId: string, status: CaseStatus, lon = 119.97, lat = 31.78): LiveEvent {
  seq += 1;
  return {
    seq,
    eventId: `${caseId}-${seq}`,
    caseId,
    type: status === 'reported' ? 'reported' : 'registered',
    at: '2026-03-02T01:30:00.000Z',
    category: 'E0505',
    lon,
    lat,
    regions: { city: '320400', district: '320402', street: null, community: null, grid: null },
    status,
  };
}

/** A layer's props as plain data (deck.gl's generic prop types do not name the sub-layer accessors). */
const props = (layer: { props: unknown }) => layer.props as Record<string, unknown>;

const state = (patch: Partial<MapLayerState>): MapLayerState => ({ ...initialLayerState(), ...patch });

describe('buildLayers', () => {
  it('draws nothing before data arrives', () => {
    expect(buildLayers(initialLayerState())).toEqual([]);
  });

  it('outlines the regions in a GeoJsonLayer with a stable id', () => {
    const [layer] = buildLayers(state({ regions: districts }));
    expect(layer).toBeInstanceOf(GeoJsonLayer);
    expect(layer.id).toBe(LAYER_IDS.boundaries);
    expect(layer.props.data).toBe(districts);
    expect(layer.props.pickable).toBe(true);
    expect(layer.props).toMatchObject({ stroked: true, filled: true, lineWidthUnits: 'pixels' });
  });

  it('highlights the selected region and names it in updateTriggers', () => {
    const [layer] = buildLayers(state({ regions: districts, selectedRegion: '320404' }));
    const getFill = props(layer).getFillColor as (f: RegionFeature) => unknown;
    const [a, b] = districts.features as RegionFeature[];
    expect(getFill(a)).toEqual(BOUNDARY_FILL);
    expect(getFill(b)).toEqual(BOUNDARY_FILL_SELECTED);
    expect(layer.props.updateTriggers).toEqual({ getFillColor: ['320404'] });
  });

  it('draws one point per case, coloured by its current status', () => {
    const events = [event('c1', 'reported', 119.95, 31.7), event('c2', 'reported'), event('c1', 'registered', 119.95, 31.7)];
    const cases = latestByCase(events);
    expect(cases.map((e) => [e.caseId, e.status])).toEqual([
      ['c2', 'reported'],
      ['c1', 'registered'],
    ]);

    const layers = buildLayers(state({ regions: districts, cases }));
    expect(layers.map((l) => l.id)).toEqual([LAYER_IDS.boundaries, LAYER_IDS.cases]);
    const points = layers[1];
    expect(points).toBeInstanceOf(ScatterplotLayer);
    expect(points.props.data).toBe(cases);
    expect(points.props).toMatchObject({ radiusUnits: 'pixels', pickable: true });
    const getPosition = props(points).getPosition as (d: LiveEvent) => number[];
    const getFillColor = props(points).getFillColor as (d: LiveEvent) => unknown;
    expect(getPosition(cases[1])).toEqual([119.95, 31.7]);
    expect(getFillColor(cases[0])).toEqual(STATUS_COLORS.reported);
    expect(getFillColor(cases[1])).toEqual(STATUS_COLORS.registered);
  });

  it('leaves out switched-off layers and keeps the ids of the others', () => {
    const cases = latestByCase([event('c3', 'closed')]);
    const onlyCases = buildLayers(state({ regions: districts, cases, visible: { boundaries: false, cases: true } }));
    expect(onlyCases.map((l) => l.id)).toEqual([LAYER_IDS.cases]);
    const onlyBoundaries = buildLayers(state({ regions: districts, cases, visible: { boundaries: true, cases: false } }));
    expect(onlyBoundaries.map((l) => l.id)).toEqual([LAYER_IDS.boundaries]);
  });

  it('is pure: the same state gives equal descriptors, new objects each time', () => {
    const s = state({ regions: districts, cases: latestByCase([event('c4', 'dispatched')]) });
    const first = buildLayers(s);
    const second = buildLayers(s);
    expect(second).not.toBe(first);
    expect(second[0]).not.toBe(first[0]);
    expect(second.map((l) => [l.id, l.props.data])).toEqual(first.map((l) => [l.id, l.props.data]));
  });
});
