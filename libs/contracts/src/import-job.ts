/** Import jobs (issue 7): `POST /api/v1/imports/cases`, `GET /api/v1/imports/{id}`, its events stream and rejects file. */

export const IMPORT_JOB_STATES = ['running', 'done', 'failed'] as const;
export type ImportJobState = (typeof IMPORT_JOB_STATES)[number];

export interface UnmappedValue {
  value: string;
  rows: number;
}

export interface ImportJob {
  id: string;
  kind: string;
  fileName: string;
  fileSha256: string;
  fileBytes: number | null;
  mappingDigest: string;
  /** The mapping's `source` name. */
  source: string;
  state: ImportJobState;
  error: string | null;
  /** Always rowsRead = rowsImported + rowsRejected. */
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  /** Rejected rows by reason code (docs/import.md, "Rejects"). */
  rejectedBy: Record<string, number>;
  /** Source values the translation tables lacked, sent to the mapping's "other" code, with their row counts. */
  unmapped: { categories: UnmappedValue[]; departments: UnmappedValue[]; statuses: UnmappedValue[]; channels: UnmappedValue[] };
  eventsAdded: number;
  eventsDuplicate: number;
  /** Source line of the last committed row (the header is line 1); a resumed job continues after it. */
  lastLine: number;
  bytesRead: number;
  /** Whether this run continued an interrupted job of the same file and mapping. */
  resumed: boolean;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  startedBy: string;
  /** Rows per second over this run, and seconds left (null when unknown). */
  rowsPerSecond: number;
  etaSeconds: number | null;
}
