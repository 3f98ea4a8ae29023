import type { RegionLevel } from '@gridlens/contracts';
import type { Overlap, OutsideParent, ParentGap } from '../../repositories/region-import.repository';
import type { SkippedFeature } from './region-features';

/** What a region import did and found: every feature read is imported or skipped with its reason. */
export interface RegionImportReport {
  file: string;
  format: 'geojson' | 'shapefile';
  /** The CRS the coordinates were read in, and where that came from (--crs, .prj, the GeoJSON crs member, default). */
  crs: string;
  crsSource: string;
  level: RegionLevel;
  dryRun: boolean;
  /** Features in the file; read = imported + skipped.length. */
  read: number;
  imported: number;
  inserted: number;
  replaced: number;
  skipped: SkippedFeature[];
  /** Invalid polygons repaired with ST_MakeValid: PostGIS's reason, and the area (m²) before and after. */
  repaired: { index: number; code: string; reason: string; areaBeforeM2: number; areaAfterM2: number }[];
  /** Regions whose containment parent holds less than 99% of them. */
  partialParents: { code: string; parent: string; share: number }[];
  /** Siblings (same parent) that overlap, m². */
  overlaps: Overlap[];
  /** Parents not fully covered by their children, m². */
  gaps: ParentGap[];
  /** Regions reaching outside their parent, m². */
  outsideParent: OutsideParent[];
  /** Existing cases whose region codes changed, and how many of those are now outside every region. */
  cases: { moved: number; outside: number };
  /** The WGS84 box [w, s, e, n] of the imported and replaced boundaries: where cases may have changed region. */
  affectedBox: [number, number, number, number] | null;
  /** The rollup rebuild after the import (null in a dry run or when nothing was imported). */
  rollups: { rows: number; seconds: number } | null;
  /** UTM zone (EPSG) areas were measured in. */
  metricSrid: number;
  seconds: number;
}

const m2 = (v: number) => `${Math.round(v).toLocaleString('en-US')} m²`;
const pct = (part: number, whole: number) => (whole > 0 ? ` (${((100 * part) / whole).toFixed(2)}%)` : '');

/** The report as the CLI prints it. */
export function formatRegionImportReport(r: RegionImportReport): string {
  const lines = [
    `${r.dryRun ? 'DRY RUN (nothing written): ' : ''}${r.file}: ${r.format}, coordinates in ${r.crs} (${r.crsSource}), level ${r.level}`,
    `features read ${r.read} = imported ${r.imported} (new ${r.inserted}, replaced ${r.replaced}) + skipped ${r.skipped.length}`,
  ];
  for (const s of r.skipped) lines.push(`  skipped feature ${s.index}${s.code ? ` (${s.code})` : ''}: ${s.reason}`);
  lines.push(`repaired (ST_MakeValid) ${r.repaired.length}`);
  for (const p of r.repaired) lines.push(`  ${p.code} (feature ${p.index}): ${p.reason}; area ${m2(p.areaBeforeM2)} → ${m2(p.areaAfterM2)}`);
  if (r.partialParents.length) lines.push(`regions straddling parents ${r.partialParents.length}`);
  for (const p of r.partialParents) lines.push(`  ${p.code}: ${(p.share * 100).toFixed(1)}% inside its parent ${p.parent}`);
  lines.push(`overlaps between siblings ${r.overlaps.length} (areas in EPSG:${r.metricSrid})`);
  for (const o of r.overlaps) lines.push(`  ${o.a} ∩ ${o.b}: ${m2(o.areaM2)}`);
  lines.push(`gaps (parent area no child covers) ${r.gaps.length}`);
  for (const g of r.gaps) lines.push(`  ${g.parent}: ${m2(g.gapM2)}${pct(g.gapM2, g.parentM2)} of ${m2(g.parentM2)}`);
  if (r.outsideParent.length) lines.push(`regions reaching outside their parent ${r.outsideParent.length}`);
  for (const o of r.outsideParent) lines.push(`  ${o.code} outside ${o.parent}: ${m2(o.outsideM2)}`);
  lines.push(`cases re-placed ${r.cases.moved}${r.cases.outside ? ` (${r.cases.outside} of them now outside every region)` : ''}`);
  if (r.rollups) lines.push(`rollups rebuilt: ${r.rollups.rows} rows in ${r.rollups.seconds.toFixed(1)} s`);
  lines.push(`done in ${r.seconds.toFixed(1)} s`);
  return lines.join('\n');
}
