import type { CountIndicator, EvaluationLevel } from '@gridlens/contracts';
import type { CaseFacts } from './case-facts';
import { caseIndicators, zeroCounts, type Counts, type Window } from './indicators';

/** Inspector indicators counted over the inspector's patrol grids rather than over the inspector's own reports. */
export const PATROL_GRID_INDICATORS: ReadonlySet<CountIndicator> = new Set(['missed', 'verified', 'verifiedOnTime', 'checked', 'checkedOnTime']);

export interface UnitTally {
  counts: Counts;
  /** Denominator of the miss rate: `registered`, except for inspectors (registered cases in the patrol grids). */
  missDenominator: number;
}

const isRegionLevel = (level: EvaluationLevel): level is 'district' | 'street' | 'community' =>
  level === 'district' || level === 'street' || level === 'community';

/**
 * Counts per unit code. Regions: by the case's report placement. Departments: the department responsible at T,
 * except dispatched / returned / rework, which go to the department named at the event. Inspectors: cases the
 * inspector reported (source inspector), except the patrol-grid indicators (missed, verified, checked and their
 * on-time parts), which go to every inspector who reported a case in P in the case's unit grid.
 * Facts attributed to a code not in `unitCodes` are left out.
 */
export function tallyUnits(facts: CaseFacts[], w: Window, level: EvaluationLevel, unitCodes: string[]): Map<string, UnitTally> {
  const tallies = new Map<string, UnitTally>(unitCodes.map((c) => [c, { counts: zeroCounts(), missDenominator: 0 }]));
  const add = (code: string | null, indicator: CountIndicator) => {
    const t = code === null ? undefined : tallies.get(code);
    if (t) t.counts[indicator] += 1;
  };
  const patrols = level === 'inspector' ? patrolGrids(facts, w) : new Map<string, string[]>();

  for (const f of facts) {
    const own = ownerOf(f, level);
    const indicators = caseIndicators(f, w);
    for (const indicator of indicators) {
      if (level === 'inspector' && PATROL_GRID_INDICATORS.has(indicator)) {
        for (const inspector of patrols.get(f.regions.grid ?? '') ?? []) add(inspector, indicator);
      } else {
        add(own, indicator);
      }
    }
    for (const e of f.periodEvents) add(level === 'department' ? e.department : own, e.type);
    if (level === 'inspector' && indicators.includes('registered')) {
      for (const inspector of patrols.get(f.regions.grid ?? '') ?? []) {
        const t = tallies.get(inspector);
        if (t) t.missDenominator += 1;
      }
    }
  }
  if (level !== 'inspector') for (const t of tallies.values()) t.missDenominator = t.counts.registered;
  return tallies;
}

function ownerOf(f: CaseFacts, level: EvaluationLevel): string | null {
  if (isRegionLevel(level)) return f.regions[level];
  if (level === 'department') return f.department;
  return f.source === 'inspector' ? f.reporterId : null;
}

/** Unit grid code → inspectors who reported at least one case in P there (sorted, distinct). */
export function patrolGrids(facts: CaseFacts[], w: Window): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (const f of facts) {
    if (f.source !== 'inspector' || f.reporterId === null || f.regions.grid === null) continue;
    if (f.reportedAt < w.from || f.reportedAt >= w.to) continue;
    let set = sets.get(f.regions.grid);
    if (!set) sets.set(f.regions.grid, (set = new Set()));
    set.add(f.reporterId);
  }
  return new Map([...sets].map(([grid, s]) => [grid, [...s].sort()]));
}

/** Per region unit, the 3 minor categories with most cases registered in P (ties by code); {} for other levels. */
export function topCategoriesOf(
  facts: CaseFacts[],
  w: Window,
  level: EvaluationLevel,
  unitCodes: string[],
  categoryNames: Map<string, { zh: string; en: string }>,
): Record<string, { code: string; name: { zh: string; en: string }; registered: number }[]> {
  if (!isRegionLevel(level)) return {};
  const perUnit = new Map<string, Map<string, number>>(unitCodes.map((c) => [c, new Map()]));
  for (const f of facts) {
    if (f.registeredAt === null || f.registeredAt < w.from || f.registeredAt >= w.to) continue;
    const cats = perUnit.get(f.regions[level] ?? '');
    if (cats) cats.set(f.category, (cats.get(f.category) ?? 0) + 1);
  }
  const out: Record<string, { code: string; name: { zh: string; en: string }; registered: number }[]> = {};
  for (const [unit, cats] of perUnit) {
    out[unit] = [...cats]
      .sort(([a, na], [b, nb]) => nb - na || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, 3)
      .map(([code, registered]) => ({ code, name: categoryNames.get(code) ?? { zh: code, en: code }, registered }));
  }
  return out;
}
