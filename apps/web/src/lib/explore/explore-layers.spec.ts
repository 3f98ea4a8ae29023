import { latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { pointLayerData, pointTableFromRows } from '../map/point-table';
import { cellTable, ringAt } from './cell-table';
import { buildExploreLayers, EXPLORE_LAYER_IDS, type ExploreLayerInput } from './explore-layers';

const EMPTY: ExploreLayerInput = { tileUrl: null, outlines: null, cells: null, regions: null, points: null, showPoints: false, showHeatmap: false, selectedRing: null, selectedRegion: null };

describe('explorer layers', () => {
  it('draw cells from binary polygons and keep stable ids', () => {
    const ids = [latLngToCell(31.78, 119.97, 8), latLngToCell(31.8, 119.99, 8)];
    const table = cellTable({ id: ids, count: [3, 4] }, { kind: 'h3' }, () => [200, 0, 0, 255], () => true, 5);
    const layers = buildExploreLayers({ ...EMPTY, cells: table, selectedRing: ringAt(table, 0) });
    expect(layers.map((l) => l.id)).toEqual([EXPLORE_LAYER_IDS.cells, EXPLORE_LAYER_IDS.cellLines, EXPLORE_LAYER_IDS.selection]);
    const cells = layers[0].props as unknown as { data: { length: number; startIndices: Uint32Array; attributes: { getPolygon: { value: Float64Array } } }; _normalize: boolean };
    expect(cells.data.length).toBe(2);
    expect(cells.data.attributes.getPolygon.value).toBe(table.positions);
    expect(cells._normalize).toBe(false);
    // the same data object for the same table: a new selection does not re-tessellate the cells
    const again = buildExploreLayers({ ...EMPTY, cells: table, selectedRing: null });
    expect(again[0].props.data).toBe(layers[0].props.data);
    expect(again[1].props.data).toBe(layers[1].props.data);
  });

  it('overlay the heatmap and points from the same binary columns, points on top', () => {
    const table = pointTableFromRows([{ caseId: 'a', lon: 119.9, lat: 31.7, status: 'reported', category: 'E0505', reportedAtMs: 1 }], 1);
    const points = pointLayerData(table);
    const ids = buildExploreLayers({ ...EMPTY, points, showPoints: true, showHeatmap: true, tileUrl: 'https://t/{z}/{x}/{y}.png' }).map((l) => l.id);
    expect(ids).toEqual([EXPLORE_LAYER_IDS.base, EXPLORE_LAYER_IDS.heatmap, EXPLORE_LAYER_IDS.points]);
    expect(buildExploreLayers({ ...EMPTY, points }).map((l) => l.id)).toEqual([]);
  });
});
