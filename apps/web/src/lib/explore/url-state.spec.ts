import { describe, expect, it } from 'vitest';
import { defaultView, parseView, serialiseView, type ExploreView } from './url-state';

const TODAY = '2026-11-28';

describe('explorer URL state', () => {
  it('defaults to Gi* hotspots on H3 8 over the last 30 days, written as the period only', () => {
    const view = parseView('', TODAY);
    expect(view).toEqual(defaultView(TODAY));
    expect(view.period).toEqual({ from: '2026-10-30', to: '2026-11-28' });
    expect(serialiseView(view, TODAY)).toBe('period=2026-10-30~2026-11-28');
  });

  it('round-trips every field', () => {
    const view: ExploreView = {
      grid: 'emerging',
      points: true,
      heatmap: true,
      cell: 'square',
      res: 9,
      size: 750,
      level: 'community',
      k: 3,
      fdr: true,
      step: 'week',
      period: { from: '2026-09-01', to: '2026-11-28' },
      width: 'week',
      pos: 12,
      categories: ['E05', 'C0101'],
      region: '320402',
      status: ['reported', 'closed'],
      compare: { a: { from: '2026-09-01', to: '2026-09-30' }, b: { from: '2026-10-01', to: '2026-10-30' } },
      centre: { lon: 119.973123, lat: 31.779456, zoom: 11.25 },
      selected: '8831aa5a63fffff',
    };
    const text = serialiseView(view, TODAY);
    expect(parseView(`?${text}`, TODAY)).toEqual(view);
    // a later day does not move an explicit period
    expect(parseView(text, '2027-01-01').period).toEqual(view.period);
    expect(text).toContain('cat=E05,C0101');
    expect(text).toContain('a=2026-09-01~2026-09-30');
  });

  it('rounds the map centre to a short, stable form', () => {
    const view = { ...defaultView(TODAY), centre: { lon: 119.97312345678, lat: 31.7794561234, zoom: 11.256789 } };
    const again = parseView(serialiseView(view, TODAY), TODAY);
    expect(again.centre).toEqual({ lon: 119.973123, lat: 31.779456, zoom: 11.26 });
    expect(serialiseView(again, TODAY)).toBe(serialiseView(view, TODAY));
  });

  it('ignores invalid values field by field', () => {
    const view = parseView('layer=bogus&res=12&k=0&size=10&period=2026-11-30~2026-11-01&status=reported,lost&at=1,2&a=2026-01-01~2026-01-02&pos=-1', TODAY);
    const d = defaultView(TODAY);
    expect(view.grid).toBe(d.grid);
    expect(view.res).toBe(8);
    expect(view.k).toBe(1);
    expect(view.size).toBe(500);
    expect(view.period).toEqual(d.period);
    expect(view.status).toEqual(['reported']);
    expect(view.centre).toBeNull();
    expect(view.compare).toBeNull(); // A without B
    expect(view.pos).toBeNull();
  });
});
