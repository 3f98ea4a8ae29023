import { describe, expect, it } from 'vitest';
import { emergingUrl, gridUrl, hotspotsUrl, pointsUrl, regionCountsUrl, shownDays, trendsUrl } from './requests';
import { defaultView } from './url-state';

const TZ = 'Asia/Shanghai';
const view = { ...defaultView('2026-11-28'), categories: ['E05'], status: ['reported' as const] };
const params = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);

describe('explorer requests', () => {
  it('hotspots follow the slider window, without the status filter', () => {
    const whole = params(hotspotsUrl(view, TZ));
    expect(whole).toEqual({ cell: 'h3', resolution: '8', k: '1', fdr: 'false', from: '2026-10-29T16:00:00.000Z', to: '2026-11-28T16:00:00.000Z', categories: 'E05' });
    const slid = params(hotspotsUrl({ ...view, pos: 3, width: 'week', cell: 'square', size: 750 }, TZ));
    expect(slid).toMatchObject({ cell: 'square', size: '750', from: '2026-11-01T16:00:00.000Z', to: '2026-11-08T16:00:00.000Z' });
    expect(shownDays({ ...view, pos: 3, width: 'week' })).toEqual({ from: '2026-11-02', to: '2026-11-08' });
  });

  it('emerging hotspots always analyse the whole period', () => {
    expect(params(emergingUrl({ ...view, pos: 5, step: 'week' }, TZ))).toMatchObject({ step: 'week', from: '2026-10-29T16:00:00.000Z', to: '2026-11-28T16:00:00.000Z' });
  });

  it('grid, region counts and points carry the status filter and region', () => {
    const days = { from: '2026-11-01', to: '2026-11-01' };
    expect(params(gridUrl({ ...view, region: '320402' }, 'h3', days, TZ))).toMatchObject({ cell: 'h3', resolution: '8', status: 'reported', region: '320402' });
    expect(params(regionCountsUrl({ ...view, level: 'community' }, days, TZ))).toMatchObject({ level: 'community', status: 'reported' });
    expect(params(pointsUrl(view, TZ))).toMatchObject({ format: 'arrow', status: 'reported' });
  });

  it('trends ask daily steps, with the second period as compare', () => {
    const a = { from: '2026-10-01', to: '2026-10-14' };
    const b = { from: '2026-10-15', to: '2026-10-28' };
    expect(params(trendsUrl(view, a, TZ, '320402', b))).toEqual({
      from: '2026-09-30T16:00:00.000Z',
      to: '2026-10-14T16:00:00.000Z',
      step: 'day',
      region: '320402',
      categories: 'E05',
      compare: '2026-10-14T16:00:00.000Z,2026-10-28T16:00:00.000Z',
    });
  });
});
