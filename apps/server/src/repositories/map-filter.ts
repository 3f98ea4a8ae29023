import type { CaseStatus } from '@gridlens/contracts';

/** Positional parameters collected while a statement is put together: `add(v)` returns `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The filters the map's reads share, resolved (codes checked and expanded by the service). */
export interface MapFilter {
  /** Window on reported_at, [from, to). */
  from: Date;
  to: Date;
  /** Minor category codes, or null for all. */
  categories: string[] | null;
  /** Current statuses, or null for all. */
  statuses: CaseStatus[] | null;
  /** A region code of any level the case must lie in, or null. */
  region: string | null;
}

/** Region and category predicates on `cases` aliased `c` (what an area is, whatever the window). */
export function scopePredicates(f: Pick<MapFilter, 'categories' | 'region'>, p: SqlParams): string[] {
  const where: string[] = [];
  if (f.region) {
    const code = p.add(f.region);
    where.push(`${code} IN (c.city_code, c.district_code, c.street_code, c.community_code, c.grid_code)`);
  }
  if (f.categories) where.push(`c.category_code = ANY(${p.add(f.categories)}::text[])`);
  return where;
}

/** Window and status predicates on `cases` aliased `c`. */
export function windowPredicates(f: Pick<MapFilter, 'from' | 'to' | 'statuses'>, p: SqlParams): string[] {
  const where = [`c.reported_at >= ${p.add(f.from.toISOString())}::timestamptz`, `c.reported_at < ${p.add(f.to.toISOString())}::timestamptz`];
  if (f.statuses) where.push(`c.status = ANY(${p.add(f.statuses)}::text[])`);
  return where;
}

export function whereClause(predicates: string[]): string {
  return predicates.length ? `WHERE ${predicates.join(' AND ')}` : '';
}

/** The counter row read in the same statement as the answer, so seq and answer come from one snapshot. */
export const SEQ_COLUMN = `(SELECT last_seq FROM event_counter WHERE id = 1) AS seq`;
