import type { GridResponse } from '@gridlens/contracts';
import { Float64, Int32, Schema, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';

/** For specs only: a grid answer encoded as the server does (docs/api.md, "Arrow answers"): columns, scalars as JSON metadata. */
export function gridArrowBytes(grid: GridResponse): Uint8Array {
  const table = new Table({
    id: vectorFromArray(grid.cells.map((c) => c.id), new Utf8()),
    lon: vectorFromArray(grid.cells.map((c) => c.lon), new Float64()),
    lat: vectorFromArray(grid.cells.map((c) => c.lat), new Float64()),
    count: vectorFromArray(grid.cells.map((c) => c.count), new Int32()),
  });
  const { cells: _cells, ...scalars } = grid;
  const metadata = new Map(Object.entries(scalars).map(([k, v]) => [k, JSON.stringify(v)] as [string, string]));
  return tableToIPC(new Table(new Schema(table.schema.fields, metadata), table.batches), 'stream');
}
