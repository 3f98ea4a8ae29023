import type { Layer } from '@deck.gl/core';
import type { RegionLevel } from '@gridlens/contracts';
import type { RegionFeatureCollection } from '../../api/client';
import type { ChoroplethData, HexagonData } from '../area-data';
import type { RegionLabel } from '../labels';
import type { PointLayerData } from '../point-table';
import type { Pulse } from '../pulses';
import { caseLayers, heatmapLayer } from './case-layers';
import { baseMapLayer, boundaryLayers, choroplethLayers, hexagonLayers, labelLayer } from './area-layers';

/** Stable layer ids: deck.gl matches layers across renders by id. Boundaries get one layer per level (`-<level>`). */
export const LAYER_IDS = {
  baseMap: 'base-map',
  choropleth: 'region-choropleth',
  heatmap: 'case-heatmap',
  hexagons: 'grid-hexagons',
  boundaries: 'region-boundaries',
  labels: 'region-labels',
  cases: 'case-points',
  pulses: 'case-pulses',
} as const;

export const boundaryLayerId = (level: RegionLevel) => `${LAYER_IDS.boundaries}-${level}`;

/** The switchable layers (their checkboxes are `layer-toggle-<key>`). */
export const LAYER_KEYS = ['boundaries', 'cases', 'heatmap', 'hexagons', 'choropleth'] as const;
export type LayerKey = (typeof LAYER_KEYS)[number];

export interface BoundaryLevel {
  level: RegionLevel;
  regions: RegionFeatureCollection;
}

/**
 * Everything the layers depend on. Build it from the app's state; never mutate what it holds (a new object per
 * change). Data objects must keep their identity between changes: buildLayers runs every animation frame while new
 * reports pulse, and deck.gl re-reads a layer's data only when `data` is a new object.
 */
export interface MapLayerState {
  /** XYZ raster tile template for a base map, or null (boundaries only). */
  tileUrl: string | null;
  /** Boundaries to outline, coarsest level first; the last one is filled (clickable). */
  boundaries: readonly BoundaryLevel[];
  /** Region names to write (districts), in the current language. */
  labels: readonly RegionLabel[];
  /** Case points as binary columns, or null while loading. */
  points: PointLayerData | null;
  /** New reports ringing, and the clock (performance.now() ms) their rings follow. */
  pulses: readonly Pulse[];
  now: number;
  hexagons: HexagonData | null;
  choropleth: ChoroplethData | null;
  visible: Record<LayerKey, boolean>;
  /** The clicked region code or grid cell id, highlighted. */
  selectedRegion: string | null;
  selectedCell: string | null;
}

export const initialLayerState = (): MapLayerState => ({
  tileUrl: null,
  boundaries: [],
  labels: [],
  points: null,
  pulses: [],
  now: 0,
  hexagons: null,
  choropleth: null,
  visible: { boundaries: true, cases: true, heatmap: false, hexagons: false, choropleth: false },
  selectedRegion: null,
  selectedCell: null,
});

/**
 * The deck.gl layers for a state, bottom to top: base map, choropleth, heatmap, hexagons, boundaries, labels, case
 * points, pulses. A pure function: new descriptors every call (deck.gl diffs them by id and props); accessors that
 * read state other than the datum name it in `updateTriggers`.
 */
export function buildLayers(state: MapLayerState): Layer[] {
  const { visible } = state;
  const layers: (Layer | null)[] = [
    state.tileUrl ? baseMapLayer(state.tileUrl) : null,
    ...(visible.choropleth && state.choropleth ? choroplethLayers(state.choropleth, state.selectedRegion) : []),
    visible.heatmap && state.points ? heatmapLayer(state.points) : null,
    ...(visible.hexagons && state.hexagons ? hexagonLayers(state.hexagons, state.selectedCell) : []),
    ...(visible.boundaries ? boundaryLayers(state.boundaries, state.selectedRegion) : []),
    visible.boundaries && state.labels.length ? labelLayer(state.labels) : null,
    ...(visible.cases && state.points ? caseLayers(state.points, state.pulses, state.now) : []),
  ];
  return layers.filter((l): l is Layer => l !== null);
}
