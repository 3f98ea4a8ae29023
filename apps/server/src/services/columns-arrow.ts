import {
  Bool,
  Dictionary,
  Field,
  Float64,
  Int32,
  Int8,
  List,
  Schema,
  Table,
  Utf8,
  makeData,
  makeVector,
  tableToIPC,
  vectorFromArray,
  type Data,
  type DataType,
  type Vector,
} from 'apache-arrow';

/**
 * Column builders for the Arrow answers (docs/api.md, "Arrow answers"): from plain arrays straight into Arrow
 * buffers, plus the IPC stream with the answer's scalars as schema metadata (each value JSON text).
 */

const encoder = new TextEncoder();

/** Strings without nulls as one UTF-8 buffer and its offsets. */
export function utf8Column(values: readonly string[]): Vector<Utf8> {
  let capacity = 0;
  for (const v of values) capacity += v.length * 3; // at most 3 UTF-8 bytes per UTF-16 code unit
  const bytes = new Uint8Array(capacity);
  const offsets = new Int32Array(values.length + 1);
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    at += encoder.encodeInto(values[i], bytes.subarray(at)).written;
    offsets[i + 1] = at;
  }
  return makeVector(makeData({ type: new Utf8(), length: values.length, valueOffsets: offsets, data: bytes.subarray(0, at) }));
}

/** Low-cardinality strings (nulls allowed) as Int32 keys into a dictionary of the distinct values. */
export function dictionaryColumn(values: readonly (string | null)[]): Vector<Dictionary<Utf8, Int32>> {
  const keyOf = new Map<string, number>();
  const keys = new Int32Array(values.length);
  const validity = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) {
      nullCount++;
      continue;
    }
    let key = keyOf.get(v);
    if (key === undefined) keyOf.set(v, (key = keyOf.size));
    keys[i] = key;
    validity[i >> 3] |= 1 << (i & 7);
  }
  return makeVector(
    makeData({
      type: new Dictionary(new Utf8(), new Int32()),
      length: values.length,
      nullCount,
      nullBitmap: nullCount ? validity : null,
      data: keys,
      dictionary: utf8Column([...keyOf.keys()]),
    }),
  );
}

export const float64Column = (values: ArrayLike<number>): Vector<Float64> => makeVector(Float64Array.from(values));
export const int32Column = (values: ArrayLike<number>): Vector<Int32> => makeVector(Int32Array.from(values));
export const int8Column = (values: ArrayLike<number>): Vector<Int8> => makeVector(Int8Array.from(values));

/** Numbers with nulls (validity bitmap). */
export const nullableFloat64Column = (values: readonly (number | null)[]): Vector<Float64> => vectorFromArray(values, new Float64());

/** Booleans with nulls, bit-packed. */
export function nullableBoolColumn(values: readonly (boolean | null)[]): Vector<Bool> {
  const bits = new Uint8Array(Math.ceil(values.length / 8));
  const validity = new Uint8Array(bits.length);
  let nullCount = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) {
      nullCount++;
      continue;
    }
    validity[i >> 3] |= 1 << (i & 7);
    if (v) bits[i >> 3] |= 1 << (i & 7);
  }
  return makeVector(makeData({ type: new Bool(), length: values.length, nullCount, nullBitmap: nullCount ? validity : null, data: bits }));
}

type NumberArray = Int8Array | Int32Array | Float64Array;

/** One list per row from the rows' arrays: the values concatenated into one child buffer, with offsets. */
export function listColumn<T extends Int8 | Int32 | Float64>(
  itemType: T,
  rows: readonly (readonly number[])[],
  make: (length: number) => NumberArray,
): Vector<List<T>> {
  const offsets = new Int32Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) offsets[i + 1] = offsets[i] + rows[i].length;
  const values = make(offsets[rows.length]);
  for (let i = 0; i < rows.length; i++) values.set(rows[i], offsets[i]);
  const child = makeData({ type: itemType as DataType, length: values.length, data: values } as never) as unknown as Data<T>;
  const type = new List<T>(new Field('item', itemType, false));
  return makeVector(makeData({ type, length: rows.length, valueOffsets: offsets, child }));
}

/** The IPC stream of these columns, with `metadata` (each value JSON.stringify'd) on the schema. */
export function arrowStream(columns: Record<string, Vector<DataType>>, metadata: Record<string, unknown>): Uint8Array {
  const table = new Table(columns);
  const meta = new Map(Object.entries(metadata).map(([k, v]) => [k, JSON.stringify(v)] as [string, string]));
  const schema = new Schema(table.schema.fields, meta);
  return tableToIPC(new Table(schema, table.batches), 'stream');
}
