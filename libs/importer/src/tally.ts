import type { RejectCode } from './row-events';

/** The counts of one import: every row read is either imported or rejected (read = imported + rejected, always). */
export interface ImportCounts {
  read: number;
  imported: number;
  rejected: number;
  /** Rows rejected, by reason code. */
  rejectedBy: Partial<Record<RejectCode, number>>;
  /** Events the log took / already had (a re-import finds them all already there). */
  eventsAdded: number;
  eventsDuplicate: number;
}

export function emptyCounts(): ImportCounts {
  return { read: 0, imported: 0, rejected: 0, rejectedBy: {}, eventsAdded: 0, eventsDuplicate: 0 };
}

export function countImported(counts: ImportCounts): void {
  counts.read += 1;
  counts.imported += 1;
}

/** What one ingest call did with a batch's events. */
export function countEvents(counts: ImportCounts, events: { added: number; duplicate: number }): void {
  counts.eventsAdded += events.added;
  counts.eventsDuplicate += events.duplicate;
}

/** The reject code of a row whose event ingest refused (its message as ingest wrote it). */
export function ingestRejectCode(error: string): RejectCode {
  return /outside every region/.test(error) ? 'outside-regions' : 'refused-by-ingest';
}

export function countRejected(counts: ImportCounts, code: RejectCode): void {
  counts.read += 1;
  counts.rejected += 1;
  counts.rejectedBy[code] = (counts.rejectedBy[code] ?? 0) + 1;
}

/** Throws if the counts do not add up (a bug in the importer, never the data's fault). */
export function assertBalanced(counts: ImportCounts): void {
  const byReason = Object.values(counts.rejectedBy).reduce((a, b) => a + (b ?? 0), 0);
  if (counts.read !== counts.imported + counts.rejected || byReason !== counts.rejected) {
    throw new Error(`import counts do not add up: read ${counts.read}, imported ${counts.imported}, rejected ${counts.rejected} (${byReason} by reason)`);
  }
}
