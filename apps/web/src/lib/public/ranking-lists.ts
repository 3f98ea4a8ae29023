import type { GradeThreshold, PublicRankingRow } from '@gridlens/contracts';

/**
 * Pure selections over a published ranking: the ranked rows in rank order, the best and the worst three (ties
 * kept together: with competition ranks 1, 2, 3, 3 the "best 3" shows four units), and whether any figure is
 * suppressed.
 */
export function rankedRows(rows: readonly PublicRankingRow[]): PublicRankingRow[] {
  return rows.filter((r) => r.rank !== null).sort((a, b) => a.rank! - b.rank! || a.code.localeCompare(b.code));
}

/** Units whose rank is within the first three places (ties at the third place included). */
export function bestRows(rows: readonly PublicRankingRow[], n = 3): PublicRankingRow[] {
  const ranked = rankedRows(rows);
  if (ranked.length === 0) return [];
  const cut = ranked[Math.min(n, ranked.length) - 1].rank!;
  return ranked.filter((r) => r.rank! <= cut);
}

/** Units in the last three places (ties included), the worst first; none that is also among the best. */
export function worstRows(rows: readonly PublicRankingRow[], n = 3): PublicRankingRow[] {
  const best = new Set(bestRows(rows, n).map((r) => r.code));
  const ranked = rankedRows(rows).filter((r) => !best.has(r.code)).reverse();
  if (ranked.length === 0) return [];
  const cut = ranked[Math.min(n, ranked.length) - 1].rank!;
  return ranked.filter((r) => r.rank! >= cut);
}

/** True when any unit has a suppressed or merged figure (the page then shows the "fewer than N" note). */
export const anySuppressed = (rows: readonly PublicRankingRow[]): boolean => rows.some((r) => r.suppressed);

/** Units listed but not ranked (too few cases due, or no score). */
export const unrankedRows = (rows: readonly PublicRankingRow[]): PublicRankingRow[] => rows.filter((r) => r.rank === null);

export type Rgba = [number, number, number, number];

/** Colours from the best grade to the worst (green → red), as ColorBrewer's RdYlGn. */
const GRADE_PALETTE: Rgba[] = [
  [26, 152, 80, 255],
  [145, 207, 96, 255],
  [254, 224, 139, 255],
  [252, 141, 89, 255],
  [215, 48, 39, 255],
];
export const NO_GRADE: Rgba = [203, 213, 225, 255];

/**
 * The colour of a grade under a scheme's thresholds (in any order): the best grade (highest min) is green, the
 * worst red, any in between spread over the palette; a null or unknown grade is grey.
 */
export function gradeColor(grade: string | null, thresholds: readonly GradeThreshold[]): Rgba {
  const grades = [...thresholds].sort((a, b) => b.min - a.min);
  const i = grade === null ? -1 : grades.findIndex((g) => g.grade === grade);
  if (i < 0) return NO_GRADE;
  if (grades.length === 1) return GRADE_PALETTE[0];
  const at = Math.round((i * (GRADE_PALETTE.length - 1)) / (grades.length - 1));
  return GRADE_PALETTE[at];
}

export const cssColor = ([r, g, b]: Rgba): string => `rgb(${r}, ${g}, ${b})`;
