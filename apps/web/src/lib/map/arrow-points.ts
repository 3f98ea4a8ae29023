import type { CaseStatus } from '@gridlens/contracts';
import type { Data, Table, Vector } from 'apache-arrow';
import { STATUS_COLORS } from './colors';
import { emptyPointTable, upsertPoint, type PointTable } from './point-table';

/** The columns of `GET /api/v1/cases?format=arrow` the map reads (libs/contracts/src/map.ts CasePoint). */
const COLUMNS = ['caseId', 'lon', 'lat', 'status', 'category', 'reportedAtMs'] as const;
type Column = (typeof COLUMNS)[number];

/**
 * The Arrow answer as a point table, column by column (1,000,000 rows in a few hundred ms, bench/README.md):
 * numbers are copied from whole typed columns; dictionary columns (status, category) are read as their Int32 keys,
 * each distinct string (and status colour) made once; the case ids are one UTF-8 decode of each chunk's value
 * buffer, cut at the offsets (byte offsets = character offsets when the buffer is ASCII; otherwise one decode per
 * id). Throws when a column is missing (the server and this reader disagree about the contract). The server sends
 * each case once; an answer repeating a case id is read row by row instead, the later row winning.
 */
export function pointTableFromArrow(arrow: Table, seq: number): PointTable {
  const column = (name: Column): Vector => {
    const vector = arrow.getChild(name);
    if (!vector) throw new Error(`the case points answer has no ${name} column`);
    return vector;
  };
  const vectors = Object.fromEntries(COLUMNS.map((name) => [name, column(name)])) as Record<Column, Vector>;
  const rows = arrow.numRows;
  const table = emptyPointTable(seq, rows + 1024);
  const lon = vectors.lon.toArray() as ArrayLike<number>;
  const lat = vectors.lat.toArray() as ArrayLike<number>;
  const { positions, colors, reportedAtMs } = table;
  for (let i = 0; i < rows; i++) {
    positions[i * 2] = lon[i];
    positions[i * 2 + 1] = lat[i];
  }
  reportedAtMs.set(vectors.reportedAtMs.toArray() as ArrayLike<number>);
  const caseIds = utf8Strings(vectors.caseId);
  const statuses = dictionaryStrings(vectors.status) as CaseStatus[];
  const categories = dictionaryStrings(vectors.category).map((c) => c ?? '');
  const rowOf = table.rowOf;
  for (let i = 0; i < rows; i++) rowOf.set(caseIds[i]!, i);
  if (rowOf.size !== rows) return pointTableByRow(vectors, caseIds, statuses, categories, seq);
  for (let i = 0; i < rows; i++) colors.set(STATUS_COLORS[statuses[i]], i * 4);
  table.caseIds = caseIds as string[];
  table.statuses = statuses;
  table.categories = categories;
  table.length = rows;
  table.version = 1;
  return table;
}

/** The general path (repeated ids): one upsert per row. */
function pointTableByRow(vectors: Record<Column, Vector>, caseIds: (string | null)[], statuses: CaseStatus[], categories: string[], seq: number): PointTable {
  const lon = vectors.lon.toArray() as ArrayLike<number>;
  const lat = vectors.lat.toArray() as ArrayLike<number>;
  const reportedAtMs = vectors.reportedAtMs.toArray() as ArrayLike<number>;
  const table = emptyPointTable(seq, caseIds.length + 1024);
  caseIds.forEach((caseId, i) =>
    upsertPoint(table, { caseId: caseId ?? '', lon: lon[i], lat: lat[i], status: statuses[i], category: categories[i], reportedAtMs: reportedAtMs[i] }),
  );
  table.version = 1;
  return table;
}

const isValid = (data: Data, i: number) => data.nullCount === 0 || data.getValid(i);

/** Every value of a Utf8 column (null for nulls), decoding each chunk's bytes at once when they are ASCII. */
export function utf8Strings(vector: Vector): (string | null)[] {
  const out: (string | null)[] = [];
  const decoder = new TextDecoder();
  for (const data of vector.data) {
    const offsets = data.valueOffsets as Int32Array;
    const bytes = data.values as Uint8Array;
    // apache-arrow slices the offsets (and fixed-width values) of a sliced chunk itself: index from 0
    const first = offsets[0];
    const last = offsets[data.length];
    const slice = bytes.subarray(first, last);
    const text = decoder.decode(slice);
    const ascii = text.length === slice.length; // each non-ASCII character takes more than one byte
    for (let i = 0; i < data.length; i++) {
      if (!isValid(data, i)) {
        out.push(null);
        continue;
      }
      const a = offsets[i];
      const b = offsets[i + 1];
      out.push(ascii ? text.slice(a - first, b - first) : decoder.decode(bytes.subarray(a, b)));
    }
  }
  return out;
}

/** Every value of a Dictionary<Int, Utf8> column (null for nulls): each distinct string made once per chunk. */
export function dictionaryStrings(vector: Vector): (string | null)[] {
  const out: (string | null)[] = [];
  for (const data of vector.data) {
    const words = data.dictionary ? Array.from(data.dictionary, (v) => (v === null ? null : String(v))) : [];
    const keys = data.values as ArrayLike<number>;
    for (let i = 0; i < data.length; i++) out.push(isValid(data, i) ? (words[keys[i]] ?? null) : null);
  }
  return out;
}
