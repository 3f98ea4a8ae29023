import type { Layer } from '@deck.gl/core';
import { TileLayer } from '@deck.gl/geo-layers';
import { BitmapLayer, GeoJsonLayer, PathLayer, SolidPolygonLayer, TextLayer } from '@deck.gl/layers';
import type { RegionLevel } from '@gridlens/contracts';
import type { RegionProperties } from '../../api/client';
import { cellRing, type ChoroplethData, type HexagonData } from '../area-data';
import { BOUNDARY_FILL, BOUNDARY_FILL_SELECTED, BOUNDARY_LINE, CELL_LINE, LABEL_COLOR, LABEL_OUTLINE, SELECTED_LINE, SYNTHETIC_LINE } from '../colors';
import type { RegionLabel } from '../labels';
import type { RegionFeature } from '../region-cache';
import type { BoundaryLevel } from './build-layers';

const HEXAGONS_ID = 'grid-hexagons';
const CHOROPLETH_ID = 'region-choropleth';

/** Line width in pixels per boundary level: coarser levels draw heavier. */
export const BOUNDARY_WIDTH: Record<RegionLevel, number> = { city: 2.5, district: 2, street: 1.2, community: 0.8, grid: 0.5 };

/** Raster tiles under everything (only when MAP_TILE_URL is set: the tests run offline, with none). */
export function baseMapLayer(url: string): Layer {
  return new TileLayer({
    id: 'base-map',
    data: url,
    minZoom: 0,
    maxZoom: 19,
    tileSize: 256,
    renderSubLayers: (props) => {
      const [[west, south], [east, north]] = props.tile.boundingBox;
      return new BitmapLayer({ ...props, data: undefined, image: props.data as string, bounds: [west, south, east, north] });
    },
  });
}

/** One outline layer per level; only the finest is filled (clickable) and shows the selection. */
export function boundaryLayers(levels: readonly BoundaryLevel[], selected: string | null): Layer[] {
  return levels.map(({ level, regions }, i) => {
    const finest = i === levels.length - 1;
    return new GeoJsonLayer<RegionProperties>({
      id: `region-boundaries-${level}`,
      data: regions,
      stroked: true,
      filled: finest,
      pickable: finest,
      lineWidthUnits: 'pixels',
      getLineWidth: BOUNDARY_WIDTH[level],
      getLineColor: (f) => ((f as RegionFeature).properties.synthetic ? SYNTHETIC_LINE : BOUNDARY_LINE),
      getFillColor: (f) => ((f as RegionFeature).properties.code === selected ? BOUNDARY_FILL_SELECTED : BOUNDARY_FILL),
      updateTriggers: { getFillColor: [selected] },
    });
  });
}

/** Region names (districts) at their label points; glyphs for CJK are generated from the text itself. */
export function labelLayer(labels: readonly RegionLabel[]): Layer {
  return new TextLayer<RegionLabel>({
    id: 'region-labels',
    data: labels as RegionLabel[],
    characterSet: 'auto',
    fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif',
    fontSettings: { sdf: true },
    outlineWidth: 2,
    outlineColor: LABEL_OUTLINE,
    getPosition: (l) => l.position,
    getText: (l) => l.text,
    getSize: 14,
    getColor: LABEL_COLOR,
    pickable: false,
  });
}

/**
 * Grid cells of GET /api/v1/grid from binary data (area-data.ts: rings in one Float64Array, a fill colour per
 * vertex): filled cells (pickable: the picked index is the cell's row), their outlines, and the selected cell's
 * outline on top. No accessor functions: deck.gl uploads the typed arrays as they are.
 */
export function hexagonLayers(hexagons: HexagonData, selected: string | null): Layer[] {
  const layers: Layer[] = [
    new SolidPolygonLayer({
      id: HEXAGONS_ID,
      data: hexagons.polygons,
      pickable: true,
      filled: true,
      _normalize: false, // closed, counter-clockwise rings
      _windingOrder: 'CCW',
      updateTriggers: { getPolygon: [hexagons.version], getFillColor: [hexagons.version] },
    }),
    new PathLayer({
      id: `${HEXAGONS_ID}-outline`,
      data: hexagons.outlines,
      pickable: false,
      _pathType: 'open', // the rings are closed already
      widthUnits: 'pixels',
      getWidth: 1,
      getColor: CELL_LINE,
      updateTriggers: { getPath: [hexagons.version] },
    }),
  ];
  const ring = selected ? cellRing(hexagons, selected) : null;
  if (ring) layers.push(selectedOutline(`${HEXAGONS_ID}-selected`, [{ path: ring }]));
  return layers;
}

function selectedOutline(id: string, paths: { path: Float64Array | number[][] }[]): Layer {
  return new PathLayer<{ path: Float64Array | number[][] }>({
    id,
    data: paths,
    pickable: false,
    positionFormat: 'XY',
    widthUnits: 'pixels',
    getWidth: 3,
    getColor: SELECTED_LINE,
    getPath: (p) => p.path as never,
  });
}

/**
 * Regions of one level filled by their case count: a binary feature collection (area-data.ts, region-polygons.ts)
 * with the fill colour as a per-vertex attribute; the picked index is the feature's index in `choropleth.regions`.
 * The selected region is outlined by a layer of its own.
 */
export function choroplethLayers(choropleth: ChoroplethData, selected: string | null): Layer[] {
  const layers: Layer[] = [
    new GeoJsonLayer({
      id: CHOROPLETH_ID,
      data: choropleth.binary as never,
      pickable: true,
      stroked: true,
      filled: true,
      lineWidthUnits: 'pixels',
      getLineColor: CELL_LINE,
      getLineWidth: 0.5,
      updateTriggers: { getFillColor: [choropleth.version] },
      // Picks come from the fill alone: the outlines are thousands of path segments, and deck.gl picks on every
      // pointerdown, which with software WebGL took long enough to turn clicks into long presses.
      _subLayerProps: { 'polygons-stroke': { pickable: false } },
    }),
  ];
  const feature = selected ? choropleth.regions.features.find((f) => f.properties.code === selected) : undefined;
  if (feature) {
    const rings = feature.geometry.type === 'Polygon' ? feature.geometry.coordinates : feature.geometry.coordinates.flat();
    layers.push(selectedOutline(`${CHOROPLETH_ID}-selected`, rings.map((path) => ({ path }))));
  }
  return layers;
}
