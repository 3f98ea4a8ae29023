import { Inject, Injectable } from '@nestjs/common';
import type { Alert, AlertFigures, AlertKind, AlertSeverity } from '@gridlens/contracts';
import { DATABASE, queryWithSettings, type Database, type Queryable } from '../db/database';
import { TOUCHED, openCasesSettings, openCasesSql, overdueAt, type OpenCasesPlan } from './open-cases-sql';

/** An alert as a rule raises it (before it has an id, times, state). */
export interface AlertDraft {
  kind: AlertKind;
  severity: AlertSeverity;
  dedupeKey: string;
  regionCode: string | null;
  districtCode: string | null;
  figures: AlertFigures;
  reason: { zh: string; en: string };
  caseIds: string[];
  caseCount: number;
  link: string;
}

/** `once`: the key names one condition for ever (a case, an hour): once ended it is never raised again. */
export type RaiseMode = 'once' | 'recurring';

export interface AlertListFilter {
  state: 'open' | 'acknowledged' | 'all';
  since: Date | null;
  limit: number;
}

/** New cases reported per district and per street in each of the given clock hours. */
export interface HourCount {
  hour: number;
  level: 'district' | 'street';
  code: string;
  /** The district holding it (itself for a district). */
  district: string;
  count: number;
}

const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

const SELECT_ALERT = `
SELECT a.id::text AS id, a.kind, a.severity, a.dedupe_key, a.region_code, a.district_code, a.figures, a.reason_zh, a.reason_en,
       a.case_ids, a.case_count, a.link, ${ms('a.raised_at')} AS raised_ms, ${ms('a.updated_at')} AS updated_ms,
       ${ms('a.ended_at')} AS ended_ms, r.level AS region_level, r.name_zh AS region_zh, r.name_en AS region_en,
       k.username AS ack_by, ${ms('k.acked_at')} AS ack_ms, k.note AS ack_note
FROM alert a
LEFT JOIN region r ON r.code = a.region_code
LEFT JOIN alert_ack k ON k.alert_id = a.id`;

interface AlertRow {
  id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  dedupe_key: string;
  region_code: string | null;
  district_code: string | null;
  figures: AlertFigures | string;
  reason_zh: string;
  reason_en: string;
  case_ids: string[];
  case_count: number;
  link: string;
  raised_ms: number;
  updated_ms: number;
  ended_ms: number | null;
  region_level: string | null;
  region_zh: string | null;
  region_en: string | null;
  ack_by: string | null;
  ack_ms: number | null;
  ack_note: string | null;
}

const iso = (t: number) => new Date(Number(t)).toISOString();

function toAlert(r: AlertRow): Alert {
  return {
    id: r.id,
    kind: r.kind,
    severity: r.severity,
    dedupeKey: r.dedupe_key,
    region: r.region_code ? { code: r.region_code, level: r.region_level ?? 'unknown', nameZh: r.region_zh ?? r.region_code, nameEn: r.region_en ?? r.region_code } : null,
    district: r.district_code,
    reason: { zh: r.reason_zh, en: r.reason_en },
    figures: typeof r.figures === 'string' ? (JSON.parse(r.figures) as AlertFigures) : r.figures,
    caseIds: r.case_ids ?? [],
    caseCount: Number(r.case_count),
    link: r.link,
    raisedAt: iso(r.raised_ms),
    updatedAt: iso(r.updated_ms),
    endedAt: r.ended_ms === null ? null : iso(r.ended_ms),
    state: r.ack_by === null ? 'open' : 'acknowledged',
    acknowledgement: r.ack_by === null ? null : { by: r.ack_by, at: iso(r.ack_ms!), note: r.ack_note },
  };
}

/** Alerts, their acknowledgements, and the figures the rules read (SQL only here; the rules are in libs/alerts). */
@Injectable()
export class AlertRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Raise or update the alert of a condition, in one transaction: the latest alert under the key is locked; if it
   * is active it is updated when its figures or cases changed, if it ended a `once` key stays ended (null) and a
   * `recurring` one raises a new alert. `changed`: this call wrote something (another instance may have written the
   * same figures first: then false).
   */
  async raise(draft: AlertDraft, mode: RaiseMode, now: Date): Promise<{ id: string; created: boolean; changed: boolean } | null> {
    return this.db.transaction(async (tx) => {
      const [latest] = await tx.query<{ id: string; ended: boolean; same: boolean }>(
        `SELECT id::text AS id, ended_at IS NOT NULL AS ended, (figures = $2::jsonb AND case_count = $3 AND case_ids = $4::text[]) AS same
         FROM alert WHERE dedupe_key = $1 ORDER BY id DESC LIMIT 1 FOR UPDATE`,
        [draft.dedupeKey, JSON.stringify(draft.figures), draft.caseCount, draft.caseIds],
      );
      if (latest && latest.ended && mode === 'once') return null;
      if (latest && !latest.ended) {
        if (latest.same) return { id: latest.id, created: false, changed: false };
        await tx.query(
          `UPDATE alert SET severity = $2, figures = $3::jsonb, reason_zh = $4, reason_en = $5, case_ids = $6::text[], case_count = $7, link = $8, updated_at = $9
           WHERE id = $1::bigint`,
          [latest.id, draft.severity, JSON.stringify(draft.figures), draft.reason.zh, draft.reason.en, draft.caseIds, draft.caseCount, draft.link, now.toISOString()],
        );
        return { id: latest.id, created: false, changed: true };
      }
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO alert (kind, severity, dedupe_key, region_code, district_code, figures, reason_zh, reason_en, case_ids, case_count, link, raised_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9::text[], $10, $11, $12, $12)
         ON CONFLICT (dedupe_key) WHERE ended_at IS NULL DO NOTHING
         RETURNING id::text AS id`,
        [draft.kind, draft.severity, draft.dedupeKey, draft.regionCode, draft.districtCode, JSON.stringify(draft.figures), draft.reason.zh, draft.reason.en, draft.caseIds, draft.caseCount, draft.link, now.toISOString()],
      );
      if (row) return { id: row.id, created: true, changed: true };
      const [other] = await tx.query<{ id: string }>(`SELECT id::text AS id FROM alert WHERE dedupe_key = $1 AND ended_at IS NULL`, [draft.dedupeKey]);
      return other ? { id: other.id, created: false, changed: false } : null;
    });
  }

  /** End the active alerts of these keys (the condition stopped holding); returns them. */
  async end(keys: string[], now: Date): Promise<Alert[]> {
    if (keys.length === 0) return [];
    const rows = await this.db.query<{ id: string }>(
      `UPDATE alert SET ended_at = $2, updated_at = $2 WHERE dedupe_key = ANY($1::text[]) AND ended_at IS NULL RETURNING id::text AS id`,
      [keys, now.toISOString()],
    );
    return this.getMany(rows.map((r) => r.id));
  }

  /** End the active emergency alerts whose case is closed or voided; returns them. */
  async endEmergenciesOfFinishedCases(now: Date): Promise<Alert[]> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE alert a SET ended_at = $1, updated_at = $1
       FROM cases c
       WHERE a.kind = 'emergency_reported' AND a.ended_at IS NULL AND c.case_id = a.case_ids[1] AND c.status IN ('closed', 'voided')
       RETURNING a.id::text AS id`,
      [now.toISOString()],
    );
    return this.getMany(rows.map((r) => r.id));
  }

  /** Active alerts of a kind (their keys and figures), e.g. the cells the last emerging run flagged. */
  async active(kind: AlertKind): Promise<Alert[]> {
    const rows = await this.db.query<AlertRow>(`${SELECT_ALERT} WHERE a.kind = $1 AND a.ended_at IS NULL ORDER BY a.id`, [kind]);
    return rows.map(toAlert);
  }

  async get(id: string): Promise<Alert | null> {
    return (await this.getMany([id]))[0] ?? null;
  }

  async getMany(ids: string[]): Promise<Alert[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<AlertRow>(`${SELECT_ALERT} WHERE a.id = ANY($1::bigint[]) ORDER BY a.id`, [ids]);
    return rows.map(toAlert);
  }

  /** Newest first (raised_at, then id); `since`: raised, updated (ended) or acknowledged at or after it. */
  async list(filter: AlertListFilter): Promise<Alert[]> {
    const state = filter.state === 'open' ? 'AND k.alert_id IS NULL' : filter.state === 'acknowledged' ? 'AND k.alert_id IS NOT NULL' : '';
    const rows = await this.db.query<AlertRow>(
      `${SELECT_ALERT} WHERE ($1::timestamptz IS NULL OR a.updated_at >= $1 OR k.acked_at >= $1) ${state}
       ORDER BY a.raised_at DESC, a.id DESC LIMIT $2`,
      [filter.since?.toISOString() ?? null, filter.limit],
    );
    return rows.map(toAlert);
  }

  /** Record an acknowledgement; false when the alert already has one (the first stays). */
  async acknowledge(id: string, username: string, note: string | null, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO alert_ack (alert_id, username, acked_at, note) VALUES ($1::bigint, $2, $3, $4) ON CONFLICT (alert_id) DO NOTHING RETURNING alert_id`,
      [id, username, now.toISOString(), note],
    );
    return rows.length === 1;
  }

  /** First report time of any case (the start of the history), or null when there are none. */
  async firstReportAt(): Promise<number | null> {
    const [row] = await this.db.query<{ t: number | null }>(`SELECT ${ms('min(reported_at)')} AS t FROM cases`);
    return row?.t === null || row?.t === undefined ? null : Number(row.t);
  }

  /** New cases per district and street in each clock hour [h, h + 1 h) of `hours` (epoch ms). */
  async hourCounts(hours: number[]): Promise<HourCount[]> {
    const rows = await this.db.query<{ hour: number; district_code: string | null; street_code: string | null; grouped_street: boolean; n: number }>(
      `SELECT ${ms('h.start')} AS hour, c.district_code, c.street_code, GROUPING(c.street_code) = 1 AS grouped_street, count(*)::int AS n
       FROM unnest($1::timestamptz[]) AS h(start)
       JOIN cases c ON c.reported_at >= h.start AND c.reported_at < h.start + interval '1 hour'
       GROUP BY GROUPING SETS ((h.start, c.district_code), (h.start, c.district_code, c.street_code))`,
      [hours.map((h) => new Date(h).toISOString())],
    );
    const out: HourCount[] = [];
    for (const r of rows) {
      if (r.district_code === null) continue;
      if (r.street_code !== null) out.push({ hour: Number(r.hour), level: 'street', code: r.street_code, district: r.district_code, count: Number(r.n) });
      else if (!r.grouped_street) continue;
      else out.push({ hour: Number(r.hour), level: 'district', code: r.district_code, district: r.district_code, count: Number(r.n) });
    }
    return out;
  }

  /** The cases reported in [from, to) in a district or street (newest first, at most `limit`). */
  async casesReported(level: 'district' | 'street', code: string, from: Date, to: Date, limit: number): Promise<string[]> {
    const column = level === 'district' ? 'district_code' : 'street_code';
    const rows = await this.db.query<{ case_id: string }>(
      `SELECT case_id FROM cases WHERE ${column} = $1 AND reported_at >= $2 AND reported_at < $3 ORDER BY reported_at DESC, case_id LIMIT $4`,
      [code, from.toISOString(), to.toISOString(), limit],
    );
    return rows.map((r) => r.case_id);
  }

  /**
   * Overdue now (as KPIs count it) in the city ('' key) and in every district, 0 included (a district's 0 is a
   * sample too: a rise from it is compared, and an alert ends when its district falls to it). `open`: where the open
   * cases come from (KpiService.openPlan; open_case reads ~150,000 rows where the scan read 10 M cases every minute).
   */
  async overdueCounts(now: Date, open: OpenCasesPlan): Promise<Map<string, number>> {
    const rows = await queryWithSettings<{ district_code: string | null; total: number; n: number }>(
      this.db,
      openCasesSettings(open, this.db.kind),
      `WITH touched AS (${TOUCHED}),
       open_now AS (${openCasesSql(open, ['district_code', 'deadline', 'suspended_since'])})
       SELECT district_code, GROUPING(district_code) AS total, sum(sign)::int AS n FROM open_now
       WHERE ${overdueAt('$1')}
       GROUP BY ROLLUP (district_code)
       HAVING sum(sign) > 0
       UNION ALL
       SELECT code, 0, 0 FROM region WHERE level = 'district'`,
      [now.toISOString()],
    );
    const out = new Map<string, number>([['', 0]]);
    for (const r of rows) {
      if (Number(r.total) === 1) out.set('', Number(r.n));
      // A district's count and its row of 0 from the region table add up.
      else if (r.district_code !== null) out.set(r.district_code, (out.get(r.district_code) ?? 0) + Number(r.n));
    }
    return out;
  }

  /**
   * The cases overdue now in a scope that became overdue after `since` (newest deadline first), and how many. `open`
   * as for overdueCounts.
   */
  async newlyOverdue(district: string | null, since: Date, now: Date, limit: number, open: OpenCasesPlan): Promise<{ ids: string[]; count: number }> {
    const inDistrict = (t: string) => `($3::text IS NULL OR ${t}.district_code = $3)`;
    const rows = await queryWithSettings<{ case_id: string; total: number }>(
      this.db,
      openCasesSettings(open, this.db.kind),
      `WITH touched AS (${TOUCHED}),
       open_now AS (${openCasesSql(open, ['case_id', 'deadline', 'suspended_since'], inDistrict)})
       SELECT case_id, count(*) OVER ()::int AS total FROM open_now
       WHERE ${overdueAt('$2')} AND deadline >= $1
       GROUP BY case_id, deadline HAVING sum(sign) > 0
       ORDER BY deadline DESC, case_id LIMIT $4`,
      [since.toISOString(), now.toISOString(), district, limit],
    );
    return { ids: rows.map((r) => r.case_id), count: rows.length ? Number(rows[0].total) : 0 };
  }

  /** Store this minute's samples (idempotent per scope and minute) and drop those older than a day. */
  async storeOverdueSamples(at: Date, counts: Map<string, number>, tx: Queryable = this.db): Promise<void> {
    const scopes = [...counts.keys()];
    await tx.query(
      `INSERT INTO alert_overdue_sample (scope, at, overdue)
       SELECT s, $2, n FROM unnest($1::text[], $3::int[]) AS t(s, n)
       ON CONFLICT (scope, at) DO NOTHING`,
      [scopes, at.toISOString(), scopes.map((s) => counts.get(s) ?? 0)],
    );
    await tx.query(`DELETE FROM alert_overdue_sample WHERE at < $1::timestamptz - interval '1 day'`, [at.toISOString()]);
  }

  /** Samples in [from, to] per scope: [epoch ms, count]. */
  async overdueSamples(from: Date, to: Date): Promise<Map<string, [number, number][]>> {
    const rows = await this.db.query<{ scope: string; t: number; overdue: number }>(
      `SELECT scope, ${ms('at')} AS t, overdue FROM alert_overdue_sample WHERE at >= $1 AND at <= $2 ORDER BY at`,
      [from.toISOString(), to.toISOString()],
    );
    const out = new Map<string, [number, number][]>();
    for (const r of rows) {
      const list = out.get(r.scope) ?? [];
      list.push([Number(r.t), Number(r.overdue)]);
      out.set(r.scope, list);
    }
    return out;
  }

  /** Cases reported in [from, to) inside a box (for the cases of an H3 cell, filtered by the caller). */
  async casesInBox(box: [number, number, number, number], from: Date, to: Date): Promise<{ id: string; lon: number; lat: number; district: string | null }[]> {
    const rows = await this.db.query<{ case_id: string; lon: number; lat: number; district_code: string | null }>(
      `SELECT case_id, ST_X(geom) AS lon, ST_Y(geom) AS lat, district_code FROM cases
       WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND reported_at >= $5 AND reported_at < $6
       ORDER BY reported_at DESC, case_id`,
      [...box, from.toISOString(), to.toISOString()],
    );
    return rows.map((r) => ({ id: r.case_id, lon: Number(r.lon), lat: Number(r.lat), district: r.district_code }));
  }

  async regionName(code: string): Promise<{ zh: string; en: string } | null> {
    const [row] = await this.db.query<{ name_zh: string; name_en: string }>(`SELECT name_zh, name_en FROM region WHERE code = $1`, [code]);
    return row ? { zh: row.name_zh, en: row.name_en } : null;
  }

  /** The stored demo plan (app_secret `demo:plan`), or null when this database has none. */
  async demoPlanText(): Promise<string | null> {
    const [row] = await this.db.query<{ value: string }>(`SELECT value FROM app_secret WHERE name = 'demo:plan'`);
    return row?.value ?? null;
  }
}
