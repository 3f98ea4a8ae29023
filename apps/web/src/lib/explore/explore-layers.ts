import type { Layer } from '@deck.gl/core';
import { GeoJsonLayer, PathLayer, SolidPolygonLayer } from '@deck.gl/layers';
import type { RegionFeatureCollection, RegionProperties } from '../api/client';
import { CELL_LINE, SELECTED_LINE, type Rgba } from '../map/colors';
import { baseMapLayer } from '../map/layers/area-layers';
import { caseLayers, heatmapLayer } from '../map/layers/case-layers';
import type { PointLayerData } from '../map/point-table';
import type { Ring } from '../map/grid-geometry';
import { pathData, polygonData, type CellTable } from './cell-table';
import type { RegionTable } from './region-table';

/** Layer ids the page picks by (clicks, tooltips) and the tests look for. */
export const EXPLORE_LAYER_IDS = {
  base: 'base-map',
  outlines: 'explore-district-outlines',
  cells: 'explore-cells',
  cellLines: 'explore-cell-lines',
  regions: 'explore-regions',
  heatmap: 'case-heatmap',
  points: 'case-points',
  selection: 'explore-selection',
} as const;

export interface ExploreLayerInput {
  tileUrl: string | null;
  /** District outlines under everything, for orientation. */
  outlines: RegionFeatureCollection | null;
  cells: CellTable | null;
  regions: RegionTable | null;
  points: PointLayerData | null;
  showPoints: boolean;
  showHeatmap: boolean;
  /** The selected cell's ring (or region's outline is drawn by the region layer). */
  selectedRing: Ring | null;
  selectedRegion: string | null;
}

const OUTLINE: Rgba = [148, 197, 255, 150];

/** The explorer's layers as a pure function of its state (new descriptors each time, stable ids). */
export function buildExploreLayers(input: ExploreLayerInput): Layer[] {
  const layers: Layer[] = [];
  if (input.tileUrl) layers.push(baseMapLayer(input.tileUrl));
  if (input.outlines) {
    layers.push(
      new GeoJsonLayer<RegionProperties>({
        id: EXPLORE_LAYER_IDS.outlines,
        data: input.outlines,
        stroked: true,
        filled: false,
        pickable: false,
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        getLineColor: OUTLINE,
      }),
    );
  }
  if (input.regions) {
    const { colors, version } = input.regions;
    const selected = input.selectedRegion;
    layers.push(
      new GeoJsonLayer<RegionProperties>({
        id: EXPLORE_LAYER_IDS.regions,
        data: input.regions.regions,
        pickable: true,
        stroked: true,
        filled: true,
        lineWidthUnits: 'pixels',
        getFillColor: (f) => colors.get((f as { properties: RegionProperties }).properties.code) ?? [0, 0, 0, 0],
        getLineColor: (f) => ((f as { properties: RegionProperties }).properties.code === selected ? SELECTED_LINE : CELL_LINE),
        getLineWidth: (f) => ((f as { properties: RegionProperties }).properties.code === selected ? 3 : 0.5),
        updateTriggers: { getFillColor: [version], getLineColor: [selected], getLineWidth: [selected] },
      }),
    );
  }
  if (input.cells && input.cells.length) {
    const table = input.cells;
    // Binary polygons: corners, start indices and per-vertex colours as typed arrays (no object per cell); the
    // outlines are the same corners drawn as paths.
    layers.push(
      new SolidPolygonLayer({
        id: EXPLORE_LAYER_IDS.cells,
        data: polygonData(table) as never,
        _normalize: false,
        _windingOrder: 'CCW',
        pickable: true,
        filled: true,
      }),
      new PathLayer({
        id: EXPLORE_LAYER_IDS.cellLines,
        data: pathData(table) as never,
        _pathType: 'open',
        pickable: false,
        widthUnits: 'pixels',
        getWidth: 0.5,
        getColor: CELL_LINE,
      }),
    );
  }
  if (input.showHeatmap && input.points) layers.push(heatmapLayer(input.points));
  if (input.showPoints && input.points) layers.push(...caseLayers(input.points, [], 0));
  if (input.selectedRing) {
    layers.push(
      new PathLayer<{ path: Ring }>({
        id: EXPLORE_LAYER_IDS.selection,
        data: [{ path: input.selectedRing }],
        getPath: (d) => d.path,
        getColor: SELECTED_LINE,
        getWidth: 3,
        widthUnits: 'pixels',
        pickable: false,
      }),
    );
  }
  return layers;
}
