import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { CountSource, RegionLevel, TrendStep, TrendStepFigures } from '@gridlens/contracts';
import { DATABASE, type Database, type Queryable } from '../db/database';
import { RollupRepository, type RollupWatermark } from '../repositories/rollup.repository';
import { TrendRepository, type TrendCaseColumns } from '../repositories/trend.repository';
import { TrendRollupRepository, type TailMark } from '../repositories/trend-rollup.repository';
import { inPiece, planWindow, type RawPiece, type RollupPiece, type WindowPiece } from './rollup-plan';
import { RollupService } from './rollup.service';
import { stepIndex } from './trend-figures';
import { MARKS, ROLLUP_SIGNATURE, TREND_ALL, TrendTally, contribution, trendKept, type Contribution, type TrendGrain } from './trend-rollup-tally';
import { TrendRollupService } from './trend-rollup.service';

export interface TrendRollupQuery {
  region: { code: string; level: RegionLevel } | null;
  /** Minor category codes, or null for all. */
  categories: string[] | null;
  step: TrendStep;
  /** The step edges of each period (the main one, then the compared one). */
  periods: number[][];
  /** `rollup`: a query the rollups cannot serve is a 400 naming `source`. */
  source: 'auto' | 'rollup';
}

/** Per period, the tallies of its steps and of the whole period, exact as of event `seq`. */
export interface TrendRollupAnswer {
  seq: number;
  source: CountSource;
  periods: { steps: TrendTally[]; total: TrendTally }[];
}

/** A read that finds a longer tail asks for a fold in the background (it still adds the tail itself). */
const READ_TAIL_LIMIT = 20_000;

/** The figures of tallied steps, with their edges. */
export function stepFigures(edges: readonly number[], steps: readonly TrendTally[]): TrendStepFigures[] {
  return steps.map((t, k) => ({ start: new Date(edges[k]).toISOString(), end: new Date(edges[k + 1]).toISOString(), ...t.figures() }));
}

/**
 * The trend from the trend rollup: each period is planned (rollup-plan.ts) into whole local months (month steps only)
 * and days from rollup rows and the raw edges left over; the stage times set by events after the watermark are added
 * for the rollup pieces; raw edges read the cases with a stage in them, from the earliest report the edge's day rows
 * (and the tail) hold, so an edge never scans the whole table. All in one snapshot: exact at every moment.
 */
@Injectable()
export class TrendRollupReadService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(RollupRepository) private readonly watermarks: RollupRepository,
    @Inject(TrendRollupRepository) private readonly repository: TrendRollupRepository,
    @Inject(TrendRepository) private readonly raw: TrendRepository,
    @Inject(RollupService) private readonly rollups: RollupService,
    @Inject(TrendRollupService) private readonly writer: TrendRollupService,
  ) {}

  /** The answer, or null where no rollup row would serve it (the caller reads raw). `tx`: read in the caller's snapshot. */
  async read(q: TrendRollupQuery, tx?: Queryable): Promise<TrendRollupAnswer | null> {
    if (tx) return this.readIn(tx, q);
    const w = await this.watermarks.watermark();
    if (w.state && w.lastSeq - w.state.seq > READ_TAIL_LIMIT) this.rollups.requestCatchUp();
    return this.db.transaction((t) => this.readIn(t, q), { isolation: 'repeatable read' });
  }

  /** Null when the rollups can answer the query (with raw edges), else why not. */
  whyNot(q: Pick<TrendRollupQuery, 'region' | 'categories' | 'step'>, w: RollupWatermark): string | null {
    if (!w.state || w.state.timeZone !== this.rollups.timeZone || w.state.layout !== ROLLUP_SIGNATURE) return 'they are not built yet for this time zone and layout';
    if (q.region && q.region.level !== 'city' && q.region.level !== 'district') return `they are keyed by district, not by ${q.region.level}`;
    if (q.step === 'hour') return 'rows are kept by local day and month, so hour steps are read raw';
    const kept = this.kept(q);
    if (!kept.day && !kept.month) return `rows by minor category are kept by month only, so ${q.step} steps with categories are read raw`;
    return null;
  }

  private kept(q: Pick<TrendRollupQuery, 'categories' | 'step'>) {
    const level = q.categories ? 'minor' : 'all';
    return { day: q.step !== 'hour' && trendKept('day', level), month: q.step === 'month' && trendKept('month', level) };
  }

  private async readIn(tx: Queryable, q: TrendRollupQuery): Promise<TrendRollupAnswer | null> {
    const w = await this.watermarks.watermark(tx);
    const why = this.whyNot(q, w);
    if (why && q.source === 'rollup') throw new BadRequestException(`source: this trend cannot be served from the rollups (${why})`);
    if (why) return null;
    const plans = q.periods.map((edges) => planWindow(edges[0], edges[edges.length - 1], this.kept(q), this.rollups.local));
    if (!plans.some((pieces) => pieces.some((p) => p.kind === 'rollup'))) return null;
    const tail = w.state!.seq < w.lastSeq ? (await this.repository.tailMarks(tx, w.state!.seq, w.lastSeq)).filter((m) => this.inScope(q, m)) : [];
    const contributions = tail.map((m) => contribution(m.mark, m.c, this.writer.working)).filter((c): c is Contribution => c !== null);
    const periods: TrendRollupAnswer['periods'] = [];
    for (const [i, edges] of q.periods.entries()) periods.push(await this.period(tx, q, edges, plans[i], contributions));
    const raw = plans.some((pieces) => pieces.some((p) => p.kind === 'raw'));
    return { seq: w.lastSeq, source: raw ? 'mixed' : 'rollup', periods };
  }

  private inScope(q: TrendRollupQuery, m: TailMark): boolean {
    if (q.categories && !q.categories.includes(m.c.category)) return false;
    if (q.region?.level === 'city') return m.c.city === q.region.code;
    if (q.region?.level === 'district') return m.c.district === q.region.code;
    return true;
  }

  /** Which rows hold the region: the whole city's ('*') or a district's. */
  private rowRegion(q: TrendRollupQuery): { city: string | null; district: string } {
    if (q.region?.level === 'city') return { city: q.region.code, district: TREND_ALL };
    if (q.region?.level === 'district') return { city: null, district: q.region.code };
    return { city: null, district: TREND_ALL };
  }

  private async period(tx: Queryable, q: TrendRollupQuery, edges: number[], pieces: WindowPiece[], tail: Contribution[]) {
    const steps = edges.slice(0, -1).map(() => new TrendTally());
    const one = (c: Contribution) => {
      const k = stepIndex(edges, c.t);
      if (k >= 0) steps[k].add(c);
    };
    const region = this.rowRegion(q);
    const rollupPieces = pieces.filter((p): p is RollupPiece => p.kind === 'rollup');
    for (const piece of rollupPieces) {
      // Its KeptGrains name days and months only, so the plan has no week or year piece.
      const rows = await this.repository.rows(tx, { grain: piece.grain as TrendGrain, from: piece.from, to: piece.to, categories: q.categories ?? [TREND_ALL], ...region });
      for (const row of rows) {
        const k = stepIndex(edges, this.rollups.local.dayStart(row.bucket));
        if (k >= 0) steps[k].addEncoded(row.counts, row.sums, row.bins);
      }
    }
    const cal = this.rollups.local;
    for (const c of tail) {
      const b = cal.bucketsOf(c.t);
      if (rollupPieces.some((p) => inPiece(p.grain === 'day' ? b.day : b.month, p))) one(c);
    }
    for (const piece of pieces) if (piece.kind === 'raw') await this.rawPiece(tx, q, piece, tail, one);
    const total = new TrendTally();
    for (const s of steps) total.merge(s);
    return { steps, total };
  }

  /** The marks in a raw edge [from, to), from the cases as they are now (the tail's marks included). */
  private async rawPiece(tx: Queryable, q: TrendRollupQuery, piece: RawPiece, tail: Contribution[], one: (c: Contribution) => void): Promise<void> {
    const [a, b] = [piece.from!, piece.to!];
    const cal = this.rollups.local;
    const stored = await this.repository.firstReport(tx, { from: cal.date(cal.floorDay(a)), to: cal.date(cal.floorDay(b - 1)), ...this.rowRegion(q) });
    let first = stored ?? Infinity;
    for (const c of tail) if (c.t >= a && c.t < b && c.reportedMs < first) first = c.reportedMs;
    // No mark in the edge's days up to the watermark nor after it: nothing to read.
    if (!Number.isFinite(first)) return;
    const cases = await this.raw.caseTimes(
      { region: q.region?.code ?? null, categories: q.categories, windows: [{ from: new Date(a), to: new Date(b) }], reportedFrom: new Date(first) },
      tx,
    );
    forEachMark(cases, a, b, this.writer.working, one);
  }
}

/** Every mark of the cases of `columns` set in [from, to). */
function forEachMark(columns: TrendCaseColumns, from: number, to: number, working: (a: number, b: number) => number, visit: (c: Contribution) => void): void {
  for (let i = 0; i < columns.reported.length; i++) {
    const c = {
      reported: columns.reported[i],
      registered: columns.registered[i] ?? null,
      dispatched: columns.dispatched[i] ?? null,
      handled: columns.handled[i] ?? null,
      closed: columns.closed[i] ?? null,
      onTime: columns.onTime[i] ?? null,
    };
    for (const mark of MARKS) {
      const t = c[mark];
      if (t === null || t < from || t >= to) continue;
      const added = contribution(mark, c, working);
      if (added) visit(added);
    }
  }
}
