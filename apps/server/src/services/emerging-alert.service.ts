import { Inject, Injectable, Logger } from '@nestjs/common';
import { cellToBoundary, latLngToCell } from 'h3-js';
import { DateTime } from 'luxon';
import { alertLink, alertReason, emergingChanges } from '@gridlens/alerts';
import { ALERT_MAX_CASE_IDS, emergingQuerySchema, type AlertFigures, type EmergingHotspotFigures } from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AlertRepository } from '../repositories/alert.repository';
import { AlertRulesService, type RuleOutcome } from './alert-rules.service';
import { EmergingHotspotService } from './emerging-hotspot.service';

export const EMERGING_RESOLUTION = 8;
export const EMERGING_DAYS = 14;

/** Rule 4 of docs/alerts.md: an emerging hot spot appearing, from the hourly emerging hot spot analysis. */
@Injectable()
export class EmergingAlertService {
  private readonly logger = new Logger(EmergingAlertService.name);
  /** The last run: how long it took (ms), for docs and logs. */
  lastRunMs = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(EmergingHotspotService) private readonly emerging: EmergingHotspotService,
    @Inject(AlertRulesService) private readonly rules: AlertRulesService,
  ) {}

  /**
   * Rule 4 (every hour): emerging hot spot analysis of the whole city (H3 8, by day, the last 14 days up to now (the
   * last day partial), Benjamini–Hochberg bins); cells hot and `new` or `intensifying`, with cases of their own in the last
   * step, that were not so after the previous run (the active alerts) raise an alert; cells that left end theirs.
   */
  async run(now: number): Promise<RuleOutcome> {
    const out: RuleOutcome = { raised: [], ended: [] };
    const started = Date.now();
    const to = DateTime.fromMillis(now, { zone: this.config.TZ_CITY });
    const from = to.startOf('day').minus({ days: EMERGING_DAYS - 1 });
    // Benjamini–Hochberg bins: ~7,800 cells are tested each day, and plain 90 % bins make dozens of chance hot spots.
    const q = emergingQuerySchema.parse({ cell: 'h3', resolution: String(EMERGING_RESOLUTION), from: from.toISO(), to: to.toISO(), step: 'day', fdr: 'true' });
    if (Date.parse(q.to) - Date.parse(q.from) < 2 * 86_400_000) return out;
    const answer = await this.emerging.analyse(q);
    const current = new Map<string, string>();
    const cells = new Map(answer.cells.map((c) => [c.id, c] as const));
    // Only cells with cases of their own in the last step: a neighbour of a hot cell is hot by Gi*, but has no case to show.
    for (const c of answer.cells) if (c.hot === true && c.counts[c.counts.length - 1] > 0) current.set(c.id, c.pattern);
    const activeAlerts = await this.alerts.active('emerging_hotspot');
    const previous = new Map(activeAlerts.map((a) => [(a.figures as EmergingHotspotFigures).cell, (a.figures as EmergingHotspotFigures).classification as string | null] as const));
    const { entered, stayed, left } = emergingChanges(previous, current);
    const changedClass = stayed.filter((s) => s.previous !== s.classification);
    for (const entry of [...entered, ...changedClass]) {
      const cell = cells.get(entry.cell)!;
      const figures: AlertFigures = {
        kind: 'emerging_hotspot',
        cell: entry.cell,
        resolution: EMERGING_RESOLUTION,
        classification: entry.classification,
        previous: entered.includes(entry) ? entry.previous : (activeAlerts.find((a) => (a.figures as EmergingHotspotFigures).cell === entry.cell)?.figures as EmergingHotspotFigures).previous,
        from: new Date(Date.parse(q.from)).toISOString(),
        to: new Date(Date.parse(q.to)).toISOString(),
        step: 'day',
        lastZ: cell.z[cell.z.length - 1] ?? 0,
        trendZ: cell.trend.z,
        trendP: cell.trend.p,
        cases: cell.counts.reduce((s, n) => s + n, 0),
      };
      const inCell = await this.casesInCell(entry.cell, new Date(Date.parse(q.from)), new Date(Date.parse(q.to)));
      const district = mostCommon(inCell.map((c) => c.district));
      await this.rules.raise(out, 'recurring', now, {
        kind: 'emerging_hotspot',
        severity: 'medium',
        dedupeKey: `emerging_hotspot:${EMERGING_RESOLUTION}:${entry.cell}`,
        regionCode: district,
        districtCode: district,
        figures,
        reason: alertReason(figures, await this.rules.placeName(district)),
        caseIds: inCell.slice(0, ALERT_MAX_CASE_IDS).map((c) => c.id),
        caseCount: inCell.length,
        link: alertLink(figures, null, this.config.TZ_CITY, now),
      });
    }
    const ended = await this.alerts.end(left.map((cell) => `emerging_hotspot:${EMERGING_RESOLUTION}:${cell}`), new Date(now));
    out.ended.push(...ended.map((a) => a.id));
    this.lastRunMs = Date.now() - started;
    this.logger.log(`emerging hot spot run: ${answer.n} cells, ${current.size} hot, ${entered.length} new alerts, ${left.length} ended, ${this.lastRunMs} ms`);
    return out;
  }

  private async casesInCell(cell: string, from: Date, to: Date): Promise<{ id: string; district: string | null }[]> {
    const boundary = cellToBoundary(cell); // [lat, lng]
    const lats = boundary.map((p) => p[0]);
    const lngs = boundary.map((p) => p[1]);
    const box: [number, number, number, number] = [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
    const rows = await this.alerts.casesInBox(box, from, to);
    return rows.filter((r) => latLngToCell(r.lat, r.lon, EMERGING_RESOLUTION) === cell);
  }
}

function mostCommon(values: (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  for (const [v, n] of counts) if (best === null || n > counts.get(best)!) best = v;
  return best;
}
