/**
 * Page for binary-layers.browser.spec.ts (bundled by the spec with esbuild): the dashboard's own cell layers
 * (area-layers.ts) from binary data, for three districts and three grid cells in a fixed view, and what deck.gl
 * reports for a pick or a click at a pixel. No server: the data is made here.
 */
import { Deck, MapView, type PickingInfo } from '@deck.gl/core';
import type { GridResponse, RegionCountsResponse } from '@gridlens/contracts';
import type { RegionFeatureCollection } from '../../apps/web/src/lib/api/client';
import { cellAt, choroplethData, hexagonData, regionAt } from '../../apps/web/src/lib/map/area-data';
import { choroplethLayers, hexagonLayers } from '../../apps/web/src/lib/map/layers/area-layers';

const square = (x: number, y: number) => [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]];
const regions: RegionFeatureCollection = {
  type: 'FeatureCollection',
  features: ['r0', 'r1', 'r2'].map((code, i) => ({
    type: 'Feature',
    properties: { code, level: 'district', parent: null, nameZh: code, nameEn: code, synthetic: false },
    // r1 has a hole in its middle: a click there picks nothing
    geometry: {
      type: 'MultiPolygon',
      coordinates: [i === 1 ? [...square(119.9, 31.7), [[119.93, 31.73], [119.93, 31.77], [119.97, 31.77], [119.97, 31.73], [119.93, 31.73]]] : square(119.8 + i * 0.1, 31.7)],
    },
  })),
};
const counts: RegionCountsResponse = { seq: 1, level: 'district', counts: [{ code: 'r0', count: 1 }, { code: 'r1', count: 5 }, { code: 'r2', count: 9 }], total: 15 };

/** Three neighbouring 2 km hexagons of the server's layout in UTM 50N (srid 32650), around Changzhou. */
const grid: GridResponse = {
  cell: 'hex',
  size: 2000,
  srid: 32650,
  total: 12,
  cells: [
    { id: 'h:-361:1172', lon: 0, lat: 0, count: 2 },
    { id: 'h:-360:1172', lon: 0, lat: 0, count: 4 },
    { id: 'h:-359:1172', lon: 0, lat: 0, count: 6 },
  ],
};

export interface Picked {
  layer: string | null;
  index: number;
  region: string | null;
  cell: { id: string; count: number } | null;
}

declare global {
  interface Window {
    show(which: 'choropleth' | 'hexagons'): Promise<void>;
    /** Canvas pixel of a WGS84 point in the current view. */
    project(lon: number, lat: number): [number, number];
    /** WGS84 centre of the hexagon at `row` (the mean of its ring's six corners). */
    cellCentre(row: number): [number, number];
    pickAt(x: number, y: number): Picked;
    clicks: Picked[];
    ready: boolean;
  }
}

let deck: Deck<MapView> | null = null;
const choropleth = choroplethData(regions, counts, 1);
const hexagons = hexagonData(grid, 1);
const describe = (info: PickingInfo): Picked => ({
  layer: info.layer?.id ?? null,
  index: info.index,
  region: info.layer?.id === 'region-choropleth' ? (regionAt(choropleth, info.index)?.properties.code ?? null) : null,
  cell: info.layer?.id === 'grid-hexagons' ? cellAt(hexagons, info.index) : null,
});

window.clicks = [];
window.cellCentre = (row) => {
  const { startIndices, attributes } = hexagons.polygons;
  const ring = attributes.getPolygon.value.subarray(startIndices[row] * 2, (startIndices[row + 1] - 1) * 2);
  let lon = 0;
  let lat = 0;
  for (let v = 0; v < ring.length; v += 2) [lon, lat] = [lon + ring[v], lat + ring[v + 1]];
  return [lon / (ring.length / 2), lat / (ring.length / 2)];
};
window.project = (lon, lat) => deck!.getViewports()[0].project([lon, lat]) as [number, number];
window.show = (which) =>
  new Promise((resolve) => {
    const [longitude, latitude] = which === 'choropleth' ? [119.95, 31.75] : window.cellCentre(1);
    const view = { longitude, latitude, zoom: which === 'choropleth' ? 9 : 11 };
    deck?.finalize();
    const layers = which === 'choropleth' ? choroplethLayers(choropleth, 'r2') : hexagonLayers(hexagons, null);
    deck = new Deck<MapView>({
      parent: document.body as HTMLDivElement,
      views: new MapView({ repeat: false }),
      initialViewState: view,
      controller: true,
      layers,
      onClick: (info) => void window.clicks.push(describe(info)),
      onAfterRender: () => resolve(),
    });
  });
window.pickAt = (x, y) => {
  const info = deck!.pickObject({ x, y, radius: 0 });
  return info ? describe(info) : { layer: null, index: -1, region: null, cell: null };
};
window.ready = true;
