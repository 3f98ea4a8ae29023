import type { GridResponse, RegionCountsResponse, RegionLevel } from '@gridlens/contracts';
import type { RegionFeatureCollection } from '../api/client';
import { gridColumnsFromJson, type GridColumns } from './arrow-grid';
import { countClasses, type CountClass } from './color-scale';
import { cellPolygon, type Ring } from './grid-geometry';

/** One cell of GET /api/v1/grid with its polygon (computed once per answer, not per render). */
export interface CellShape {
  id: string;
  count: number;
  lon: number;
  lat: number;
  polygon: Ring;
}

export interface HexagonData {
  /** Changes with every answer (the layer's updateTriggers). */
  version: number;
  cell: 'hex' | 'square';
  size: number;
  srid: number;
  cells: CellShape[];
  classes: CountClass[];
}

/** The grid answer (its Arrow columns, or JSON) as drawable cells with the colour classes of its counts. */
export function hexagonData(answer: GridColumns | GridResponse, version: number): HexagonData {
  const grid = 'cells' in answer ? gridColumnsFromJson(answer) : answer;
  const cells: CellShape[] = [];
  // srid 4326 = no city yet (the server answers no cells): nothing to shape
  if (grid.srid !== 4326) {
    const { id, lon, lat, count } = grid;
    for (let i = 0; i < id.length; i++) {
      const polygon = cellPolygon(id[i], grid.size, grid.srid);
      if (polygon) cells.push({ id: id[i], count: count[i], lon: lon[i], lat: lat[i], polygon });
    }
  }
  const max = cells.reduce((m, c) => Math.max(m, c.count), 0);
  return { version, cell: grid.cell, size: grid.size, srid: grid.srid, cells, classes: countClasses(max) };
}

export interface ChoroplethData {
  version: number;
  level: RegionLevel;
  regions: RegionFeatureCollection;
  counts: ReadonlyMap<string, number>;
  classes: CountClass[];
}

/** Region polygons of one level joined to their case counts; the classes span the counts of the drawn regions. */
export function choroplethData(regions: RegionFeatureCollection, counts: RegionCountsResponse, version: number): ChoroplethData {
  const features = regions.features.filter((f) => f.properties.level === counts.level);
  const byCode = new Map(counts.counts.map((c) => [c.code, c.count]));
  const max = features.reduce((m, f) => Math.max(m, byCode.get(f.properties.code) ?? 0), 0);
  return { version, level: counts.level, regions: { type: 'FeatureCollection', features }, counts: byCode, classes: countClasses(max) };
}
