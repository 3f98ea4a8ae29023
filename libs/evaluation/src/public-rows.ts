import {
  COUNT_INDICATORS, RATE_INDICATORS, type CountIndicator, type EvaluationResult, type EvaluationRow, type PublicCount,
  type PublicRankingRow, type PublicRate, type RateIndicator,
} from '@gridlens/contracts';

export const OTHER_CATEGORY = { code: 'other', name: { zh: '其他', en: 'Other' } } as const;

type TopCategory = EvaluationResult['topCategories'][string][number];

/**
 * Top categories for the public: those with fewer than `minCount` registered cases are merged into one entry
 * `other`; when the merged total is still under `minCount`, that entry shows registered 0 and `suppressed` is set.
 */
function publicTopCategories(top: TopCategory[], minCount: number): { list: TopCategory[]; suppressed: boolean } {
  const shown = top.filter((c) => c.registered >= minCount).map((c) => ({ code: c.code, name: { ...c.name }, registered: c.registered }));
  const small = top.filter((c) => c.registered < minCount);
  if (small.length === 0) return { list: shown, suppressed: false };
  const merged = small.reduce((n, c) => n + c.registered, 0);
  const other = { code: OTHER_CATEGORY.code, name: { ...OTHER_CATEGORY.name }, registered: merged >= minCount ? merged : 0 };
  return { list: [...shown, other], suppressed: true };
}

/** An aggregate over at least one but fewer than `minCount` cases: the only kind that could point at a case. */
function isSmall(n: number, minCount: number): boolean {
  return n > 0 && n < minCount;
}

/**
 * Rows for the public (no case-level data exists in a row to begin with: aggregates only). A count of 1 to
 * `minCount` − 1 → {value: null, suppressed: true}; a rate whose denominator is that small → suppressed (a zero
 * describes no case and is shown; a rate over no case has no value anyway); a unit
 * with fewer than `minCount` due cases shows no score, grade, rank or change but stays listed.
 * Never call this for the inspector level (it is never public; the server refuses it).
 */
export function toPublicRows(rows: EvaluationRow[], topCategories: EvaluationResult['topCategories'], minCount: number): PublicRankingRow[] {
  return rows.map((row) => {
    let suppressed = false;
    const counts: Partial<Record<CountIndicator, PublicCount>> = {};
    for (const c of COUNT_INDICATORS) {
      const v = row.counts[c];
      const hide = isSmall(v, minCount);
      suppressed ||= hide;
      counts[c] = { value: hide ? null : v, suppressed: hide };
    }
    const rates: Partial<Record<RateIndicator, PublicRate>> = {};
    for (const r of RATE_INDICATORS) {
      const rate = row.rates[r];
      const hide = isSmall(rate.denominator, minCount);
      suppressed ||= hide;
      rates[r] = { value: hide ? null : rate.value, suppressed: hide };
    }
    const hideScore = row.counts.due < minCount;
    suppressed ||= hideScore;
    const top = publicTopCategories(topCategories[row.code] ?? [], minCount);
    suppressed ||= top.suppressed;
    return {
      code: row.code,
      name: { zh: row.name.zh, en: row.name.en },
      score: hideScore ? null : row.score,
      grade: hideScore ? null : row.grade,
      rank: hideScore ? null : row.rank,
      change: hideScore ? { previous: null, yearAgo: null } : row.change,
      counts,
      rates,
      topCategories: top.list,
      suppressed,
    };
  });
}
