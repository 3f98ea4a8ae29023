import { Inject, Injectable, Logger } from '@nestjs/common';
import { parseCrs, type Crs } from '@gridlens/geo';
import { DATABASE, type Database, type Queryable } from '../../db/database';
import { RegionImportRepository, type StagedRegion } from '../../repositories/region-import.repository';
import { CityFrameService } from '../city-frame.service';
import { PublicRankingService } from '../public-ranking.service';
import { RollupService } from '../rollup.service';
import { utmSrid } from '../utm-srid';
import { regionsFromFeatures, type SkippedFeature } from './region-features';
import type { RegionSource } from './region-file';
import { parentLevelOf, type RegionImportOptions } from './region-import-options';
import type { RegionImportReport } from './region-import-report';

/** Thrown inside the transaction of a dry run, so everything it did is rolled back; carries the report. */
class DryRun extends Error {
  constructor(readonly report: RegionImportReport) {
    super('dry run');
  }
}

/** A containment parent holding less than this share of a region is reported (the region straddles parents). */
const PARTIAL_SHARE = 0.99;

/**
 * Imports region boundaries (one level at a time) from a file already read (region-file.ts): converts them to WGS84,
 * repairs invalid polygons, finds parents (named or by containment), measures overlaps and gaps between siblings,
 * writes the regions and their point-in-polygon pieces and re-places existing cases, all in one transaction; then
 * rebuilds the rollups (counts by region) so they stay exact. A dry run does all of it and rolls back.
 */
@Injectable()
export class RegionImportService {
  private readonly logger = new Logger(RegionImportService.name);

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(RegionImportRepository) private readonly repository: RegionImportRepository,
    @Inject(RollupService) private readonly rollups: RollupService,
    @Inject(CityFrameService) private readonly cityFrame: CityFrameService,
    @Inject(PublicRankingService) private readonly publicRankings: PublicRankingService,
  ) {}

  async import(file: string, source: RegionSource, options: RegionImportOptions): Promise<RegionImportReport> {
    const started = performance.now();
    const crs = this.crsOf(source, options);
    const { regions, skipped } = regionsFromFeatures(source.features, options, crs);
    const srid = sridOf(regions);
    const base = {
      file,
      format: source.format,
      crs: crs.name,
      crsSource: options.crs ? '--crs' : (source.crsSource ?? 'default (RFC 7946 GeoJSON is WGS84)'),
      level: options.level,
      dryRun: options.dryRun,
      read: source.features.length,
      metricSrid: srid,
    };
    let report: RegionImportReport;
    try {
      report = await this.db.transaction(async (tx) => {
        const r = await this.importIn(tx, regions, skipped, options, srid, base);
        if (options.dryRun) throw new DryRun(r);
        return r;
      });
    } catch (error) {
      if (error instanceof DryRun) return { ...error.report, seconds: (performance.now() - started) / 1000 };
      throw error;
    }
    if (report.imported > 0) {
      this.cityFrame.invalidate();
      this.publicRankings.invalidate();
      const rebuilt = await this.rollups.rebuild();
      report.rollups = { rows: rebuilt.rows, seconds: rebuilt.seconds };
    }
    report.seconds = (performance.now() - started) / 1000;
    this.logger.log(`imported ${report.imported} ${options.level} regions from ${file}; ${report.cases.moved} cases re-placed`);
    return report;
  }

  private crsOf(source: RegionSource, options: RegionImportOptions): Crs {
    if (options.crs) return parseCrs(options.crs, options.proj4);
    return source.crs ?? parseCrs('wgs84');
  }

  private async importIn(
    tx: Queryable,
    regions: StagedRegion[],
    skipped: SkippedFeature[],
    options: RegionImportOptions,
    srid: number,
    base: Omit<RegionImportReport, 'imported' | 'inserted' | 'replaced' | 'skipped' | 'repaired' | 'partialParents' | 'overlaps' | 'gaps' | 'outsideParent' | 'cases' | 'affectedBox' | 'rollups' | 'seconds'>,
  ): Promise<RegionImportReport> {
    const codeOf = new Map(regions.map((r) => [r.idx, r.code]));
    const skip = (idx: number, reason: string) => skipped.push({ index: idx, code: codeOf.get(idx) ?? null, reason });
    await this.repository.lockPlacement(tx);
    await this.repository.stage(tx, options.level, regions);

    const repairs = await this.repository.repair(tx, srid);
    for (const r of repairs) if (r.areaAfter === null) skip(r.idx, `invalid polygon (${r.reason}) with nothing left once repaired`);
    const repaired = repairs
      .filter((r) => r.areaAfter !== null)
      .map((r) => ({ index: r.idx, code: codeOf.get(r.idx)!, reason: r.reason, areaBeforeM2: r.areaBefore, areaAfterM2: r.areaAfter! }));

    const clashes = await this.repository.levelClashes(tx);
    for (const c of clashes) skip(c.idx, `code ${c.code} already names a ${c.level}`);
    await this.repository.drop(tx, clashes.map((c) => c.idx));

    const parentLevel = parentLevelOf(options.level);
    const partialParents: RegionImportReport['partialParents'] = [];
    if (parentLevel && options.parentProperty) {
      const missing = await this.repository.missingParents(tx, parentLevel);
      for (const m of missing) skip(m.idx, `parent ${m.parent} is not a ${parentLevel}`);
      await this.repository.drop(tx, missing.map((m) => m.idx));
    } else if (parentLevel && options.parentByContainment) {
      const found = await this.repository.parentsByContainment(tx, parentLevel, srid);
      const none = found.filter((f) => f.parent === null);
      for (const n of none) skip(n.idx, `no ${parentLevel} contains any part of it`);
      await this.repository.drop(tx, none.map((n) => n.idx));
      for (const f of found) {
        if (f.parent && f.share < PARTIAL_SHARE) partialParents.push({ code: codeOf.get(f.idx)!, parent: f.parent, share: f.share });
      }
    }

    const overlaps = await this.repository.overlaps(tx, options.level, srid);
    const gaps = await this.repository.gaps(tx, options.level, srid);
    const outsideParent = await this.repository.outsideParents(tx, srid);
    const box = await this.repository.affectedBox(tx);
    const { inserted, replaced } = await this.repository.write(tx);
    const codes = [...inserted, ...replaced];
    const cases = box ? await this.repository.replaceCases(tx, box, options.level, codes) : { moved: 0, outside: 0 };
    skipped.sort((a, b) => a.index - b.index);
    return {
      ...base,
      imported: codes.length,
      inserted: inserted.length,
      replaced: replaced.length,
      skipped,
      repaired,
      partialParents,
      overlaps,
      gaps,
      outsideParent,
      cases,
      affectedBox: box,
      rollups: null,
      seconds: 0,
    };
  }
}

/** The UTM zone of the centre of the regions' extent: where areas are measured. */
function sridOf(regions: StagedRegion[]): number {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      w = Math.min(w, c[0]);
      e = Math.max(e, c[0]);
      s = Math.min(s, c[1] as number);
      n = Math.max(n, c[1] as number);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const r of regions) visit((r.geometry as { coordinates: unknown }).coordinates);
  return Number.isFinite(w) ? utmSrid((w + e) / 2, (s + n) / 2) : utmSrid(0, 0);
}
