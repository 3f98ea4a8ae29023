import type { CaseStatus } from '@gridlens/contracts';

/**
 * The dashboard's current scope, as every query sends it: the Filters state class derives it, the map, the KPI
 * panel, the area summary and the live subscription read it. Times are ISO-8601 with offset; empty = no filter.
 */
export interface MapQuery {
  /** Window on the report time, [from, to). */
  from: string;
  to: string;
  /** Category codes at any level (family, major, minor). */
  categories: string[];
  /** A region code (district, or any level); null = the whole city. */
  region: string | null;
  /** Current statuses to show; empty = all. */
  status: CaseStatus[];
}
