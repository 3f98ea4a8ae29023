import { latLngToCell } from 'h3-js';
import type { CaseStatus, RegionLevel } from '@gridlens/contracts';

/**
 * What the rollup tables hold (pure: no I/O). A row of case_rollup counts, by current status, the cases reported in
 * one local day or month (`grain`, `bucket`), of one minor category or of all ('*'), in one city and district, that
 * fall in one cell of one spatial scheme. Which (grain, category level, scheme) combinations are kept is the
 * layout below: each is kept only where it makes rows much fewer than cases (a day of one minor category in one
 * H3 cell of resolution 10 holds about one case, so that row would save nothing over the raw table).
 */

/** H3 resolutions the rollups and the grid endpoint serve. */
export const ROLLUP_H3_RESOLUTIONS = [6, 7, 8, 9, 10] as const;
/** Square sides (metres) kept; a query's square size must be a multiple of one of them to be served from rollups. */
export const ROLLUP_SQUARE_SIZES = [500, 100] as const;
export const ROLLUP_REGION_LEVELS = ['district', 'street', 'community', 'grid'] as const satisfies readonly RegionLevel[];

export type RollupRegionLevel = (typeof ROLLUP_REGION_LEVELS)[number];
/** `h3:<resolution>`, `sq:<metres>` or a region level. */
export type RollupScheme = `h3:${number}` | `sq:${number}` | RollupRegionLevel;
export type RollupGrain = 'day' | 'week' | 'month' | 'year';
export type CategoryLevel = 'all' | 'minor';

/** The key written for "all categories". */
export const ALL_CATEGORIES = '*';

export interface LayoutEntry {
  grain: RollupGrain;
  categories: CategoryLevel;
  schemes: readonly RollupScheme[];
}

const H3 = ROLLUP_H3_RESOLUTIONS.map((r) => `h3:${r}` as const);
const SQUARES = ROLLUP_SQUARE_SIZES.map((s) => `sq:${s}` as const);

/** The grains cases are counted into; the others are sums of these (DERIVED_GRAINS). */
const BASE_LAYOUT: readonly LayoutEntry[] = [
  { grain: 'month', categories: 'all', schemes: [...H3, ...SQUARES, ...ROLLUP_REGION_LEVELS] },
  { grain: 'month', categories: 'minor', schemes: ['h3:6', 'h3:7', 'h3:8', 'sq:500', 'district', 'street', 'community'] },
  { grain: 'day', categories: 'all', schemes: ['h3:6', 'h3:7', 'h3:8', 'h3:9', 'sq:500', 'district', 'street', 'community'] },
  { grain: 'day', categories: 'minor', schemes: ['district', 'street'] },
];

/**
 * Coarser grains kept wherever their finer grain is: a year row sums the year's month rows, a week row (ISO week,
 * Monday to Sunday, local) the week's day rows. Reads take whole years and weeks from them (rollup-plan.ts); a
 * rebuild sums them in SQL from the rows it counted (RollupRepository.buildFromStaging), a catch-up counts them
 * like the others.
 */
export const DERIVED_GRAINS: readonly { grain: RollupGrain; from: RollupGrain }[] = [
  { grain: 'year', from: 'month' },
  { grain: 'week', from: 'day' },
];

export const ROLLUP_LAYOUT: readonly LayoutEntry[] = [
  ...BASE_LAYOUT,
  ...DERIVED_GRAINS.flatMap((d) => BASE_LAYOUT.filter((e) => e.grain === d.from).map((e) => ({ ...e, grain: d.grain }))),
];

/** Rows a rebuild sums in SQL from rows of a finer grain (same scheme, category level, city and district). */
export interface SummedRows {
  grain: RollupGrain;
  from: RollupGrain;
  categories: CategoryLevel;
  schemes: readonly RollupScheme[];
}

function keptAt(grain: RollupGrain, categories: CategoryLevel): readonly RollupScheme[] {
  return BASE_LAYOUT.find((e) => e.grain === grain && e.categories === categories)?.schemes ?? [];
}

/**
 * How a rebuild makes the rollups: it counts each case into REBUILD_COUNTED_LAYOUT's rows only, then sums the other
 * rows in SQL, in REBUILD_SUMMED_ROWS' order (each from rows made before it). A month row is a sum of its month's
 * day rows wherever day rows of that scheme and category level are kept (18 keys counted per case instead of 28:
 * the rebuild's JavaScript was its slowest part, bench/README.md); the rows are the same either way.
 */
export const REBUILD_COUNTED_LAYOUT: readonly LayoutEntry[] = BASE_LAYOUT.map((e) =>
  e.grain === 'month' ? { ...e, schemes: e.schemes.filter((s) => !keptAt('day', e.categories).includes(s)) } : e,
).filter((e) => e.schemes.length > 0);

export const REBUILD_SUMMED_ROWS: readonly SummedRows[] = [
  ...(['all', 'minor'] as const).map((categories) => ({
    grain: 'month' as const,
    from: 'day' as const,
    categories,
    schemes: keptAt('month', categories).filter((s) => keptAt('day', categories).includes(s)),
  })),
  ...DERIVED_GRAINS.flatMap((d) => BASE_LAYOUT.filter((e) => e.grain === d.from).map((e) => ({ grain: d.grain, from: d.from, categories: e.categories, schemes: e.schemes }))),
].filter((r) => r.schemes.length > 0);

/** A stable text of the layout: stored with the rollups, so a server with another layout rebuilds them. */
export const LAYOUT_SIGNATURE = ROLLUP_LAYOUT.map((e) => `${e.grain}/${e.categories}:${e.schemes.join(',')}`).join(';');

export function isKept(grain: RollupGrain, categories: CategoryLevel, scheme: RollupScheme): boolean {
  return ROLLUP_LAYOUT.some((e) => e.grain === grain && e.categories === categories && e.schemes.includes(scheme));
}

/**
 * Schemes whose rows also count cases by current status. Elsewhere rows count cases only, so a case's later events
 * (status changes) touch its few coarse region rows instead of all ~30 of its rows: a status filter on an H3 or
 * square grid is read raw.
 */
export const STATUS_SCHEMES: readonly RollupScheme[] = ['district', 'street', 'community'];

export function tracksStatus(scheme: RollupScheme): boolean {
  return STATUS_SCHEMES.includes(scheme);
}


/** A case as the rollups see it: fields fixed when it is reported, and its current status. */
export interface RollupCase {
  category: string;
  lon: number;
  lat: number;
  /** The point in the rollups' metric projection (rollup_state.srid). */
  x: number;
  y: number;
  city: string | null;
  district: string | null;
  street: string | null;
  community: string | null;
  grid: string | null;
  reportedMs: number;
}

/** The case's cell in a scheme (null: the case is in no region of that level, so it has no cell there). */
export function cellOf(scheme: RollupScheme, c: RollupCase): string | null {
  if (scheme.startsWith('h3:')) return latLngToCell(c.lat, c.lon, Number(scheme.slice(3)));
  if (scheme.startsWith('sq:')) return squareCell(c.x, c.y, Number(scheme.slice(3)));
  return c[scheme as RollupRegionLevel];
}

/** A square's cell text: `col:row` = floor(x / size):floor(y / size), as the grid endpoint numbers squares. */
export function squareCell(x: number, y: number, size: number): string {
  return `${Math.floor(x / size)}:${Math.floor(y / size)}`;
}

/** The base square size a query's size is summed from (the largest kept size dividing it), or null. */
export function squareBase(size: number): number | null {
  return ROLLUP_SQUARE_SIZES.find((s) => Number.isInteger(size / s)) ?? null;
}

/** A base square's cell text re-numbered for squares `factor` times larger. */
export function coarserSquare(cell: string, factor: number): string {
  if (factor === 1) return cell;
  const [a, b] = cell.split(':').map(Number);
  return `${Math.floor(a / factor)}:${Math.floor(b / factor)}`;
}

/** Separates a key's fields in its text (never inside a code, an H3 index, a date or a cell number). */
export const KEY_FIELD_SEPARATOR = '\x1f';

/**
 * A row's key as one text: scheme, grain, bucket, category, city, district and cell joined by
 * KEY_FIELD_SEPARATOR (SQL splits it with string_to_array).
 */
export type RollupKeyText = string;

/** The keys a case counts under, and which of them count by status. */
export interface CaseKeys {
  keys: RollupKeyText[];
  tracked: boolean[];
}

/** Local buckets of an instant: `YYYY-MM-DD` of its day, the Monday of its week, `YYYY-MM-01`, `YYYY-01-01`. */
export interface BucketsOf {
  (ms: number): Record<RollupGrain, string>;
}

/**
 * Every rollup key a case counts under (the same for all its statuses: the status picks the column); with
 * `layout`, only that layout's keys (a rebuild counts REBUILD_COUNTED_LAYOUT's and sums the others).
 */
export function rollupKeys(c: RollupCase, bucketsOf: BucketsOf, layout: readonly LayoutEntry[] = ROLLUP_LAYOUT): CaseKeys {
  const buckets = bucketsOf(c.reportedMs);
  const sep = KEY_FIELD_SEPARATOR;
  const region = `${sep}${c.city ?? ''}${sep}${c.district ?? ''}${sep}`;
  const cells = new Map<RollupScheme, string | null>();
  const keys: RollupKeyText[] = [];
  const tracked: boolean[] = [];
  for (const entry of layout) {
    const prefix = `${sep}${entry.grain}${sep}${buckets[entry.grain]}${sep}${entry.categories === 'all' ? ALL_CATEGORIES : c.category}${region}`;
    for (const scheme of entry.schemes) {
      let cell = cells.get(scheme);
      if (cell === undefined) cells.set(scheme, (cell = cellOf(scheme, c)));
      if (cell === null) continue;
      keys.push(scheme + prefix + cell);
      tracked.push(tracksStatus(scheme));
    }
  }
  return { keys, tracked };
}

/**
 * Per-key count changes: a new case is +1 in `cases` of all its keys and +1 in its status on status-tracking keys;
 * a status change is −1 / +1 in the two statuses on status-tracking keys only. A key's counts are [cases, then one
 * per status in the order of CASE_STATUSES] (case_rollup's count columns). Counts live in one growable
 * Int32Array (a row of 1 + statuses per key), so millions of keys cost no garbage per key.
 */
export class RollupDeltas {
  private readonly slots = new Map<RollupKeyText, number>();
  private counts: Int32Array;
  readonly width: number;

  constructor(private readonly statuses: readonly CaseStatus[]) {
    this.width = statuses.length + 1;
    this.counts = new Int32Array(this.width * 1024);
  }

  addCase(k: CaseKeys, status: CaseStatus): void {
    const column = this.column(status);
    for (let i = 0; i < k.keys.length; i++) {
      const at = this.slot(k.keys[i]);
      this.counts[at] += 1;
      if (k.tracked[i]) this.counts[at + column] += 1;
    }
  }

  moveStatus(k: CaseKeys, from: CaseStatus, to: CaseStatus): void {
    const [a, b] = [this.column(from), this.column(to)];
    for (let i = 0; i < k.keys.length; i++) {
      if (!k.tracked[i]) continue;
      const at = this.slot(k.keys[i]);
      this.counts[at + a] -= 1;
      this.counts[at + b] += 1;
    }
  }

  /** The keys whose counts changed (a move within one key cancels out) and their counts, `width` per key. */
  changed(): { keys: RollupKeyText[]; counts: Int32Array } {
    const keys: RollupKeyText[] = [];
    const out = new Int32Array(this.slots.size * this.width);
    let n = 0;
    for (const [key, at] of this.slots) {
      let any = false;
      for (let j = 0; j < this.width; j++) if (this.counts[at + j] !== 0) any = true;
      if (!any) continue;
      keys.push(key);
      out.set(this.counts.subarray(at, at + this.width), n * this.width);
      n++;
    }
    return { keys, counts: out.subarray(0, n * this.width) };
  }

  get size(): number {
    return this.slots.size;
  }

  clear(): void {
    this.slots.clear();
    this.counts.fill(0);
  }

  private column(status: CaseStatus): number {
    const i = this.statuses.indexOf(status);
    if (i < 0) throw new Error(`rollups: unknown status "${status}"`);
    return i + 1;
  }

  private slot(key: RollupKeyText): number {
    let at = this.slots.get(key);
    if (at === undefined) {
      at = this.slots.size * this.width;
      if (at + this.width > this.counts.length) {
        const grown = new Int32Array(this.counts.length * 2);
        grown.set(this.counts);
        this.counts = grown;
      }
      this.slots.set(key, at);
    }
    return at;
  }
}
