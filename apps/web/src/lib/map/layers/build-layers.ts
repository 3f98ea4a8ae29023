import type { Layer } from '@deck.gl/core';
import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { LiveEvent } from '@gridlens/contracts';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { RegionFeatureCollection, RegionProperties } from '../../api/client';
import { BOUNDARY_FILL, BOUNDARY_FILL_SELECTED, BOUNDARY_LINE, STATUS_COLORS } from '../colors';

/** Stable layer ids: deck.gl matches layers across renders by id. */
export const LAYER_IDS = {
  boundaries: 'region-boundaries',
  cases: 'case-points',
} as const;

export type LayerKey = keyof typeof LAYER_IDS;

/** Everything the layers depend on. Build it from the app's state classes; never mutate the arrays in place. */
export interface MapLayerState {
  /** Region polygons to outline (e.g. the districts), or null while loading. */
  regions: RegionFeatureCollection | null;
  /** One event per case (see latestByCase): the point's colour is its current status. */
  cases: readonly LiveEvent[];
  /** Which layers are switched on. */
  visible: Record<LayerKey, boolean>;
  /** Code of the highlighted region, if any. */
  selectedRegion: string | null;
}

export type RegionFeature = Feature<Polygon | MultiPolygon, RegionProperties>;

export const initialLayerState = (): MapLayerState => ({
  regions: null,
  cases: [],
  visible: { boundaries: true, cases: true },
  selectedRegion: null,
});

/**
 * The deck.gl layers for a state: a pure function, new descriptors every call (deck.gl diffs them by id and props).
 * Accessors that read state other than the datum name it in `updateTriggers`.
 */
export function buildLayers(state: MapLayerState): Layer[] {
  const layers: Layer[] = [];
  if (state.regions && state.visible.boundaries) {
    const selected = state.selectedRegion;
    layers.push(
      new GeoJsonLayer<RegionProperties>({
        id: LAYER_IDS.boundaries,
        data: state.regions,
        stroked: true,
        filled: true,
        pickable: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        getLineColor: BOUNDARY_LINE,
        getFillColor: (f) => ((f as RegionFeature).properties.code === selected ? BOUNDARY_FILL_SELECTED : BOUNDARY_FILL),
        updateTriggers: { getFillColor: [selected] },
      }),
    );
  }
  if (state.visible.cases && state.cases.length > 0) {
    layers.push(
      new ScatterplotLayer<LiveEvent>({
        id: LAYER_IDS.cases,
        data: state.cases as LiveEvent[],
        pickable: true,
        radiusUnits: 'pixels',
        getRadius: 4,
        radiusMinPixels: 2,
        stroked: false,
        getPosition: (d) => [d.lon, d.lat],
        getFillColor: (d) => STATUS_COLORS[d.status],
        // Colours come from a constant table: they change only when the data does.
        updateTriggers: { getFillColor: [] },
      }),
    );
  }
  return layers;
}
