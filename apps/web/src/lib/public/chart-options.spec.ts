import { describe, expect, it } from 'vitest';
import { rankHistoryOption, scoreBarsOption, scoreChartHeight } from './chart-options';
import { FIXTURE_RANKING, FIXTURE_SCHEME } from './ranking-fixture';

describe('public chart options', () => {
  it('score bars: ranked units only, rank 1 on top, grade colours, 0–100 axis', () => {
    const option = scoreBarsOption(FIXTURE_RANKING.rows, FIXTURE_SCHEME.grades, (r) => r.name.zh) as {
      yAxis: { data: string[] };
      xAxis: { max: number };
      series: { data: { value: number; itemStyle: { color: string } }[] }[];
    };
    expect(option.yAxis.data).toEqual(['6. 区320481', '5. 区320413', '4. 区320412', '2. 区320411', '2. 区320404', '1. 区320402']);
    expect(option.series[0].data.map((d) => d.value)).toEqual([30, 55.1, 70, 80.25, 80.25, 91.5]);
    expect(option.series[0].data[5].itemStyle.color).toBe('rgb(26, 152, 80)');
    expect(option.xAxis.max).toBe(100);
    expect(scoreChartHeight(FIXTURE_RANKING.rows)).toBe(6 * 22 + 40);
  });

  it('rank history: periods in order, rank axis inverted up to the largest field', () => {
    const option = rankHistoryOption(
      {
        level: 'district',
        code: '320402',
        name: { zh: '天宁区', en: 'Tianning' },
        points: [
          { period: '2026-10', id: 'b', score: 91.5, grade: 'A', rank: 1, of: 6 },
          { period: '2026-09', id: 'a', score: 70, grade: 'C', rank: 4, of: 7 },
        ],
      },
      { rank: '排名', score: '得分' },
      (p) => p,
    ) as { xAxis: { data: string[] }; yAxis: { inverse?: boolean; max: number }[]; series: { data: (number | null)[] }[] };
    expect(option.xAxis.data).toEqual(['2026-09', '2026-10']);
    expect(option.yAxis[0]).toMatchObject({ inverse: true, max: 7 });
    expect(option.series[1].data).toEqual([4, 1]);
    expect(option.series[0].data).toEqual([70, 91.5]);
  });
});
