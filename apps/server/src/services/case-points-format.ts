import { Dictionary, Int32, Table, Utf8, makeData, makeVector, tableToIPC, type Vector } from 'apache-arrow';
import type { CasePointsResponse } from '@gridlens/contracts';
import type { CasePointColumns } from '../repositories/case-points.repository';

/** The map's case points as JSON (`format=json`): one object per case, same names as the Arrow columns. */
export function casePointsToJson(c: CasePointColumns): CasePointsResponse {
  const cases = c.caseId.map((caseId, i) => ({
    caseId,
    lon: c.lon[i],
    lat: c.lat[i],
    status: c.status[i],
    category: c.category[i],
    district: c.district[i],
    reportedAtMs: c.reportedAtMs[i],
  }));
  return { seq: c.seq, truncated: c.truncated, cases };
}

/**
 * The map's case points as an Arrow IPC stream, built straight from column arrays (no object per case):
 * caseId Utf8, lon/lat Float64, status/category/district Dictionary<Utf8> (Int32 keys), reportedAtMs Float64.
 */
export function casePointsToArrowStream(c: CasePointColumns): Uint8Array {
  const table = new Table({
    caseId: utf8Vector(c.caseId),
    lon: makeVector(c.lon),
    lat: makeVector(c.lat),
    status: dictionaryVector(c.status),
    category: dictionaryVector(c.category),
    district: dictionaryVector(c.district),
    reportedAtMs: makeVector(c.reportedAtMs),
  });
  return tableToIPC(table, 'stream');
}

const encoder = new TextEncoder();

/** Strings without nulls as one UTF-8 buffer and its offsets. */
function utf8Vector(values: readonly string[]): Vector<Utf8> {
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
function dictionaryVector(values: readonly (string | null)[]): Vector<Dictionary<Utf8, Int32>> {
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
      dictionary: utf8Vector([...keyOf.keys()]),
    }),
  );
}
