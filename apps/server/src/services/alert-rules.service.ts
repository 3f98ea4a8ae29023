import { Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_RATE_CONFIG,
  HOUR_MS,
  alertLink,
  alertReason,
  hourStart,
  overdueRising,
  rateTest,
  referenceHours,
  sampleBefore,
  type OverdueRisingConfig,
  type PlaceName,
  type RateConfig,
} from '@gridlens/alerts';
import { ALERT_MAX_CASE_IDS, type AlertFigures, type Category, type LiveEvent } from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AlertRepository, type AlertDraft, type RaiseMode } from '../repositories/alert.repository';
import { CatalogueService } from './catalogue.service';
import { ClockService } from './clock.service';
import { KpiService } from './kpi.service';
import { liveRateMultiplier, parseDemoPlan } from './demo-plan';

/** What one evaluation raised or changed: the ids to push, and the keys it ended. */
export interface RuleOutcome {
  raised: { id: string; key: string; changed: boolean }[];
  ended: string[];
}

/** Emergencies older than this when they reach the bus (a backfill, a replay) raise nothing. */
const EMERGENCY_MAX_AGE_MS = HOUR_MS;

/**
 * Rules 1–3 of docs/alerts.md on the server (rule 4: EmergingAlertService): each reads its figures through
 * AlertRepository, decides with libs/alerts and raises (or updates, or ends) alerts under dedupe keys. Every method
 * takes `now`, so tests drive time.
 */
@Injectable()
export class AlertRulesService {
  readonly rate: RateConfig;
  readonly overdue: OverdueRisingConfig;
  private firstReport: { at: number | null; readAt: number } | null = null;
  private exposure: ((t: number) => number) | null = null;
  private names = new Map<string, PlaceName>();
  private emergencyCache: { at: number; categories: Map<string, Category> } | null = null;
  /** Cases with an active emergency alert, as far as this instance knows (relearnt every minute). */
  private activeEmergencies = new Set<string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(KpiService) private readonly kpis: KpiService,
  ) {
    this.rate = { ...DEFAULT_RATE_CONFIG, alpha: config.ALERT_RATE_ALPHA, model: config.ALERT_RATE_MODEL };
    this.overdue = { windowMinutes: config.ALERT_OVERDUE_WINDOW_MINUTES, minRise: config.ALERT_OVERDUE_MIN_RISE, minRatio: config.ALERT_OVERDUE_MIN_RATIO };
  }

  /** Rule 3: reported events in an emergency category, reported within the last hour. */
  async emergencies(events: LiveEvent[], now: number): Promise<RuleOutcome> {
    const out: RuleOutcome = { raised: [], ended: [] };
    const reports = events.filter((e) => e.type === 'reported' && now - Date.parse(e.at) <= EMERGENCY_MAX_AGE_MS);
    if (reports.length === 0) return out;
    const categories = await this.emergencyCategories(now);
    for (const e of reports) {
      const category: Category | undefined = categories.get(e.category);
      if (!category) continue;
      const figures: AlertFigures = {
        kind: 'emergency_reported',
        category: category.code,
        categoryNameZh: category.nameZh,
        categoryNameEn: category.nameEn,
        reportedAt: new Date(Date.parse(e.at)).toISOString(),
        lon: e.lon,
        lat: e.lat,
      };
      const district = e.regions.district ?? null;
      const place = e.regions.street ?? district;
      this.activeEmergencies.add(e.caseId);
      await this.raise(out, 'once', now, {
        kind: 'emergency_reported',
        severity: 'high',
        dedupeKey: `emergency_reported:${e.caseId}`,
        regionCode: place,
        districtCode: district,
        figures,
        reason: alertReason(figures, await this.placeName(place)),
        caseIds: [e.caseId],
        caseCount: 1,
        link: alertLink(figures, district, this.config.TZ_CITY, now),
      });
    }
    return out;
  }

  /**
   * An emergency's alert ends when its case is closed or voided: at once for the cases this instance knows have an
   * active emergency alert (no query for the others), and for any case at the minute sweep.
   */
  async emergencyEnds(events: LiveEvent[], now: number): Promise<RuleOutcome> {
    const cases = events.filter((e) => (e.status === 'closed' || e.status === 'voided') && this.activeEmergencies.has(e.caseId)).map((e) => e.caseId);
    if (cases.length === 0) return { raised: [], ended: [] };
    for (const id of cases) this.activeEmergencies.delete(id);
    const ended = await this.alerts.end(cases.map((id) => `emergency_reported:${id}`), new Date(now));
    return { raised: [], ended: ended.map((a) => a.id) };
  }

  /** Every minute: end the emergency alerts whose case is closed or voided, and relearn which are active. */
  async emergencySweep(now: number): Promise<RuleOutcome> {
    const ended = await this.alerts.endEmergenciesOfFinishedCases(new Date(now));
    const active = await this.alerts.active('emergency_reported');
    this.activeEmergencies = new Set(active.flatMap((a) => a.caseIds));
    return { raised: [], ended: ended.map((a) => a.id) };
  }

  /** The catalogue's emergency categories, read at most once a minute. */
  private async emergencyCategories(now: number): Promise<Map<string, Category>> {
    if (!this.emergencyCache || now - this.emergencyCache.at > 60_000) {
      const list = (await this.catalogue.categories()).filter((c) => c.emergency);
      this.emergencyCache = { at: now, categories: new Map(list.map((c) => [c.code, c] as const)) };
    }
    return this.emergencyCache.categories;
  }

  /** Rule 1: every district and street with new cases in the current clock hour, against its reference hours. */
  async rates(now: number): Promise<RuleOutcome> {
    const out: RuleOutcome = { raised: [], ended: [] };
    const hour = hourStart(now);
    const isWorkday = (t: number) => this.clock.clock.calendar.isWorkday(this.clock.clock.localDateAt(t));
    const { hours: refs, kind } = referenceHours(hour, isWorkday, await this.firstReportAt(now), this.rate);
    if (refs.length === 0) return out;
    const counts = await this.alerts.hourCounts([hour, ...refs]);
    const byUnit = new Map<string, Map<number, number>>();
    const units = new Map<string, { level: 'district' | 'street'; code: string; district: string }>();
    for (const c of counts) {
      const key = `${c.level}:${c.code}`;
      units.set(key, c);
      const m = byUnit.get(key) ?? new Map<number, number>();
      m.set(c.hour, c.count);
      byUnit.set(key, m);
    }
    const exposure = await this.exposureAt();
    // The mean exposure over each whole hour (by minute), so an hour that straddles a change is weighed by its parts.
    const over = (h: number) => Array.from({ length: 60 }, (_, m) => exposure(h + m * 60_000)).reduce((a, b) => a + b, 0) / 60;
    const scale = over(hour) / (refs.reduce((s, r) => s + over(r), 0) / refs.length);
    for (const [key, unit] of units) {
      const m = byUnit.get(key)!;
      const observed = m.get(hour) ?? 0;
      if (observed === 0) continue;
      const test = rateTest(observed, refs.map((r) => m.get(r) ?? 0), this.rate, scale);
      if (!test?.fires) continue;
      const figures: AlertFigures = {
        kind: 'rate_anomaly',
        hourStart: new Date(hour).toISOString(),
        hourEnd: new Date(hour + HOUR_MS).toISOString(),
        observed,
        expected: test.expected,
        references: test.references,
        referenceKind: kind,
        lambdaFloor: this.rate.lambdaFloor,
        variance: test.variance,
        model: test.model,
        pValue: test.pValue,
        alpha: test.alpha,
      };
      const caseIds = await this.alerts.casesReported(unit.level, unit.code, new Date(hour), new Date(hour + HOUR_MS), ALERT_MAX_CASE_IDS);
      await this.raise(out, 'once', now, {
        kind: 'rate_anomaly',
        severity: test.pValue < test.alpha / 1000 ? 'high' : 'medium',
        dedupeKey: `rate_anomaly:${unit.code}:${figures.hourStart}`,
        regionCode: unit.code,
        districtCode: unit.district,
        figures,
        reason: alertReason(figures, await this.placeName(unit.code)),
        caseIds,
        caseCount: observed,
        link: alertLink(figures, unit.code, this.config.TZ_CITY, now),
      });
    }
    return out;
  }

  /** Rate alerts end with their hour. */
  async rateEnds(now: number): Promise<RuleOutcome> {
    const over = (await this.alerts.active('rate_anomaly')).filter((a) => a.figures.kind === 'rate_anomaly' && Date.parse(a.figures.hourEnd) <= now);
    const ended = await this.alerts.end(over.map((a) => a.dedupeKey), new Date(now));
    return { raised: [], ended: ended.map((a) => a.id) };
  }

  /** Rule 2 (every minute): sample the overdue-now counts, compare each scope with its sample a window ago. */
  async overdueRising(now: number): Promise<RuleOutcome> {
    const out: RuleOutcome = { raised: [], ended: [] };
    const at = new Date(Math.floor(now / 60_000) * 60_000);
    const open = await this.kpis.openPlan();
    const counts = await this.alerts.overdueCounts(new Date(now), open);
    await this.alerts.storeOverdueSamples(at, counts);
    const windowMs = this.overdue.windowMinutes * 60_000;
    const samples = await this.alerts.overdueSamples(new Date(now - windowMs - 10 * 60_000), new Date(now - windowMs));
    const active = new Map((await this.alerts.active('overdue_rising')).map((a) => [a.dedupeKey, a] as const));
    const stopped: string[] = [];
    for (const [scope, overdueNow] of counts) {
      const key = `overdue_rising:${scope || 'city'}`;
      const before = sampleBefore(samples.get(scope) ?? [], now, this.overdue);
      const test = before === null ? null : overdueRising(overdueNow, before, this.overdue);
      if (!test?.fires) {
        if (active.has(key)) stopped.push(key);
        continue;
      }
      const { overdueBefore, rise, threshold } = test;
      const { windowMinutes, minRise, minRatio } = this.overdue;
      const figures: AlertFigures = { kind: 'overdue_rising', windowMinutes, overdueNow, overdueBefore, rise, threshold, minRise, minRatio };
      const district = scope || null;
      const cases = await this.alerts.newlyOverdue(district, new Date(now - windowMs), new Date(now), ALERT_MAX_CASE_IDS, open);
      await this.raise(out, 'recurring', now, {
        kind: 'overdue_rising',
        severity: test.rise >= 2 * test.threshold ? 'high' : 'medium',
        dedupeKey: key,
        regionCode: district,
        districtCode: district,
        figures,
        reason: alertReason(figures, await this.placeName(district)),
        caseIds: cases.ids,
        caseCount: cases.count,
        link: alertLink(figures, district, this.config.TZ_CITY, now),
      });
    }
    const ended = await this.alerts.end(stopped, new Date(now));
    out.ended.push(...ended.map((a) => a.id));
    return out;
  }

  /** Raise (or update) a draft and note it in the outcome. */
  async raise(out: RuleOutcome, mode: RaiseMode, now: number, draft: AlertDraft): Promise<void> {
    const result = await this.alerts.raise(draft, mode, new Date(now));
    if (result) out.raised.push({ id: result.id, key: draft.dedupeKey, changed: result.changed });
  }

  private async firstReportAt(now: number): Promise<number | null> {
    if (!this.firstReport || this.firstReport.at === null || now - this.firstReport.readAt > 10 * 60_000) {
      this.firstReport = { at: await this.alerts.firstReportAt(), readAt: now };
    }
    return this.firstReport.at;
  }

  /**
   * The known rate of new cases relative to the history: 1, except on the demo city, whose live stream runs
   * liveRateMultiplier() times faster than its history from `liveFrom` on (docs/alerts.md).
   */
  private async exposureAt(): Promise<(t: number) => number> {
    if (this.exposure) return this.exposure;
    const text = this.config.DEMO === 'on' ? await this.alerts.demoPlanText() : null;
    if (!text) return () => 1;
    const plan = parseDemoPlan(text);
    const factor = liveRateMultiplier();
    this.exposure = (t) => (t >= plan.liveFrom ? factor : 1);
    return this.exposure;
  }

  /** A region's names (cached), null for the city. */
  async placeName(code: string | null): Promise<PlaceName> {
    if (!code) return null;
    if (!this.names.has(code)) {
      this.names.set(code, (await this.alerts.regionName(code)) ?? { zh: code, en: code });
    }
    return this.names.get(code)!;
  }
}
