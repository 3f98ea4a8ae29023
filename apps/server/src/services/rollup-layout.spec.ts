import { describe, expect, it } from 'vitest';
import { KEY_FIELD_SEPARATOR, REBUILD_COUNTED_LAYOUT, REBUILD_SUMMED_ROWS, ROLLUP_LAYOUT, rollupKeys, type CategoryLevel, type RollupGrain, type RollupScheme } from './rollup-layout';
import { LocalCalendar } from './rollup-plan';

const rowsOf = (grain: RollupGrain, categories: CategoryLevel, scheme: RollupScheme) => `${grain}/${categories}/${scheme}`;
/** A key's scheme, grain and category fields. */
const fields = (key: string) => {
  const [scheme, grain, , category] = key.split(KEY_FIELD_SEPARATOR);
  return { scheme, grain, categories: category === '*' ? 'all' : 'minor' };
};

describe('how a rebuild makes the layout', () => {
  it('makes every kept kind of row exactly once: counted case by case or summed, from rows made before', () => {
    const made: string[] = REBUILD_COUNTED_LAYOUT.flatMap((e) => e.schemes.map((s) => rowsOf(e.grain, e.categories, s)));
    for (const r of REBUILD_SUMMED_ROWS) {
      for (const s of r.schemes) {
        expect(made, `summed ${rowsOf(r.grain, r.categories, s)} before its source`).toContain(rowsOf(r.from, r.categories, s));
        made.push(rowsOf(r.grain, r.categories, s));
      }
    }
    const kept = ROLLUP_LAYOUT.flatMap((e) => e.schemes.map((s) => rowsOf(e.grain, e.categories, s)));
    expect([...made].sort()).toEqual([...kept].sort());
  });

  it('counts month rows only where no day rows of the scheme are kept, 18 keys per case instead of 28', () => {
    const calendar = new LocalCalendar('Asia/Shanghai');
    const c = {
      category: 'C0101', lon: 119.97, lat: 31.78, x: 500_123, y: 3_516_789, city: '320400', district: '320402',
      street: '320402001', community: '320402001001', grid: '320402001001001', reportedMs: Date.parse('2026-03-02T04:00:00Z'),
    };
    const counted = rollupKeys(c, calendar.bucketsOf, REBUILD_COUNTED_LAYOUT).keys;
    const all = rollupKeys(c, calendar.bucketsOf).keys;
    expect(counted.length).toBe(18);
    expect(all.filter((k) => ['day', 'month'].includes(fields(k).grain))).toHaveLength(28);
    for (const key of counted) expect(all).toContain(key);
    const monthSchemes = counted.map(fields).filter((f) => f.grain === 'month').map((f) => `${f.scheme}/${f.categories}`);
    expect(monthSchemes.sort()).toEqual(['community/minor', 'grid/all', 'h3:10/all', 'h3:6/minor', 'h3:7/minor', 'h3:8/minor', 'sq:100/all', 'sq:500/minor']);
  });
});
