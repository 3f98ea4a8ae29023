import type { AlertFigures } from '@gridlens/contracts';
import { describe, expect, it } from 'vitest';
import { alertLink, alertReason, localDate } from './alert-text';

const TZ = 'Asia/Shanghai';
const rate: AlertFigures = {
  kind: 'rate_anomaly',
  hourStart: '2026-11-02T16:00:00.000Z', // 00:00 on 3 November in the city
  hourEnd: '2026-11-02T17:00:00.000Z',
  observed: 12,
  expected: 2,
  references: 8,
  referenceKind: 'same_hour_of_week',
  lambdaFloor: 0.5,
  variance: 0.5,
  model: 'negative_binomial',
  pValue: 2.3e-6,
  alpha: 0.001,
};

describe('alertReason', () => {
  it('says the figures and the threshold, in both languages', () => {
    const r = alertReason(rate, { zh: '天宁区', en: 'Tianning' });
    expect(r.en).toBe('Tianning: 12 new cases this hour against a usual 2 (8 reference hours); P(X ≥ 12) = 2.3e-6 < α = 0.001 (negative binomial)');
    expect(r.zh).toBe('天宁区本小时新增案件 12 件，同期通常 2 件（8 个参考时段）；P(X ≥ 12) = 2.3e-6 < α = 0.001');
  });
  it('names the city when there is no place, and the overdue threshold', () => {
    const r = alertReason({ kind: 'overdue_rising', windowMinutes: 60, overdueNow: 40, overdueBefore: 20, rise: 20, threshold: 10, minRise: 10, minRatio: 0.5 }, null);
    expect(r.en).toBe('the city: overdue cases rose from 20 to 40 in 60 minutes (+20; threshold +10 = max(10, 50 %))');
    expect(r.zh).toContain('全市超期案件 60 分钟内由 20 件增至 40 件');
  });
});

describe('alertLink', () => {
  it('opens the explorer on the day of the hour in the city, with the region', () => {
    expect(alertLink(rate, '320402', TZ, 0)).toBe('/explore?layer=none&pts=1&period=2026-11-03~2026-11-03&region=320402');
  });
  it('an emergency: its category, day and point; an emerging cell: the layer, window and selection', () => {
    const emergency = alertLink(
      { kind: 'emergency_reported', category: 'E0403', categoryNameZh: '燃气管道破裂', categoryNameEn: 'Gas pipe rupture', reportedAt: '2026-11-03T02:00:00.000Z', lon: 119.99, lat: 31.78 },
      '320402',
      TZ,
      0,
    );
    expect(emergency).toBe('/explore?layer=none&pts=1&period=2026-11-03~2026-11-03&cat=E0403&at=119.990000,31.780000,16&region=320402');
    const emerging = alertLink(
      { kind: 'emerging_hotspot', cell: '88309129edfffff', resolution: 8, classification: 'new', previous: null, from: '2026-10-20T16:00:00.000Z', to: '2026-11-03T04:00:00.000Z', step: 'day', lastZ: 5, trendZ: 1, trendP: 0.1, cases: 9 },
      null,
      TZ,
      0,
    );
    expect(emerging).toBe('/explore?layer=emerging&cell=h3&res=8&step=day&period=2026-10-21~2026-11-03&sel=88309129edfffff');
  });
  it('localDate is the calendar day in the time zone', () => expect(localDate(Date.parse('2026-11-02T16:30:00Z'), TZ)).toBe('2026-11-03'));
});
