import type { AlertFigures } from '@gridlens/contracts';

/** A place's name in both languages (null: the whole city). */
export type PlaceName = { zh: string; en: string } | null;

const pct = (p: number) => (p < 1e-4 ? p.toExponential(1) : p.toPrecision(2));
const fix = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** Why an alert fired, in words: the figures and the threshold. */
export function alertReason(f: AlertFigures, place: PlaceName): { zh: string; en: string } {
  const zhPlace = place?.zh ?? '全市';
  const enPlace = place?.en ?? 'the city';
  switch (f.kind) {
    case 'rate_anomaly': {
      const model = f.model === 'poisson' ? 'Poisson' : 'negative binomial';
      return {
        zh: `${zhPlace}本小时新增案件 ${f.observed} 件，同期通常 ${fix(f.expected)} 件（${f.references} 个参考时段）；P(X ≥ ${f.observed}) = ${pct(f.pValue)} < α = ${f.alpha}`,
        en: `${enPlace}: ${f.observed} new cases this hour against a usual ${fix(f.expected)} (${f.references} reference hours); P(X ≥ ${f.observed}) = ${pct(f.pValue)} < α = ${f.alpha} (${model})`,
      };
    }
    case 'overdue_rising':
      return {
        zh: `${zhPlace}超期案件 ${f.windowMinutes} 分钟内由 ${f.overdueBefore} 件增至 ${f.overdueNow} 件（+${f.rise}，阈值 +${f.threshold}）`,
        en: `${enPlace}: overdue cases rose from ${f.overdueBefore} to ${f.overdueNow} in ${f.windowMinutes} minutes (+${f.rise}; threshold +${f.threshold} = max(${f.minRise}, ${Math.round(f.minRatio * 100)} %))`,
      };
    case 'emergency_reported':
      return {
        zh: `${zhPlace}上报紧急类别：${f.categoryNameZh}（${f.category}）`,
        en: `${enPlace}: emergency category reported: ${f.categoryNameEn} (${f.category})`,
      };
    case 'emerging_hotspot': {
      const zhClass = f.classification === 'new' ? '新热点' : '加剧热点';
      return {
        zh: `H3 单元 ${f.cell} 新判定为${zhClass}（近 14 天按日，末日 z = ${f.lastZ.toFixed(2)}，趋势 p = ${pct(f.trendP)}；此前：${f.previous ?? '无'}）`,
        en: `H3 cell ${f.cell} newly classified ${f.classification} (14 days by day, last z = ${f.lastZ.toFixed(2)}, trend p = ${pct(f.trendP)}; before: ${f.previous ?? 'none'})`,
      };
    }
  }
}

/** `YYYY-MM-DD` of an instant in a time zone. */
export function localDate(t: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(t));
}

const DAY_MS = 86_400_000;

/**
 * The web app's view of the cases behind an alert: the explorer (`/explore?…`, apps/web url-state.ts) with case
 * points on, the period, and the region, categories or cell it is about.
 */
export function alertLink(f: AlertFigures, region: string | null, timeZone: string, now: number): string {
  const q = new URLSearchParams();
  const day = (t: number) => localDate(t, timeZone);
  switch (f.kind) {
    case 'rate_anomaly':
      q.set('layer', 'none');
      q.set('pts', '1');
      q.set('period', `${day(Date.parse(f.hourStart))}~${day(Date.parse(f.hourStart))}`);
      break;
    case 'overdue_rising':
      q.set('layer', 'none');
      q.set('pts', '1');
      q.set('period', `${day(now - 29 * DAY_MS)}~${day(now)}`);
      q.set('status', 'registered,dispatched,returned,handled,checked,suspended');
      break;
    case 'emergency_reported':
      q.set('layer', 'none');
      q.set('pts', '1');
      q.set('period', `${day(Date.parse(f.reportedAt))}~${day(Date.parse(f.reportedAt))}`);
      q.set('cat', f.category);
      q.set('at', `${f.lon.toFixed(6)},${f.lat.toFixed(6)},16`);
      break;
    case 'emerging_hotspot':
      q.set('layer', 'emerging');
      q.set('cell', 'h3');
      q.set('res', String(f.resolution));
      q.set('step', 'day');
      q.set('period', `${day(Date.parse(f.from))}~${day(Date.parse(f.to) - 1)}`);
      q.set('sel', f.cell);
      break;
  }
  if (region) q.set('region', region);
  return `/explore?${q.toString().replace(/%2C/g, ',').replace(/%7E/g, '~')}`;
}
