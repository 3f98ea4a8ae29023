import { Schema, Table, makeVector, tableToIPC } from 'apache-arrow';
import { DATUM, type CasePointsResponse } from '@gridlens/contracts';
import type { CasePointColumns } from '../repositories/case-points.repository';
import { dictionaryColumn, utf8Column } from './columns-arrow';

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
    caseId: utf8Column(c.caseId),
    lon: makeVector(c.lon),
    lat: makeVector(c.lat),
    status: dictionaryColumn(c.status),
    category: dictionaryColumn(c.category),
    district: dictionaryColumn(c.district),
    reportedAtMs: makeVector(c.reportedAtMs),
  });
  // The datum of lon/lat, as schema metadata (JSON-encoded like the other answers' metadata).
  const schema = new Schema(table.schema.fields, new Map([['datum', JSON.stringify(DATUM)]]));
  return tableToIPC(new Table(schema, table.batches), 'stream');
}
