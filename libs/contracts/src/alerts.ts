import { z } from 'zod';
import { isoInstant } from './kpi';

/**
 * Alerts of the leaders' wall (issue 6 §2): computed on the server as events arrive, persisted, pushed as `alerts`
 * socket frames on /live and listed by `GET /api/v1/alerts`. The method of each rule is in docs/alerts.md.
 */

/** The four rules. */
export const ALERT_KINDS = ['rate_anomaly', 'overdue_rising', 'emergency_reported', 'emerging_hotspot'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_SEVERITIES = ['low', 'medium', 'high'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** `open` until a leader acknowledges it (an acknowledgement is a row, never overwritten). */
export type AlertState = 'open' | 'acknowledged';

/** Rule 1: new cases in the current clock hour of a district or street against its usual for that hour of the week. */
export interface RateAnomalyFigures {
  kind: 'rate_anomaly';
  /** The clock hour [hourStart, hourEnd) in which the cases were reported (UTC instants). */
  hourStart: string;
  hourEnd: string;
  /** New cases (reported) in that hour so far. */
  observed: number;
  /** Baseline λ: mean count over the reference hours, at least the floor. */
  expected: number;
  /**
   * The reference hours (2–8): the same hour of the week in previous weeks on the same kind of day (working or rest,
   * official calendar); on a holiday or make-up working day (调休), the same clock hour of recent days of its kind.
   */
  references: number;
  referenceKind: 'same_hour_of_week' | 'same_hour_same_day_kind';
  /** The floor λ may not go below. */
  lambdaFloor: number;
  /** Variance of the baseline counts (sample); equals `expected` under a Poisson model. */
  variance: number;
  /** 'poisson', or 'negative_binomial' when the baseline is overdispersed. */
  model: 'poisson' | 'negative_binomial';
  /** P(X ≥ observed) under the model. */
  pValue: number;
  /** The threshold α the p-value fell below. */
  alpha: number;
}

/** Rule 2: the overdue-now count rose by at least max(minRise, minRatio × before) over the last `windowMinutes`. */
export interface OverdueRisingFigures {
  kind: 'overdue_rising';
  windowMinutes: number;
  /** Overdue now, and `windowMinutes` ago. */
  overdueNow: number;
  overdueBefore: number;
  rise: number;
  /** The rise it had to reach: max(minRise, ceil(minRatio × overdueBefore)). */
  threshold: number;
  minRise: number;
  minRatio: number;
}

/** Rule 3: a case reported in a category the catalogue flags `emergency`. */
export interface EmergencyFigures {
  kind: 'emergency_reported';
  category: string;
  categoryNameZh: string;
  categoryNameEn: string;
  reportedAt: string;
  lon: number;
  lat: number;
}

/** Rule 4: an H3 cell newly classified `new` or `intensifying` by the hourly emerging hot spot analysis. */
export interface EmergingHotspotFigures {
  kind: 'emerging_hotspot';
  cell: string;
  resolution: number;
  classification: 'new' | 'intensifying';
  /** Its class in the previous run (null: no previous run held it, e.g. the first run). */
  previous: string | null;
  /** The analysis window [from, to) and step. */
  from: string;
  to: string;
  step: 'day';
  /** Gi* z of the last step, and the Mann–Kendall trend (z, p) of the z series. */
  lastZ: number;
  trendZ: number;
  trendP: number;
  /** Cases in the cell over the window. */
  cases: number;
}

export type AlertFigures = RateAnomalyFigures | OverdueRisingFigures | EmergencyFigures | EmergingHotspotFigures;

export interface AlertAcknowledgement {
  by: string;
  at: string;
  note: string | null;
}

export interface Alert {
  id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  /** One condition raises one alert: while it lasts the alert is updated under this key, never repeated. */
  dedupeKey: string;
  /** The region it is about (null: the whole city), and the district that holds it (for socket scopes). */
  region: { code: string; level: string; nameZh: string; nameEn: string } | null;
  district: string | null;
  /** Why it fired, in words (figures and threshold), in both languages of the app. */
  reason: { zh: string; en: string };
  figures: AlertFigures;
  /** The cases behind it (at most ALERT_MAX_CASE_IDS; caseCount says how many in all). */
  caseIds: string[];
  caseCount: number;
  /** The web app's view of those cases (a relative URL with the filter: region, categories, period, selection). */
  link: string;
  raisedAt: string;
  /** Last time its figures changed. */
  updatedAt: string;
  /** When the condition stopped holding (null: it still holds). */
  endedAt: string | null;
  state: AlertState;
  acknowledgement: AlertAcknowledgement | null;
}

/** Largest `caseIds` list an alert carries. */
export const ALERT_MAX_CASE_IDS = 200;

/** `GET /api/v1/alerts?state=open|acknowledged|all&since=&limit=`: newest first (raisedAt). */
export const alertsQuerySchema = z.object({
  state: z.enum(['open', 'acknowledged', 'all']).default('open'),
  /** Only alerts raised, updated (ended included) or acknowledged at or after this instant. */
  since: isoInstant.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AlertsQuery = z.infer<typeof alertsQuerySchema>;

export interface AlertList {
  alerts: Alert[];
}

/** `POST /api/v1/alerts/{id}/ack` (leader or admin): 200 with the alert; 409 if already acknowledged. */
export const alertAckSchema = z.object({ note: z.string().max(1000).optional() }).strict();
export type AlertAckRequest = z.infer<typeof alertAckSchema>;

/**
 * The `alerts` socket frame on /live: alerts new or updated (figures, end, acknowledgement) since the last frame,
 * sent to every subscriber whose scope holds them (the city scope gets all; a district scope its district's and the
 * city's).
 */
export type AlertsFrame = Alert[];
