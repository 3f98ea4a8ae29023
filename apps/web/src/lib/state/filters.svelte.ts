/// <reference types="svelte" />
import type { CaseStatus } from '@gridlens/contracts';
import { emptyFilters, FILTERS_KEY, isFiltersRecord, queryOf, type FiltersRecord } from './filters-record';
import type { MapQuery } from './map-query';
import { browserStorage, readJson, writeJson, type KeyValueStorage } from './storage';
import { DEFAULT_TIME_ZONE, isTimeZone, msUntilNextMidnight, windowRange, type RangeResult, type WindowKind } from './time-window';

/**
 * The dashboard's filters: time window, categories, district, statuses. `query` is the one scope object every read
 * and the live subscription use; it changes only when a filter does, or when "today" rolls over at local midnight
 * (while `startClock()` runs). Choices are remembered in localStorage.
 */
export class Filters {
  window = $state<WindowKind>('today');
  /** Custom window, whole days `YYYY-MM-DD`, both included. */
  customFrom = $state('');
  customTo = $state('');
  /** Category codes at any level (family, major, minor); empty = all. */
  categories = $state<string[]>([]);
  /** District code, or '' for the whole city. */
  district = $state('');
  statuses = $state<CaseStatus[]>([]);
  /** The city's time zone (client-config). */
  timeZone = $state(DEFAULT_TIME_ZONE);
  /** The clock the preset windows are computed from; moved at each local midnight. */
  now = $state(Date.now());

  /** The window's range, or why the custom one is not valid. */
  readonly range: RangeResult = $derived(windowRange(this.window, this.now, this.timeZone, { from: this.customFrom, to: this.customTo }));

  readonly query: MapQuery = $derived(queryOf(this.record(), this.now, this.timeZone));

  constructor(private readonly storage: KeyValueStorage | null = browserStorage('localStorage')) {
    this.apply(readJson(storage, FILTERS_KEY, isFiltersRecord) ?? emptyFilters());
  }

  setTimeZone(timeZone: string): void {
    if (isTimeZone(timeZone)) this.timeZone = timeZone;
  }

  /** Save the current choices (call from an effect that reads them, or after a change). */
  save(): void {
    writeJson(this.storage, FILTERS_KEY, this.record());
  }

  reset(): void {
    this.apply(emptyFilters());
    this.save();
  }

  record(): FiltersRecord {
    return {
      window: this.window,
      customFrom: this.customFrom,
      customTo: this.customTo,
      categories: [...this.categories],
      district: this.district,
      statuses: [...this.statuses],
    };
  }

  /** Move `now` at every local midnight (plus a second), so "today" rolls over; returns the stop function. */
  startClock(): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeZone = this.timeZone;
    // Reads no state it writes: an effect that calls this depends on timeZone only.
    const schedule = () => {
      const now = Date.now();
      this.now = now;
      timer = setTimeout(schedule, msUntilNextMidnight(now, timeZone) + 1_000);
    };
    schedule();
    return () => clearTimeout(timer);
  }

  private apply(record: FiltersRecord): void {
    this.window = record.window;
    this.customFrom = record.customFrom;
    this.customTo = record.customTo;
    this.categories = record.categories;
    this.district = record.district;
    this.statuses = record.statuses;
  }
}
