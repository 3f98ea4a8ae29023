import { describe, expect, it } from 'vitest';
import { CASE_STATUSES } from '@gridlens/contracts';
import { emptyFilters, isFiltersRecord, STATUSES } from './filters-record';

describe('filters record', () => {
  it('lists the contract statuses in the same order', () => {
    expect(STATUSES).toEqual([...CASE_STATUSES]);
  });

  it('accepts what the dashboard saves and refuses anything else', () => {
    const saved = { ...emptyFilters(), window: '7d', categories: ['E05', 'C0101'], district: '320402', statuses: ['registered'] };
    expect(isFiltersRecord(emptyFilters())).toBe(true);
    expect(isFiltersRecord(saved)).toBe(true);
    expect(isFiltersRecord({ ...saved, window: '90d' })).toBe(false);
    expect(isFiltersRecord({ ...saved, statuses: ['lost'] })).toBe(false);
    expect(isFiltersRecord({ ...saved, categories: [''] })).toBe(false);
    expect(isFiltersRecord({ ...saved, district: null })).toBe(false);
    expect(isFiltersRecord(null)).toBe(false);
  });
});
