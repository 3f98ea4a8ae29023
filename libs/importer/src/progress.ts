/** Rows per second and the time left, for the CLI bar and the upload page. */
export interface ProgressFigures {
  rowsPerSecond: number;
  /** Seconds left, or null while the total size or the rate is unknown. */
  etaSeconds: number | null;
  /** 0..1 by bytes read (rows are not known in advance), or null when the size is unknown. */
  fraction: number | null;
}

export function progressFigures(p: { rows: number; elapsedMs: number; bytesRead: number; bytesTotal: number | null }): ProgressFigures {
  const seconds = p.elapsedMs / 1000;
  const rowsPerSecond = seconds > 0 ? p.rows / seconds : 0;
  const fraction = p.bytesTotal && p.bytesTotal > 0 ? Math.min(1, p.bytesRead / p.bytesTotal) : null;
  const etaSeconds = fraction !== null && fraction > 0 && seconds > 0 ? (seconds * (1 - fraction)) / fraction : null;
  return { rowsPerSecond, etaSeconds, fraction };
}
