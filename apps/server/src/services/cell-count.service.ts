import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { latLngToCell } from 'h3-js';
import type { CountSource, RegionLevel, RollupSourceParam } from '@gridlens/contracts';
import { DATABASE, type Database, type Queryable } from '../db/database';
import { RollupRepository, type RawCaseFilter, type RawKey, type RollupWatermark } from '../repositories/rollup.repository';
import { ALL_CATEGORIES, cellOf, coarserSquare, isKept, squareBase, tracksStatus, type RollupRegionLevel, type RollupScheme } from './rollup-layout';
import { planCounts, type SignedPiece } from './rollup-complement';
import { inPiece, planWindow, type KeptGrains, type RawPiece, type RollupPiece } from './rollup-plan';
import { RollupService, rollupCaseAt } from './rollup.service';
import { stepIndex } from './trend-figures';

/** The cells a count is made in. */
export type CellScheme =
  | { kind: 'h3'; resolution: number }
  | { kind: 'square'; size: number; srid: number }
  | { kind: 'region'; level: RollupRegionLevel };

export interface CellCountQuery {
  scheme: CellScheme;
  filter: RawCaseFilter;
  /** The level of `filter.region` (null without one). */
  regionLevel: RegionLevel | null;
  /** A box only raw reads use to skip cases the caller discards anyway (never changes the counts it keeps). */
  prefilter?: RawCaseFilter['bbox'];
  source: RollupSourceParam;
}

/** Counts per cell (or per cell and step), exact as of event `seq`. */
export interface CellCounts<T> {
  seq: number;
  source: CountSource;
  cells: Map<string, T>;
}

/** A read that finds a longer tail asks for a fold in the background (it still adds the tail itself). */
export const READ_TAIL_LIMIT = 20_000;

/**
 * Counts of matching cases per cell: rollup rows for the whole local days and months of the window, raw cases for
 * what is left (and for queries the rollups do not key on: a bbox, a street-level region, …), plus the events logged
 * since the rollups' watermark, all read in one snapshot. With `source=raw` everything is read raw (the on-the-fly
 * aggregation the rollups replace; the benchmark and the equality tests compare the two).
 */
@Injectable()
export class CellCountService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(RollupRepository) private readonly repository: RollupRepository,
    @Inject(RollupService) private readonly rollups: RollupService,
  ) {}

  count(q: CellCountQuery): Promise<CellCounts<number>> {
    return this.run(q, null) as Promise<CellCounts<number>>;
  }

  /** Counts per cell and time step: step s is [edges[s], edges[s + 1]) (local days or weeks). */
  countSteps(q: CellCountQuery, edges: readonly number[]): Promise<CellCounts<Float64Array>> {
    return this.run(q, edges) as Promise<CellCounts<Float64Array>>;
  }

  private async run(q: CellCountQuery, edges: readonly number[] | null): Promise<CellCounts<number | Float64Array>> {
    // Read before the transaction: PGlite has one connection, so nothing may query outside `tx` inside it.
    const citySrid = q.source === 'raw' ? 0 : await this.rollups.citySrid();
    if (q.source !== 'raw') {
      // A long tail: fold it in the background for the next reads; this one adds it itself (never waits for a fold).
      const w = await this.repository.watermark();
      if (w.state && w.lastSeq - w.state.seq > READ_TAIL_LIMIT) this.rollups.requestCatchUp();
    }
    return this.db.transaction(async (tx) => {
      const w = await this.repository.watermark(tx);
      const unusable = q.source === 'raw' ? 'source=raw' : this.whyNotRollups(q, w, citySrid, edges);
      if (unusable && q.source === 'rollup') throw new BadRequestException(`source: this query cannot be served from the rollups (${unusable})`);
      const pieces: SignedPiece[] = unusable ? [{ kind: 'raw', from: q.filter.from, to: q.filter.to, sign: 1 }] : await this.plan(tx, q, edges);
      const sink = new CountSink(edges);
      // Rollup pieces first, planned as the small range reads they are; then raw pieces with the server's settings.
      const rollupFirst = [...pieces.filter((p) => p.kind === 'rollup'), ...pieces.filter((p) => p.kind === 'raw')];
      let rangeReads = false;
      for (const piece of rollupFirst) {
        if (piece.kind === 'rollup') {
          if (!rangeReads) await this.repository.planAsRangeReads(tx);
          rangeReads = true;
          await this.addRollupPiece(tx, q, piece, sink);
        } else {
          if (rangeReads) await this.repository.planAsRangeReads(tx, true);
          rangeReads = false;
          await this.addRawPiece(tx, q, piece, sink);
        }
      }
      const rollupPieces = pieces.filter((p): p is RollupPiece & SignedPiece => p.kind === 'rollup');
      if (rollupPieces.length && w.state!.seq < w.lastSeq) await this.addTail(tx, q, w, rollupPieces, sink);
      const raw = pieces.some((p) => p.kind === 'raw');
      return { seq: w.lastSeq, source: rollupPieces.length === 0 ? 'raw' : raw ? 'mixed' : 'rollup', cells: sink.result() };
    }, { isolation: 'repeatable read' });
  }

  /** Null when the rollups can answer the query (with raw edges), else why not. */
  private whyNotRollups(q: CellCountQuery, w: RollupWatermark, citySrid: number, edges: readonly number[] | null): string | null {
    if (!this.rollups.isCurrentLayout(w, citySrid)) return 'they are not built yet for this city, time zone and layout';
    if (q.filter.bbox) return 'a bbox cuts through cells';
    if (q.regionLevel && q.regionLevel !== 'city' && q.regionLevel !== 'district') return `they are keyed by district, not by ${q.regionLevel}`;
    if (q.scheme.kind === 'square') {
      if (q.scheme.srid !== w.state!.srid) return `squares are kept in EPSG:${w.state!.srid}`;
      if (squareBase(q.scheme.size) === null) return 'square sizes must be a multiple of 100 m';
    }
    if (q.filter.statuses && !tracksStatus(this.baseScheme(q))) return 'statuses are kept for districts, streets and communities only';
    const kept = this.kept(q, edges);
    if (!kept.day && !kept.month && !kept.week && !kept.year) return `no rollup rows are kept for ${this.baseScheme(q)} by ${q.filter.categories ? 'minor category' : 'all categories'}`;
    return null;
  }

  private baseScheme(q: CellCountQuery): RollupScheme {
    const s = q.scheme;
    if (s.kind === 'h3') return `h3:${s.resolution}`;
    if (s.kind === 'square') return `sq:${squareBase(s.size) ?? 0}`;
    return s.level;
  }

  private kept(q: CellCountQuery, edges: readonly number[] | null): KeptGrains {
    const level = q.filter.categories ? 'minor' : 'all';
    const scheme = this.baseScheme(q);
    // Month and year rows cannot be split into day or week steps; week rows fit steps whose inner edges are all Mondays.
    return {
      day: isKept('day', level, scheme),
      week: isKept('week', level, scheme) && (!edges || this.edgesAreWeeks(edges)),
      month: !edges && isKept('month', level, scheme),
      year: !edges && isKept('year', level, scheme),
    };
  }

  /** Whether every inner step edge is a local Monday midnight (then no week row straddles two steps). */
  private edgesAreWeeks(edges: readonly number[]): boolean {
    const cal = this.rollups.local;
    for (let i = 1; i < edges.length - 1; i++) if (cal.floorWeek(edges[i]) !== edges[i]) return false;
    return true;
  }

  /**
   * The window's pieces, or for totals (no steps) its complement's when that reads less: everything less what was
   * reported before `from` and from `to` on (rollup-complement.ts), with the report bounds read in the same snapshot.
   */
  private async plan(tx: Queryable, q: CellCountQuery, edges: readonly number[] | null): Promise<SignedPiece[]> {
    const { from, to } = q.filter;
    if (edges) return planWindow(from, to, this.kept(q, edges), this.rollups.local).map((p) => ({ ...p, sign: 1 }));
    const bounds = from === null && to === null ? null : await this.repository.reportRange(tx);
    return planCounts(from, to, this.kept(q, edges), this.rollups.local, bounds);
  }

  /** A base cell re-numbered for the query's scheme (base squares into larger squares; others unchanged). */
  private toQueryCell(q: CellCountQuery, cell: string): string {
    return q.scheme.kind === 'square' ? coarserSquare(cell, q.scheme.size / squareBase(q.scheme.size)!) : cell;
  }

  private regionKey(q: CellCountQuery): { city: string | null; district: string | null } {
    if (q.regionLevel === 'city') return { city: q.filter.region, district: null };
    if (q.regionLevel === 'district') return { city: null, district: q.filter.region };
    return { city: null, district: null };
  }

  private async addRollupPiece(tx: Queryable, q: CellCountQuery, piece: RollupPiece & SignedPiece, sink: CountSink): Promise<void> {
    const rows = await this.repository.counts(tx, {
      scheme: this.baseScheme(q),
      grain: piece.grain,
      from: piece.from,
      to: piece.to,
      categories: q.filter.categories ?? [ALL_CATEGORIES],
      ...this.regionKey(q),
      statuses: q.filter.statuses,
      byBucket: sink.steps,
    });
    for (let i = 0; i < rows.cells.length; i++) {
      const t = rows.buckets ? this.rollups.local.dayStartOfDays(rows.buckets[i]) : null;
      sink.add(this.toQueryCell(q, rows.cells[i]), t, piece.sign * rows.counts[i]);
    }
  }

  private async addRawPiece(tx: Queryable, q: CellCountQuery, piece: RawPiece & SignedPiece, sink: CountSink): Promise<void> {
    const filter: RawCaseFilter = { ...q.filter, from: piece.from, to: piece.to, bbox: q.filter.bbox ?? q.prefilter ?? null };
    const s = q.scheme;
    if (s.kind === 'h3') {
      const points = await this.repository.rawPoints(tx, filter, sink.steps);
      for (let i = 0; i < points.lon.length; i++) sink.add(latLngToCell(points.lat[i], points.lon[i], s.resolution), points.t?.[i] ?? null, piece.sign);
      return;
    }
    const key: RawKey = s.kind === 'square' ? { size: s.size, srid: s.srid } : { level: s.level };
    const rows = await this.repository.rawKeys(tx, filter, key, sink.steps);
    for (let i = 0; i < rows.keys.length; i++) sink.add(rows.keys[i], rows.t?.[i] ?? null, piece.sign * (rows.counts?.[i] ?? 1));
  }

  /**
   * The events since the watermark, for the rollup pieces (raw pieces read the cases as they are now): a case counts
   * with the sum of the signs of the pieces holding its report (0 when a complement's total and side both hold it).
   */
  private async addTail(tx: Queryable, q: CellCountQuery, w: RollupWatermark, pieces: (RollupPiece & SignedPiece)[], sink: CountSink): Promise<void> {
    const tail = await this.repository.tail(tx, w.state!.seq, w.lastSeq, w.state!.srid);
    const f = q.filter;
    const region = this.regionKey(q);
    const scheme = this.baseScheme(q);
    for (let i = 0; i < tail.category.length; i++) {
      const c = rollupCaseAt(tail, i);
      if (f.categories && !f.categories.includes(c.category)) continue;
      if ((region.city && c.city !== region.city) || (region.district && c.district !== region.district)) continue;
      const buckets = this.rollups.local.bucketsOf(c.reportedMs);
      let sign = 0;
      for (const p of pieces) if (inPiece(buckets[p.grain], p)) sign += p.sign;
      if (sign === 0) continue;
      const cell = cellOf(scheme, c);
      if (cell === null) continue;
      // Without a status filter a case counts once it exists; with one, in the statuses it is in.
      const counts = (status: string | null) => status !== null && (!f.statuses || (f.statuses as string[]).includes(status));
      const before = tail.before?.[i] ?? null;
      const change = f.statuses ? (counts(tail.status[i]) ? 1 : 0) - (counts(before) ? 1 : 0) : before === null ? 1 : 0;
      if (change) sink.add(this.toQueryCell(q, cell), c.reportedMs, sign * change);
    }
  }
}

/** Sums counts per cell, or per cell and step. */
class CountSink {
  private readonly totals = new Map<string, number>();
  private readonly series = new Map<string, Float64Array>();

  constructor(private readonly edges: readonly number[] | null) {}

  get steps(): boolean {
    return this.edges !== null;
  }

  add(cell: string, t: number | null, n: number): void {
    if (!this.edges) {
      this.totals.set(cell, (this.totals.get(cell) ?? 0) + n);
      return;
    }
    const s = stepIndex(this.edges, t);
    if (s < 0) return;
    let series = this.series.get(cell);
    if (!series) this.series.set(cell, (series = new Float64Array(this.edges.length - 1)));
    series[s] += n;
  }

  /** Cells with a non-zero count (or a non-zero step). */
  result(): Map<string, number | Float64Array> {
    const out = new Map<string, number | Float64Array>();
    if (!this.edges) {
      for (const [cell, n] of this.totals) if (n !== 0) out.set(cell, n);
    } else {
      for (const [cell, s] of this.series) if (s.some((n) => n !== 0)) out.set(cell, s);
    }
    return out;
  }
}
