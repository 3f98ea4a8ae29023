import type { GridResponse } from '@gridlens/contracts';
import { tableFromIPC } from 'apache-arrow';

/**
 * The answer of `GET /api/v1/grid` (hex or square cells) as columns: typed arrays for the numbers, one string per
 * cell id. Read from the Arrow answer (docs/api.md, "Arrow answers") or, for callers holding JSON, from that.
 */
export interface GridColumns {
  cell: 'hex' | 'square';
  size: number;
  srid: number;
  total: number;
  id: string[];
  lon: Float64Array;
  lat: Float64Array;
  count: Int32Array;
}

/** Decodes the Arrow IPC stream: whole typed columns, scalars from the schema metadata (JSON text per key). */
export function gridColumnsFromArrow(bytes: Uint8Array): GridColumns {
  const table = tableFromIPC(bytes);
  const column = (name: string) => {
    const vector = table.getChild(name);
    if (!vector) throw new Error(`the grid answer has no ${name} column`);
    return vector;
  };
  const meta = (key: string): unknown => {
    const text = table.schema.metadata.get(key);
    if (text === undefined) throw new Error(`the grid answer has no ${key} metadata`);
    return JSON.parse(text);
  };
  const cell = meta('cell');
  if (cell !== 'hex' && cell !== 'square') throw new Error(`the grid answer's cell is ${String(cell)}, not hex or square`);
  return {
    cell,
    size: Number(meta('size')),
    srid: Number(meta('srid')),
    total: Number(meta('total')),
    id: Array.from(column('id'), String),
    lon: Float64Array.from(column('lon').toArray() as Float64Array),
    lat: Float64Array.from(column('lat').toArray() as Float64Array),
    count: Int32Array.from(column('count').toArray() as Int32Array),
  };
}

/** The same columns from a JSON grid answer. */
export function gridColumnsFromJson(grid: GridResponse): GridColumns {
  const { cells } = grid;
  return {
    cell: grid.cell,
    size: grid.size,
    srid: grid.srid,
    total: grid.total,
    id: cells.map((c) => c.id),
    lon: Float64Array.from(cells, (c) => c.lon),
    lat: Float64Array.from(cells, (c) => c.lat),
    count: Int32Array.from(cells, (c) => c.count),
  };
}
