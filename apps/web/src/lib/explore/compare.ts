import type { CellStats } from './cell-table';

/**
 * Before/after per cell: the counts of period A and period B over the same cells (the union of both answers'
 * cells), and the change B − A. Pure.
 */
export function changeStats(a: { id: readonly string[]; count: ArrayLike<number> }, b: { id: readonly string[]; count: ArrayLike<number> }): CellStats & { countA: Int32Array; countB: Int32Array; change: Int32Array } {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const add = (id: string) => {
    let i = index.get(id);
    if (i === undefined) {
      i = ids.length;
      ids.push(id);
      index.set(id, i);
    }
    return i;
  };
  a.id.forEach(add);
  b.id.forEach(add);
  const countA = new Int32Array(ids.length);
  const countB = new Int32Array(ids.length);
  a.id.forEach((id, i) => (countA[index.get(id)!] += a.count[i]));
  b.id.forEach((id, i) => (countB[index.get(id)!] += b.count[i]));
  const change = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) change[i] = countB[i] - countA[i];
  return { id: ids, count: countB, countA, countB, change };
}

/** The largest |change| (for the colour classes). */
export function maxAbsChange(change: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < change.length; i++) max = Math.max(max, Math.abs(change[i]));
  return max;
}

/** Default before/after: the period split in two halves (A the earlier, B the later; B one day longer when odd). */
export function halves(period: { from: string; to: string }): { a: { from: string; to: string }; b: { from: string; to: string } } {
  const days = Math.round((Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / 86_400_000) + 1;
  const day = (offset: number) => new Date(Date.parse(`${period.from}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  if (days < 2) return { a: period, b: period };
  const half = Math.floor(days / 2);
  return { a: { from: period.from, to: day(half - 1) }, b: { from: day(half), to: period.to } };
}

/** Seconds as a short duration: `45 s`, `12 min`, `3.5 h`, `2.1 d`. */
export function shortDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.abs(seconds);
  const sign = seconds < 0 ? '−' : '';
  if (s < 90) return `${sign}${Math.round(s)} s`;
  if (s < 90 * 60) return `${sign}${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `${sign}${(s / 3600).toFixed(1)} h`;
  return `${sign}${(s / 86_400).toFixed(1)} d`;
}
