/** The rejects file: one CSV line per refused row — its line number, reason code, reason, then the raw row as read. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function rejectsHeader(sourceColumns: readonly string[]): string {
  return csvLine(['line', 'code', 'reason', ...sourceColumns]);
}

export function rejectsLine(line: number, code: string, reason: string, raw: readonly string[]): string {
  return csvLine([String(line), code, reason, ...raw]);
}
