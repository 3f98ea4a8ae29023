import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import type { Layer } from '@deck.gl/core';
import { TileLayer } from '@deck.gl/geo-layers';
import { GeoJsonLayer, PathLayer, ScatterplotLayer, SolidPolygonLayer, TextLayer } from '@deck.gl/layers';
import type { GridResponse, RegionLevel } from '@gridlens/contracts';
import { describe, expect, it } from 'vitest';
import type { RegionFeatureCollection } from '../../api/client';
import { cellRing, choroplethData, hexagonData } from '../area-data';
import { BOUNDARY_FILL, BOUNDARY_FILL_SELECTED, BOUNDARY_LINE, SELECTED_LINE, SYNTHETIC_LINE } from '../colors';
import { regionLabels } from '../labels';
import { pointLayerData, pointTableFromRows } from '../point-table';
import type { Pulse } from '../pulses';
import type { RegionFeature } from '../region-cache';
import { boundaryLayerId, buildLayers, initialLayerState, LAYER_IDS, LAYER_KEYS, type MapLayerState } from './build-layers';

const square = (x: number, y: number): [number, number][][] => [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]];

function regions(level: RegionLevel, codes: string[], synthetic = false): RegionFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: codes.map((code, i) => ({
      type: 'Feature',
      id: code,
      properties: { code, level, parent: '320400', nameZh: `区${i}`, nameEn: `D${i}`, synthetic },
      geometry: { type: 'Polygon', coordinates: square(119.9 + i / 10, 31.7) },
    })),
  };
}
const districts = regions('district', ['320402', '320404']);
const streets = regions('street', ['320402001', '320402002'], true);

const points = pointLayerData(
  pointTableFromRows(
    [
      { caseId: 'c1', lon: 119.95, lat: 31.75, status: 'reported', category: 'E0505', reportedAtMs: 0 },
      { caseId: 'c2', lon: 119.96, lat: 31.76, status: 'closed', category: 'E0505', reportedAtMs: 0 },
    ],
    10,
  ),
);

const grid: GridResponse = {
  cell: 'hex',
  size: 500,
  srid: 32650,
  total: 9,
  cells: [
    { id: 'h:1000:7000', lon: 0, lat: 0, count: 1 },
    { id: 'h:1001:7000', lon: 0, lat: 0, count: 8 },
  ],
};

/** A layer's props as plain data (deck.gl's generic prop types do not name the sub-layer accessors). */
const props = (layer: { props: unknown }) => layer.props as Record<string, unknown>;
const state = (patch: Partial<MapLayerState>): MapLayerState => ({ ...initialLayerState(), ...patch });
const allOn = Object.fromEntries(LAYER_KEYS.map((k) => [k, true])) as MapLayerState['visible'];
const find = (layers: Layer[], id: string) => layers.find((l) => l.id === id);

describe('buildLayers', () => {
  it('draws nothing before data arrives', () => {
    expect(buildLayers(initialLayerState())).toEqual([]);
  });

  it('stacks every layer in a fixed order, bottom to top, with stable ids', () => {
    const full = state({
      tileUrl: 'https://tiles.example/{z}/{x}/{y}.png',
      boundaries: [
        { level: 'district', regions: districts },
        { level: 'street', regions: streets },
      ],
      labels: regionLabels(districts.features as RegionFeature[], 'zh'),
      points,
      pulses: [{ caseId: 'c1', lon: 119.95, lat: 31.75, startMs: 0 }],
      now: 100,
      hexagons: hexagonData(grid, 1),
      choropleth: choroplethData(districts, { seq: 1, level: 'district', counts: [{ code: '320402', count: 3 }], total: 3 }, 1),
      visible: allOn,
    });
    expect(buildLayers(full).map((l) => l.id)).toEqual([
      LAYER_IDS.baseMap,
      LAYER_IDS.choropleth,
      LAYER_IDS.heatmap,
      LAYER_IDS.hexagons,
      `${LAYER_IDS.hexagons}-outline`,
      boundaryLayerId('district'),
      boundaryLayerId('street'),
      LAYER_IDS.labels,
      LAYER_IDS.cases,
      LAYER_IDS.pulses,
    ]);
  });

  it('leaves out each switched-off layer and keeps the others', () => {
    const full = state({ boundaries: [{ level: 'district', regions: districts }], points, hexagons: hexagonData(grid, 1), visible: allOn });
    for (const key of LAYER_KEYS) {
      const ids = buildLayers({ ...full, visible: { ...allOn, [key]: false } }).map((l) => l.id);
      const gone = { boundaries: boundaryLayerId('district'), cases: LAYER_IDS.cases, heatmap: LAYER_IDS.heatmap, hexagons: LAYER_IDS.hexagons, choropleth: LAYER_IDS.choropleth }[key];
      expect(ids).not.toContain(gone);
    }
    expect(buildLayers({ ...full, visible: { ...allOn, cases: false } }).map((l) => l.id)).toContain(LAYER_IDS.heatmap);
  });

  it('outlines each boundary level; only the finest is filled, clickable and shows the selection', () => {
    const layers = buildLayers(
      state({
        boundaries: [
          { level: 'district', regions: districts },
          { level: 'street', regions: streets },
        ],
        selectedRegion: '320402002',
      }),
    );
    const [district, street] = layers;
    expect(district).toBeInstanceOf(GeoJsonLayer);
    expect(district.props.data).toBe(districts);
    expect(district.props).toMatchObject({ stroked: true, filled: false, pickable: false, lineWidthUnits: 'pixels' });
    expect(street.props).toMatchObject({ filled: true, pickable: true });
    expect(street.props.updateTriggers).toEqual({ getFillColor: ['320402002'] });
    const [s1, s2] = streets.features as RegionFeature[];
    const fill = props(street).getFillColor as (f: RegionFeature) => unknown;
    expect(fill(s1)).toEqual(BOUNDARY_FILL);
    expect(fill(s2)).toEqual(BOUNDARY_FILL_SELECTED);
    // synthetic regions draw in their own colour; surveyed ones in the boundary colour
    expect((props(street).getLineColor as (f: RegionFeature) => unknown)(s1)).toEqual(SYNTHETIC_LINE);
    expect((props(district).getLineColor as (f: RegionFeature) => unknown)(districts.features[0] as RegionFeature)).toEqual(BOUNDARY_LINE);
  });

  it('writes region names with a CJK-capable text layer', () => {
    const labels = regionLabels(districts.features as RegionFeature[], 'zh');
    const layer = find(buildLayers(state({ labels })), LAYER_IDS.labels)!;
    expect(layer).toBeInstanceOf(TextLayer);
    expect(layer.props.data).toBe(labels);
    expect(props(layer)).toMatchObject({ characterSet: 'auto', pickable: false });
    expect((props(layer).getText as (l: (typeof labels)[0]) => string)(labels[0])).toBe('区0');
  });

  it('draws case points from binary columns, re-read when the table version changes', () => {
    const [layer] = buildLayers(state({ points }));
    expect(layer).toBeInstanceOf(ScatterplotLayer);
    expect(layer.id).toBe(LAYER_IDS.cases);
    expect(layer.props.data).toBe(points);
    expect(props(layer).data).toMatchObject({ length: 2, attributes: { getPosition: { size: 2 }, getFillColor: { size: 4 } } });
    expect(layer.props).toMatchObject({ pickable: true, radiusUnits: 'pixels' });
    expect(layer.props.updateTriggers).toEqual({ getPosition: [points.version], getFillColor: [points.version] });
  });

  it('rings new reports with a radius that follows the clock (updateTriggers = now)', () => {
    const pulses: Pulse[] = [{ caseId: 'c9', lon: 120, lat: 31.8, startMs: 1000 }];
    const at = (now: number) => find(buildLayers(state({ points, pulses, now })), LAYER_IDS.pulses)!;
    const early = at(1100);
    const later = at(1900);
    expect(early).toBeInstanceOf(ScatterplotLayer);
    expect(early.props.data).toBe(pulses);
    expect(early.props.updateTriggers).toEqual({ getRadius: [1100], getLineColor: [1100] });
    const radius = (layer: typeof early) => (props(layer).getRadius as (p: Pulse) => number)(pulses[0]);
    expect(radius(later)).toBeGreaterThan(radius(early));
    expect(buildLayers(state({ points, pulses: [] })).map((l) => l.id)).toEqual([LAYER_IDS.cases]);
  });

  it('feeds the heatmap the same position column', () => {
    const layer = find(buildLayers(state({ points, visible: { ...allOn, cases: false } })), LAYER_IDS.heatmap)!;
    expect(layer).toBeInstanceOf(HeatmapLayer);
    expect(layer.props.data).toBe(points.positionsOnly);
    expect(points.positionsOnly.attributes.getPosition.value).toBe(points.attributes.getPosition.value);
  });

  it('draws grid cells from binary attributes (no accessor functions), outlined, the selected one on top', () => {
    const hexagons = hexagonData(grid, 7);
    const layers = buildLayers(state({ hexagons, visible: allOn, selectedCell: 'h:1001:7000' }));
    const fill = find(layers, LAYER_IDS.hexagons)!;
    expect(fill).toBeInstanceOf(SolidPolygonLayer);
    expect(fill.props.data).toBe(hexagons.polygons);
    expect(fill.props.pickable).toBe(true);
    expect(props(fill).getFillColor).not.toBeTypeOf('function');
    expect(Object.keys(hexagons.polygons.attributes)).toEqual(['getPolygon', 'getFillColor']);
    expect(fill.props.updateTriggers).toEqual({ getPolygon: [7], getFillColor: [7] });
    const outline = find(layers, `${LAYER_IDS.hexagons}-outline`)!;
    expect(outline).toBeInstanceOf(PathLayer);
    expect(outline.props.data).toBe(hexagons.outlines);
    expect(outline.props.pickable).toBe(false);
    const selected = find(layers, `${LAYER_IDS.hexagons}-selected`)!;
    expect(selected).toBeInstanceOf(PathLayer);
    expect(props(selected).getColor).toEqual(SELECTED_LINE);
    expect(selected.props.data).toEqual([{ path: cellRing(hexagons, 'h:1001:7000') }]);
    const ids = (selectedCell: string | null) => buildLayers(state({ hexagons, visible: allOn, selectedCell })).map((l) => l.id);
    expect(ids('h:9:9')).not.toContain(`${LAYER_IDS.hexagons}-selected`);
    expect(ids(null)).not.toContain(`${LAYER_IDS.hexagons}-selected`);
  });

  it('fills regions by their case count in the choropleth, from a binary feature collection', () => {
    const choropleth = choroplethData(districts, { seq: 1, level: 'district', counts: [{ code: '320404', count: 5 }], total: 5 }, 3);
    const layers = buildLayers(state({ choropleth, visible: allOn, selectedRegion: '320404' }));
    const layer = find(layers, LAYER_IDS.choropleth)!;
    expect(layer).toBeInstanceOf(GeoJsonLayer);
    expect(layer.props.pickable).toBe(true);
    expect(layer.props.data).toBe(choropleth.binary);
    expect(props(layer).getFillColor).not.toBeTypeOf('function');
    expect(choropleth.binary.polygons.attributes.getFillColor.value).toBeInstanceOf(Uint8Array);
    expect(layer.props.updateTriggers).toMatchObject({ getFillColor: [3] });
    const selected = find(layers, `${LAYER_IDS.choropleth}-selected`)!;
    expect(selected.props.data).toEqual([{ path: (districts.features[1].geometry as { coordinates: number[][][] }).coordinates[0] }]);
  });

  it('puts a raster base map under everything only when a tile URL is configured', () => {
    expect(buildLayers(state({ points })).map((l) => l.id)).not.toContain(LAYER_IDS.baseMap);
    const [base] = buildLayers(state({ points, tileUrl: 'https://tiles.example/{z}/{x}/{y}.png' }));
    expect(base).toBeInstanceOf(TileLayer);
    expect(base.props.data).toBe('https://tiles.example/{z}/{x}/{y}.png');
  });

  it('is pure: the same state gives equal descriptors, new objects each time, same data objects', () => {
    const s = state({ boundaries: [{ level: 'district', regions: districts }], points, hexagons: hexagonData(grid, 1), visible: allOn });
    const first = buildLayers(s);
    const second = buildLayers(s);
    expect(second).not.toBe(first);
    expect(second[0]).not.toBe(first[0]);
    expect(second.map((l) => [l.id, l.props.data])).toEqual(first.map((l) => [l.id, l.props.data]));
    second.forEach((l, i) => expect(l.props.data).toBe(first[i].props.data));
  });
});
