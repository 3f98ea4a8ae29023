import type { EvaluationRow, RankChange } from '@gridlens/contracts';

/** a − b in points, 2 decimals, computed on whole cents (scores carry 2 decimals). */
const scoreDelta = (a: number | null, b: number | null) =>
  a === null || b === null ? null : (Math.round(a * 100) - Math.round(b * 100)) / 100;

function changeAgainst(row: EvaluationRow, other: { period: string; byCode: Map<string, EvaluationRow> } | null): RankChange | null {
  if (other === null) return null;
  const was = other.byCode.get(row.code);
  if (!was) return null;
  return {
    period: other.period,
    score: was.score,
    rank: was.rank,
    scoreDelta: scoreDelta(row.score, was.score),
    rankDelta: row.rank === null || was.rank === null ? null : was.rank - row.rank,
  };
}

/**
 * Fills `change` from the rows of the previous period (环比) and of a year before (同比): null when that period was
 * not computed or the unit is not in it. rankDelta = earlier rank − rank (positive: moved up).
 */
export function withChanges(
  rows: EvaluationRow[],
  previous: { period: string; rows: EvaluationRow[] } | null,
  yearAgo: { period: string; rows: EvaluationRow[] } | null,
): EvaluationRow[] {
  const index = (o: { period: string; rows: EvaluationRow[] } | null) =>
    o === null ? null : { period: o.period, byCode: new Map(o.rows.map((r) => [r.code, r])) };
  const prev = index(previous);
  const ago = index(yearAgo);
  return rows.map((row) => ({ ...row, change: { previous: changeAgainst(row, prev), yearAgo: changeAgainst(row, ago) } }));
}

export interface RowSummary {
  score: number | null;
  grade: string | null;
  rank: number | null;
}

/** Per unit (ordered by code), before/after score, grade and rank where any of them differ (for a correction). */
export function correctionChanges(before: EvaluationRow[], after: EvaluationRow[]): { code: string; before: RowSummary; after: RowSummary }[] {
  const summary = (r: EvaluationRow | undefined): RowSummary => ({ score: r?.score ?? null, grade: r?.grade ?? null, rank: r?.rank ?? null });
  const b = new Map(before.map((r) => [r.code, r]));
  const a = new Map(after.map((r) => [r.code, r]));
  const codes = [...new Set([...b.keys(), ...a.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const out: { code: string; before: RowSummary; after: RowSummary }[] = [];
  for (const code of codes) {
    const was = summary(b.get(code));
    const now = summary(a.get(code));
    if (was.score !== now.score || was.grade !== now.grade || was.rank !== now.rank) out.push({ code, before: was, after: now });
  }
  return out;
}
