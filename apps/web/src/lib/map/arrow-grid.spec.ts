import { Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { GridResponse } from '@gridlens/contracts';
import { hexagonData } from './area-data';
import { gridColumnsFromArrow, gridColumnsFromJson } from './arrow-grid';
import { gridArrowBytes } from './arrow-grid-test-data';

const GRID: GridResponse = {
  cell: 'hex',
  size: 1000,
  srid: 32650,
  total: 44,
  cells: [
    { id: 'h:450:2000', lon: 119.9, lat: 31.7, count: 4 },
    { id: 'h:451:2000', lon: 119.92, lat: 31.7, count: 40 },
  ],
};

describe('gridColumnsFromArrow', () => {
  it('reads the columns as typed arrays and the scalars from the metadata', () => {
    const columns = gridColumnsFromArrow(gridArrowBytes(GRID));
    expect(columns).toMatchObject({ cell: 'hex', size: 1000, srid: 32650, total: 44, id: ['h:450:2000', 'h:451:2000'] });
    expect(columns.lon).toBeInstanceOf(Float64Array);
    expect(columns.count).toBeInstanceOf(Int32Array);
    expect([...columns.lon]).toEqual([119.9, 119.92]);
    expect([...columns.count]).toEqual([4, 40]);
    expect(columns).toEqual(gridColumnsFromJson(GRID));
  });

  it('gives the hexagon layer the same cells as the JSON answer', () => {
    expect(hexagonData(gridColumnsFromArrow(gridArrowBytes(GRID)), 3)).toEqual(hexagonData(GRID, 3));
    expect([...hexagonData(gridColumnsFromArrow(gridArrowBytes(GRID)), 3).counts]).toEqual([4, 40]);
  });

  it('reads an empty answer and refuses one without the grid columns or metadata', () => {
    expect(gridColumnsFromArrow(gridArrowBytes({ ...GRID, srid: 4326, total: 0, cells: [] })).id).toEqual([]);
    const noCount = tableToIPC(new Table({ id: vectorFromArray(['a'], new Utf8()) }), 'stream');
    expect(() => gridColumnsFromArrow(noCount)).toThrow(/metadata|column/);
    expect(() => gridColumnsFromArrow(gridArrowBytes({ ...GRID, cell: 'h3' } as unknown as GridResponse))).toThrow(/cell/);
  });
});
