import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { NEWLY_OVERDUE_CAP, NEWLY_OVERDUE_WINDOW_MS, type Category, type LocalName, type NewlyOverdueCase, type Rate, type UrgentCase, type WallComparison, type WallSnapshot } from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { WallRepository, type OpenCaseRow, type UnitCounts } from '../repositories/wall.repository';
import { CatalogueService } from './catalogue.service';
import { ClockService } from './clock.service';
import { trendWindows, wallInstants } from './wall-instants';
import { lateExtensionCorrection } from './overdue-at';
import { WallTrendService } from './wall-trend.service';
import { byUrgency, coloursBy, countColours, newlyOverdueRows, openCaseTimer, workingWindows, type OpenCaseTimer } from './wall-timers';

/** Reference data changes rarely (seeding, imports): read at most this often. */
const REFERENCE_TTL_MS = 10_000;
const MOST_URGENT = 20;
const TOP_CATEGORIES = 5;
/** Working windows sent with a snapshot or a department view, hours ahead. */
const WINDOW_HOURS = 48;
export const NO_DEPARTMENT = 'none';
const NO_DEPARTMENT_NAME: LocalName = { zh: '未派遣', en: 'Not dispatched' };
export const NO_DISTRICT = 'none';
const NO_DISTRICT_NAME: LocalName = { zh: '区外', en: 'Outside the districts' };

export const rate = (numerator: number, denominator: number): Rate => ({ numerator, denominator, value: denominator ? numerator / denominator : null });

export interface Reference {
  categories: Map<string, Category>;
  departments: Map<string, LocalName>;
  districts: Map<string, LocalName>;
}

/** The leaders' command wall: every figure of a scope in one snapshot (docs/api.md "Wall"). */
@Injectable()
export class WallService {
  private reference: { at: number; value: Promise<Reference> } | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WallRepository) private readonly wall: WallRepository,
    @Inject(WallTrendService) private readonly trends: WallTrendService,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(ClockService) private readonly clock: ClockService,
  ) {}

  /** `city` or a district code → the district filter (null for the city); anything else is a 400 naming `scope`. */
  async resolveScope(scope: string): Promise<string | null> {
    if (scope === 'city') return null;
    const region = await this.catalogue.regionScope(scope, 'scope').catch(() => null);
    if (region?.level !== 'district') throw new BadRequestException(`scope: expected "city" or a district code, not "${scope}"`);
    return region.code;
  }

  /** Categories, departments and districts with their names (cached for REFERENCE_TTL_MS). */
  referenceData(): Promise<Reference> {
    const now = Date.now();
    if (!this.reference || now - this.reference.at > REFERENCE_TTL_MS) {
      const value = (async () => {
        const [categories, departments, districts] = await Promise.all([
          this.catalogue.categories(),
          this.catalogue.departments(),
          this.wall.inSnapshot((tx) => this.wall.units(tx, null)),
        ]);
        return {
          categories: new Map(categories.map((c) => [c.code, c])),
          departments: new Map(departments.map((d) => [d.code, { zh: d.nameZh, en: d.nameEn }])),
          districts: new Map(districts.map((d) => [d.code, { zh: d.zh, en: d.en }])),
        };
      })();
      this.reference = { at: now, value };
      value.catch(() => (this.reference = null));
    }
    return this.reference.value;
  }

  async snapshot(scope: string, asOf = Date.now()): Promise<WallSnapshot> {
    const district = await this.resolveScope(scope);
    const ref = await this.referenceData();
    const tz = this.config.TZ_CITY;
    const instants = wallInstants(asOf, tz);
    const tw = trendWindows(asOf, tz);
    return this.wall.inSnapshot(async (tx) => {
      const seq = await this.wall.seq(tx);
      // One after another: a transaction runs one statement at a time.
      const units = await this.wall.units(tx, district);
      const { units: unitCounts, open, extended } = await this.wall.scopeFigures(tx, district, instants);
      const top = await this.wall.topCategories(tx, district, instants.dayStart[0], instants.at[0], TOP_CATEGORIES);
      const trend = await this.trends.trend(tx, district, tw, instants.dayStart[0].getTime());
      const timers = this.timersOf(open, ref, asOf);
      const total = sumCounts(unitCounts);
      const limitOf = (category: string) => ref.categories.get(category)?.timeLimit ?? null;
      for (const i of [1, 2]) total.overdue[i] += lateExtensionCorrection(extended, instants.at[i].getTime(), limitOf, this.clock.clock);
      const comparison = (k: 'reported' | 'registered' | 'closed' | 'closedOnTime' | 'overdue'): WallComparison => ({
        value: total[k][0],
        yesterday: total[k][1],
        lastWeek: total[k][2],
      });
      const byUnit = new Map(unitCounts.map((u) => [u.unit, u]));
      const scopeName = district ? (ref.districts.get(district) ?? { zh: district, en: district }) : { zh: '全市', en: 'City' };
      const departments = coloursBy(timers, (t) => (t.row.status === 'returned' ? null : t.row.department), NO_DEPARTMENT);
      const districts = coloursBy(timers, (t) => t.row.district, NO_DISTRICT);
      return {
        seq,
        asOf: new Date(asOf).toISOString(),
        timeZone: tz,
        scope: { kind: district ? 'district' : 'city', code: district ?? 'city', name: scopeName },
        dayStart: instants.dayStart[0].toISOString(),
        monthStart: instants.monthStart.toISOString(),
        today: {
          reported: comparison('reported'),
          registered: comparison('registered'),
          closed: comparison('closed'),
          closedOnTime: comparison('closedOnTime'),
          overdueNow: comparison('overdue'),
        },
        rates: {
          today: { closure: rate(total.day.closed, total.day.due), onTimeClosure: rate(total.day.closedOnTime, total.day.due) },
          month: { closure: rate(total.month.closed, total.month.due), onTimeClosure: rate(total.month.closedOnTime, total.month.due) },
        },
        units: {
          level: district ? 'street' : 'district',
          items: units.map((u) => {
            const c = byUnit.get(u.code);
            return {
              code: u.code,
              name: { zh: u.zh, en: u.en },
              reportedToday: c?.reported[0] ?? 0,
              overdueNow: c?.overdue[0] ?? 0,
              closureRateMonth: rate(c?.month.closed ?? 0, c?.month.due ?? 0),
              onTimeClosureRateMonth: rate(c?.month.closedOnTime ?? 0, c?.month.due ?? 0),
            };
          }),
        },
        timers: {
          total: countColours(timers),
          byDepartment: [...departments].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, counts]) => ({
            code,
            name: code === NO_DEPARTMENT ? NO_DEPARTMENT_NAME : (ref.departments.get(code) ?? { zh: code, en: code }),
            counts,
          })),
          byDistrict: [...districts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, counts]) => ({
            code,
            name: code === NO_DISTRICT ? NO_DISTRICT_NAME : (ref.districts.get(code) ?? { zh: code, en: code }),
            counts,
          })),
          mostUrgent: timers.slice(0, MOST_URGENT).map((t) => urgentCase(t, ref)),
        },
        newlyOverdue: newlyOverdueRows(open, asOf, NEWLY_OVERDUE_WINDOW_MS, NEWLY_OVERDUE_CAP).map((r): NewlyOverdueCase => ({
          caseId: r.caseId,
          category: r.category,
          categoryName: categoryName(ref, r.category),
          department: r.department,
          district: r.district,
          deadline: new Date(r.deadline).toISOString(),
        })),
        topCategories: top.map((c) => ({ code: c.code, name: { zh: c.zh, en: c.en }, reported: c.count })),
        responseTrend: trend,
        workingWindows: this.workingWindows(asOf),
      };
    });
  }

  /** The working periods of the next WINDOW_HOURS from asOf, for clients ticking timers between frames. */
  workingWindows(asOf: number): { start: string; end: string }[] {
    return workingWindows(this.clock.clock, asOf, WINDOW_HOURS).map((w) => ({ start: new Date(w.start).toISOString(), end: new Date(w.end).toISOString() }));
  }

  /** Timers of open registered cases whose category has a limit, most urgent first. */
  timersOf(open: OpenCaseRow[], ref: Reference, asOf: number): OpenCaseTimer[] {
    const timers: OpenCaseTimer[] = [];
    for (const row of open) {
      const limit = ref.categories.get(row.category)?.timeLimit;
      if (limit) timers.push(openCaseTimer(row, limit, this.clock.clock, asOf));
    }
    return timers.sort(byUrgency);
  }
}

function categoryName(ref: Reference, code: string): LocalName {
  const category = ref.categories.get(code);
  return category ? { zh: category.nameZh, en: category.nameEn } : { zh: code, en: code };
}

export function urgentCase(t: OpenCaseTimer, ref: Reference): UrgentCase {
  return {
    caseId: t.row.caseId,
    category: t.row.category,
    categoryName: categoryName(ref, t.row.category),
    department: t.row.department,
    district: t.row.district,
    status: t.row.status as UrgentCase['status'],
    registeredAt: new Date(t.row.registeredAt).toISOString(),
    deadline: t.deadline === null ? null : new Date(t.deadline).toISOString(),
    usedFraction: Number.isFinite(t.usedFraction) ? t.usedFraction : 1e9,
    usedMinutes: t.usedMinutes,
    budgetMinutes: t.budgetMinutes,
    limitUnit: t.limitUnit,
    colour: t.colour,
    stopped: t.stopped,
  };
}

/** The scope's totals: the sum over every unit, the cases outside any unit (NULL) included. */
function sumCounts(units: UnitCounts[]): UnitCounts {
  const sum: UnitCounts = {
    unit: null,
    reported: [0, 0, 0],
    registered: [0, 0, 0],
    closed: [0, 0, 0],
    closedOnTime: [0, 0, 0],
    overdue: [0, 0, 0],
    day: { due: 0, closed: 0, closedOnTime: 0 },
    month: { due: 0, closed: 0, closedOnTime: 0 },
  };
  for (const u of units) {
    for (const k of ['reported', 'registered', 'closed', 'closedOnTime', 'overdue'] as const) for (const i of [0, 1, 2]) sum[k][i] += u[k][i];
    for (const p of ['day', 'month'] as const) for (const k of ['due', 'closed', 'closedOnTime'] as const) sum[p][k] += u[p][k];
  }
  return sum;
}
