import type { Layer } from '@deck.gl/core';
import { TileLayer } from '@deck.gl/geo-layers';
import { BitmapLayer, GeoJsonLayer, PolygonLayer, TextLayer } from '@deck.gl/layers';
import type { RegionLevel } from '@gridlens/contracts';
import type { RegionProperties } from '../../api/client';
import type { CellShape, ChoroplethData, HexagonData } from '../area-data';
import { colorOfCount } from '../color-scale';
import { BOUNDARY_FILL, BOUNDARY_FILL_SELECTED, BOUNDARY_LINE, CELL_LINE, LABEL_COLOR, LABEL_OUTLINE, SELECTED_LINE, SYNTHETIC_LINE } from '../colors';
import type { RegionLabel } from '../labels';
import type { RegionFeature } from '../region-cache';
import type { BoundaryLevel } from './build-layers';

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

/** Grid cells of GET /api/v1/grid as polygons coloured by count. */
export function hexagonLayer(hexagons: HexagonData, selected: string | null): Layer {
  const { classes } = hexagons;
  return new PolygonLayer<CellShape>({
    id: 'grid-hexagons',
    data: hexagons.cells,
    pickable: true,
    stroked: true,
    filled: true,
    lineWidthUnits: 'pixels',
    getPolygon: (c) => c.polygon,
    getFillColor: (c) => colorOfCount(c.count, classes),
    getLineColor: (c) => (c.id === selected ? SELECTED_LINE : CELL_LINE),
    getLineWidth: (c) => (c.id === selected ? 3 : 1),
    updateTriggers: { getFillColor: [hexagons.version], getLineColor: [selected], getLineWidth: [selected] },
  });
}

/** Regions of one level filled by their case count. */
export function choroplethLayer(choropleth: ChoroplethData, selected: string | null): Layer {
  const { counts, classes } = choropleth;
  return new GeoJsonLayer<RegionProperties>({
    id: 'region-choropleth',
    data: choropleth.regions,
    pickable: true,
    stroked: true,
    filled: true,
    lineWidthUnits: 'pixels',
    getFillColor: (f) => colorOfCount(counts.get((f as RegionFeature).properties.code) ?? 0, classes),
    getLineColor: (f) => ((f as RegionFeature).properties.code === selected ? SELECTED_LINE : CELL_LINE),
    getLineWidth: (f) => ((f as RegionFeature).properties.code === selected ? 3 : 0.5),
    updateTriggers: { getFillColor: [choropleth.version], getLineColor: [selected], getLineWidth: [selected] },
  });
}
