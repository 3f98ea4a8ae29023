import { describe, expect, it } from 'vitest';
import { CASE_STATUSES } from '@gridlens/contracts';
import { emptyFilters, isFiltersRecord, queryOf, STATUSES } from './filters-record';

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

  it('makes the one scope object: window instants, region or null, copies of the lists', () => {
    const now = Date.parse('2026-11-28T23:50:00Z'); // 07:50 on 29 November in Shanghai
    const record = { ...emptyFilters(), window: '7d' as const, categories: ['E05'], district: '320402', statuses: ['closed' as const] };
    const query = queryOf(record, now, 'Asia/Shanghai');
    expect(query).toEqual({ from: '2026-11-22T16:00:00.000Z', to: '2026-11-29T16:00:00.000Z', categories: ['E05'], region: '320402', status: ['closed'] });
    expect(query.categories).not.toBe(record.categories);
    expect(queryOf(emptyFilters(), now, 'UTC')).toEqual({ from: '2026-11-28T00:00:00.000Z', to: '2026-11-29T00:00:00.000Z', categories: [], region: null, status: [] });
    // A custom window not valid yet: today meanwhile.
    const typing = { ...emptyFilters(), window: 'custom' as const, customFrom: '2026-11-20', customTo: '' };
    expect(queryOf(typing, now, 'Asia/Shanghai')).toMatchObject({ from: '2026-11-28T16:00:00.000Z', to: '2026-11-29T16:00:00.000Z' });
    const custom = { ...typing, customTo: '2026-11-21' };
    expect(queryOf(custom, now, 'Asia/Shanghai')).toMatchObject({ from: '2026-11-19T16:00:00.000Z', to: '2026-11-21T16:00:00.000Z' });
  });
});
