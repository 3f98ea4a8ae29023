import type { CaseStatus } from '@gridlens/contracts';
import type { Table } from 'apache-arrow';
import { emptyPointTable, upsertPoint, type PointTable } from './point-table';

/** The columns of `GET /api/v1/cases?format=arrow` the map reads (libs/contracts/src/map.ts CasePoint). */
const COLUMNS = ['caseId', 'lon', 'lat', 'status', 'category', 'reportedAtMs'] as const;

/**
 * The Arrow answer as a point table: numbers are read as whole typed columns, strings (dictionary-decoded) once per
 * row. Throws when a column is missing (the server and this reader disagree about the contract).
 */
export function pointTableFromArrow(arrow: Table, seq: number): PointTable {
  const column = (name: (typeof COLUMNS)[number]) => {
    const vector = arrow.getChild(name);
    if (!vector) throw new Error(`the case points answer has no ${name} column`);
    return vector;
  };
  const lon = column('lon').toArray() as ArrayLike<number>;
  const lat = column('lat').toArray() as ArrayLike<number>;
  const reportedAtMs = column('reportedAtMs').toArray() as ArrayLike<number>;
  const caseIds = column('caseId');
  const statuses = column('status');
  const categories = column('category');
  const rows = arrow.numRows;
  const table = emptyPointTable(seq, rows + 1024);
  let i = 0;
  const ids = caseIds[Symbol.iterator]();
  const sts = statuses[Symbol.iterator]();
  const cats = categories[Symbol.iterator]();
  for (; i < rows; i++) {
    upsertPoint(table, {
      caseId: String(ids.next().value),
      lon: Number(lon[i]),
      lat: Number(lat[i]),
      status: sts.next().value as CaseStatus,
      category: String(cats.next().value ?? ''),
      reportedAtMs: Number(reportedAtMs[i]),
    });
  }
  table.version = 1;
  return table;
}
