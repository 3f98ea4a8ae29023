import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { Queryable } from '../db/database';
import { RollupRepository } from '../repositories/rollup.repository';
import { TrendRollupRepository, type TrendCase } from '../repositories/trend-rollup.repository';
import { ClockService } from './clock.service';
import { LocalCalendar } from './rollup-plan';
import { MARKS, TrendRows, contribution, type Mark, type TrendGrain } from './trend-rollup-tally';
import { REBUILD_SLICE_DAYS, slicesReadAhead } from './slices-read-ahead';


/**
 * Writes the trend rollup (trend_rollup) for RollupService, inside its transactions: a rebuild fills a build table
 * from the raw cases in RollupService's snapshot and swaps it in with case_rollup's; a fold adds the stage times set
 * by the events of a tail of the log, under the writers' lock, in the transaction that moves the watermark.
 */
@Injectable()
export class TrendRollupService {
  private readonly calendar: LocalCalendar;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(TrendRollupRepository) private readonly repository: TrendRollupRepository,
    @Inject(RollupRepository) private readonly rollups: RollupRepository,
    @Inject(ClockService) private readonly clock: ClockService,
  ) {
    this.calendar = new LocalCalendar(config.TZ_CITY);
  }

  readonly working = (a: number, b: number): number => this.clock.clock.workingMinutesBetween(a, b);

  /** Add a mark of a case to `rows`. */
  private addMark(rows: TrendRows, mark: Mark, c: TrendCase): void {
    const added = contribution(mark, c, this.working);
    if (added) rows.add(c, added, this.calendar.bucketsOf);
  }

  /**
   * Fill trend_rollup_build from every case (in the caller's snapshot). Cases are read by report time, and no stage
   * is before its report, so once the cases reported before T are read, every row whose bucket ends by T is
   * complete: it is written then and dropped from memory.
   */
  async build(tx: Queryable): Promise<void> {
    const table = await this.repository.createBuildTable(tx);
    const range = await this.rollups.reportRange(tx);
    const rows = new TrendRows();
    const slices = slicesReadAhead(range, REBUILD_SLICE_DAYS * 86_400_000, (from, to) => this.repository.casesReported(tx, from, to));
    for await (const { to, value: cases } of slices) {
      for (const c of cases) for (const mark of MARKS) this.addMark(rows, mark, c);
      await this.repository.writeRows(tx, rows.takeEndedBy(to, this.bucketEnd), table);
    }
    await this.repository.writeRows(tx, rows.rows, table);
    await this.repository.indexBuildTable(tx);
  }

  /** Put the built table in place (in the transaction that swaps case_rollup and sets the watermark). */
  swapIn(tx: Queryable): Promise<void> {
    return this.repository.swapInBuildTable(tx);
  }

  /** Add the stage times set by the events in (after, upTo] (under the writers' lock). */
  async fold(tx: Queryable, after: number, upTo: number): Promise<void> {
    const changes = new TrendRows();
    for (const { mark, c } of await this.repository.tailMarks(tx, after, upTo)) this.addMark(changes, mark, c);
    if (changes.rows.size === 0) return;
    const stored = await this.repository.rowsOf(tx, [...changes.rows.keys()]);
    for (const [key, t] of changes.rows) {
      const old = stored.get(key);
      if (old) t.merge(old);
    }
    await this.repository.writeRows(tx, changes.rows);
  }

  private readonly ends = new Map<string, number>();

  /** The instant a bucket ends (cached: a rebuild asks for every live row's after each slice). */
  private readonly bucketEnd = (grain: TrendGrain, bucket: string): number => {
    const key = `${grain}${bucket}`;
    let end = this.ends.get(key);
    if (end === undefined) {
      end = DateTime.fromISO(bucket, { zone: this.calendar.timeZone }).plus(grain === 'day' ? { days: 1 } : { months: 1 }).toMillis();
      if (this.ends.size > 100_000) this.ends.clear();
      this.ends.set(key, end);
    }
    return end;
  };
}
