import type { ImportJob } from '@gridlens/contracts';

/** What the progress bar shows: the fraction by bytes, rows/s, the time left, and the counts line. */
export interface ImportFigures {
  /** 0..100, or null when the file size is unknown. */
  percent: number | null;
  rate: string;
  eta: string;
  balanced: boolean;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

export function importFigures(job: ImportJob, locale: string): ImportFigures {
  const done = job.state !== 'running';
  const percent = done && job.state === 'done' ? 100 : job.fileBytes ? Math.min(100, (100 * job.bytesRead) / job.fileBytes) : null;
  return {
    percent,
    rate: `${Math.round(job.rowsPerSecond).toLocaleString(locale)}`,
    eta: done ? formatDuration(0) : formatDuration(job.etaSeconds),
    balanced: job.rowsRead === job.rowsImported + job.rowsRejected,
  };
}

/** Rejected rows by reason code, most first. */
export function rejectRows(job: ImportJob): { code: string; rows: number }[] {
  return Object.entries(job.rejectedBy).map(([code, rows]) => ({ code, rows })).sort((a, b) => b.rows - a.rows || a.code.localeCompare(b.code));
}

/** Unmapped values by table, with their total rows (tables with none left out). */
export function unmappedTables(job: ImportJob): { table: string; total: number; values: { value: string; rows: number }[] }[] {
  return Object.entries(job.unmapped)
    .filter(([, values]) => values.length)
    .map(([table, values]) => ({ table, total: values.reduce((n, v) => n + v.rows, 0), values }));
}
