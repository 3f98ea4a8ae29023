import { describe, expect, it } from 'vitest';
import { progressFigures } from './progress';
import { rejectsHeader, rejectsLine } from './rejects-csv';
import { assertBalanced, countEvents, countImported, countRejected, emptyCounts, ingestRejectCode } from './tally';

describe('counts, rejects lines and progress', () => {
  it('keeps read = imported + rejected and refuses counts that do not add up', () => {
    const counts = emptyCounts();
    countImported(counts);
    countEvents(counts, { added: 5, duplicate: 0 });
    countRejected(counts, 'no-coordinates');
    countRejected(counts, 'no-coordinates');
    expect(counts).toMatchObject({ read: 3, imported: 1, rejected: 2, rejectedBy: { 'no-coordinates': 2 }, eventsAdded: 5 });
    expect(() => assertBalanced(counts)).not.toThrow();
    counts.read += 1;
    expect(() => assertBalanced(counts)).toThrow(/do not add up/);
  });

  it('tells rows outside every region from other ingest refusals', () => {
    expect(ingestRejectCode('lon, lat: the point lies outside every region of the city')).toBe('outside-regions');
    expect(ingestRejectCode('category: unknown category code "X"')).toBe('refused-by-ingest');
  });

  it('writes rejects as CSV with the raw row quoted where needed', () => {
    expect(rejectsHeader(['Key', 'Note'])).toBe('line,code,reason,Key,Note\r\n');
    expect(rejectsLine(7, 'bad-date', 'Created: "x" bad', ['1', 'a,b'])).toBe('7,bad-date,"Created: ""x"" bad",1,"a,b"\r\n');
  });

  it('computes rows/s and an ETA from the bytes read', () => {
    expect(progressFigures({ rows: 500, elapsedMs: 2000, bytesRead: 250, bytesTotal: 1000 })).toEqual({ rowsPerSecond: 250, etaSeconds: 6, fraction: 0.25 });
    expect(progressFigures({ rows: 0, elapsedMs: 0, bytesRead: 0, bytesTotal: null })).toEqual({ rowsPerSecond: 0, etaSeconds: null, fraction: null });
  });
});
