import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import type { CasePointColumns } from '../repositories/case-points.repository';
import { casePointsToArrowStream, casePointsToJson } from './case-points-format';

function columns(rows: { caseId: string; district: string | null; status: 'reported' | 'closed'; category: string }[]): CasePointColumns {
  return {
    seq: 7,
    truncated: false,
    caseId: rows.map((r) => r.caseId),
    lon: Float64Array.from(rows, (_, i) => 119.9 + i / 1e6),
    lat: Float64Array.from(rows, (_, i) => 31.7 - i / 3),
    status: rows.map((r) => r.status),
    category: rows.map((r) => r.category),
    district: rows.map((r) => r.district),
    reportedAtMs: Float64Array.from(rows, (_, i) => 1_772_416_800_000 - i * 1000),
  };
}

describe('case points as an Arrow stream', () => {
  it('round-trips multi-byte ids, empty strings and null districts to the JSON rows', () => {
    const c = columns([
      { caseId: '常州-案件-001', district: '320402', status: 'reported', category: 'E0505' },
      { caseId: '', district: null, status: 'closed', category: 'C0101' },
      { caseId: 'emoji-😀-x', district: '320404', status: 'reported', category: 'E0505' },
      { caseId: 'A/1 2', district: null, status: 'closed', category: 'E0505' },
    ]);
    const table = tableFromIPC(casePointsToArrowStream(c));
    expect(table.numRows).toBe(4);
    expect(table.toArray().map((r) => ({ ...r.toJSON() }))).toEqual(casePointsToJson(c).cases);
    expect(table.getChild('district')!.nullCount).toBe(2);
    // Dictionaries hold each distinct value once.
    expect(table.getChild('category')!.data[0].dictionary!.toArray()).toEqual(['E0505', 'C0101']);
  });

  it('encodes no cases as an empty table with the same schema', () => {
    const table = tableFromIPC(casePointsToArrowStream(columns([])));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['caseId', 'lon', 'lat', 'status', 'category', 'district', 'reportedAtMs']);
  });
});
