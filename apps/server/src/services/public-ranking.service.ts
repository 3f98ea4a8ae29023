import { Inject, Injectable } from '@nestjs/common';
import {
  PUBLIC_LEVELS,
  type EvaluationRow,
  type PublicLevel,
  type PublicRanking,
  type PublicRankingList,
  type PublicRankingRow,
  type PublicRankingSummary,
  type PublicRankingsQuery,
  type PublicUnitHistory,
  type RankChange,
} from '@gridlens/contracts';
import { correctionChanges, toPublicRows } from '@gridlens/evaluation';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PublicRankingRepository, type PublicRegionLevel, type PublishedSummaryRow } from '../repositories/public-ranking.repository';
import { PublicCache, type PublicAnswer, type UncachedAnswer } from './public-cache';
import { rankingCsv, rankingTable, rankingXlsx } from './ranking-download';
import type { DownloadLang } from './ranking-download-labels';

/** Lists change with every publication; a publication only when a correction supersedes it. */
export const LIST_CACHE_CONTROL = 'public, max-age=300';
export const PUBLICATION_CACHE_CONTROL = 'public, max-age=3600';
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Region boundaries for a city-wide grade map: tolerance in degrees (~0.0005° ≈ 50 m, under a pixel of a city
 * drawn 1,000 px wide) and 5 decimals (~1 m).
 */
const REGION_TOLERANCE: Record<PublicRegionLevel, number> = { district: 0.0005, street: 0.0002, community: 0.0001 };
const REGION_DECIMALS = 5;

export type DownloadFormat = 'csv' | 'xlsx';
const DOWNLOAD_TYPES: Record<DownloadFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
/** Bump when the download layout changes (it enters the XLSX ETag, whose bytes are not reproducible). */
const DOWNLOAD_LAYOUT = 1;

/**
 * The public rankings (docs/api.md, "Public rankings"): published snapshots only, suppressed for privacy
 * (`toPublicRows` with PUBLIC_MIN_COUNT), every answer built once and then served from PublicCache as bytes with
 * a strong ETag.
 */
@Injectable()
export class PublicRankingService {
  constructor(
    @Inject(PublicRankingRepository) private readonly repo: PublicRankingRepository,
    @Inject(PublicCache) private readonly cache: PublicCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Call after a publication or correction on this instance: the next reader sees it at once. */
  invalidate(): void {
    this.cache.invalidate();
  }

  list(query: PublicRankingsQuery): Promise<PublicAnswer> {
    return this.cache.get(`list:${query.period ?? ''}:${query.level ?? ''}`, async () => json(await this.buildList(query), LIST_CACHE_CONTROL)) as Promise<PublicAnswer>;
  }

  /** Null: no such publication. */
  ranking(id: string): Promise<PublicAnswer | null> {
    return this.cache.get(`ranking:${id}`, async () => {
      const ranking = await this.buildRanking(id);
      return ranking && json(ranking, PUBLICATION_CACHE_CONTROL);
    });
  }

  /** The ranking as CSV or XLSX, made from the cached public answer (one database read serves all three). */
  download(id: string, format: DownloadFormat, lang: DownloadLang): Promise<PublicAnswer | null> {
    return this.cache.get(`download:${id}:${format}:${lang}`, async () => {
      const answer = await this.ranking(id);
      if (!answer) return null;
      const ranking = JSON.parse(answer.body.toString('utf8')) as PublicRanking;
      const table = rankingTable(ranking, lang);
      const base = { contentType: DOWNLOAD_TYPES[format], cacheControl: PUBLICATION_CACHE_CONTROL, fileName: `ranking-${id}-${lang}.${format}` };
      if (format === 'csv') return { ...base, body: rankingCsv(table) };
      return { ...base, body: await rankingXlsx(table, ranking.publishedAt), etagOf: `xlsx:${DOWNLOAD_LAYOUT}:${lang}:${answer.etag}` };
    });
  }

  /** Null: the unit is in no current publication of the level. */
  unitHistory(level: PublicLevel, code: string): Promise<PublicAnswer | null> {
    return this.cache.get(`history:${level}:${code}`, async () => {
      const history = await this.buildUnitHistory(level, code);
      return history && json(history, LIST_CACHE_CONTROL);
    });
  }

  regions(level: PublicRegionLevel): Promise<PublicAnswer> {
    return this.cache.get(`regions:${level}`, async () => {
      const fc = await this.repo.regionBoundaries(level, REGION_TOLERANCE[level], REGION_DECIMALS);
      return json(fc, PUBLICATION_CACHE_CONTROL);
    }) as Promise<PublicAnswer>;
  }

  async buildList(query: PublicRankingsQuery): Promise<PublicRankingList> {
    const rows = await this.repo.list(query);
    const periods = rows
      .filter((r) => r.supersededBy === null)
      .map((r) => ({ period: r.period, level: r.level, id: r.id }))
      .sort((a, b) => (a.period === b.period ? PUBLIC_LEVELS.indexOf(a.level) - PUBLIC_LEVELS.indexOf(b.level) : a.period < b.period ? 1 : -1));
    return { items: rows.map(summary), periods };
  }

  async buildRanking(id: string): Promise<PublicRanking | null> {
    const p = await this.repo.get(id);
    if (!p) return null;
    const minCount = this.config.PUBLIC_MIN_COUNT;
    let correction: PublicRanking['correction'] = null;
    if (p.supersedesId) {
      const before = (await this.repo.rowsOf(p.supersedesId)) ?? [];
      correction = {
        reason: p.correctionReason ?? '',
        previousId: p.supersedesId,
        changes: correctionChanges(this.asPublic(before), this.asPublic(p.rows)),
      };
    }
    return {
      ...summary(p),
      from: p.from,
      to: p.to,
      note: p.note,
      scheme: { version: p.schemeVersion, definition: p.scheme },
      minCount,
      rows: await this.withPublicChanges(p.level, toPublicRows(p.rows, p.topCategories, minCount)),
      correction,
    };
  }

  async buildUnitHistory(level: PublicLevel, code: string): Promise<PublicUnitHistory | null> {
    const minCount = this.config.PUBLIC_MIN_COUNT;
    const found = await this.repo.unitHistory(level, code, minCount);
    if (found.length === 0) return null;
    return {
      level,
      code,
      name: found[found.length - 1].row.name,
      points: found.map(({ id, period, row, rankedCount }) => {
        const [pub] = toPublicRows([row], {}, minCount);
        return { period, id, score: pub.score, grade: pub.grade, rank: pub.rank, of: rankedCount };
      }),
    };
  }

  /**
   * A change (环比 / 同比) shows the compared period's score and rank: kept only where that period's current
   * publication lists the unit with at least PUBLIC_MIN_COUNT due cases, i.e. where its score is public there too.
   * (Unpublished periods, and units suppressed there, show no change: their score was never public.)
   */
  private async withPublicChanges(level: PublicLevel, rows: PublicRankingRow[]): Promise<PublicRankingRow[]> {
    const periods = new Set<string>();
    for (const r of rows) for (const c of [r.change.previous, r.change.yearAgo]) if (c) periods.add(c.period);
    const found = await this.repo.dueByUnit(level, [...periods]);
    const publicThere = new Set(found.filter((f) => f.due >= this.config.PUBLIC_MIN_COUNT).map((f) => `${f.period} ${f.code}`));
    const keep = (code: string, c: RankChange | null) => (c && publicThere.has(`${c.period} ${code}`) ? c : null);
    return rows.map((r) => ({ ...r, change: { previous: keep(r.code, r.change.previous), yearAgo: keep(r.code, r.change.yearAgo) } }));
  }

  /**
   * Stored rows with score, grade and rank as the public sees them, so a correction's list of changes never
   * reveals a figure the public rows suppress.
   */
  private asPublic(rows: EvaluationRow[]): EvaluationRow[] {
    const pub = new Map(toPublicRows(rows, {}, this.config.PUBLIC_MIN_COUNT).map((r) => [r.code, r]));
    return rows.map((r) => {
      const p = pub.get(r.code);
      return p ? { ...r, score: p.score, grade: p.grade, rank: p.rank } : r;
    });
  }
}

function summary(r: PublishedSummaryRow): PublicRankingSummary {
  return {
    id: r.id,
    period: r.period,
    level: r.level,
    schemeVersion: r.schemeVersion,
    publishedAt: r.publishedAt,
    hash: r.hash,
    supersedes: r.supersedesId ? { id: r.supersedesId, reason: r.correctionReason ?? '' } : null,
    supersededBy: r.supersededBy,
  };
}

function json(value: unknown, cacheControl: string): UncachedAnswer {
  return { body: Buffer.from(JSON.stringify(value), 'utf8'), contentType: JSON_TYPE, cacheControl };
}
