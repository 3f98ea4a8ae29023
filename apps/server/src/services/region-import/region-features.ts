import { geometryToWgs84, type Crs } from '@gridlens/geo';
import type { StagedRegion } from '../../repositories/region-import.repository';
import type { RegionImportOptions } from './region-import-options';
import type { SourceFeature } from './region-file';

/** A feature the import leaves out, and why. */
export interface SkippedFeature {
  index: number;
  code: string | null;
  reason: string;
}

/** A property by its exact name, else by the same name in another case (DBF field names are often upper-cased). */
export function propertyOf(properties: Record<string, unknown>, name: string): unknown {
  if (name in properties) return properties[name];
  const lower = name.toLowerCase();
  const key = Object.keys(properties).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : properties[key];
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  return s === '' ? null : s;
}

function firstPosition(coords: unknown): number[] | null {
  let c = coords;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) && typeof c[0] === 'number' ? (c as number[]) : null;
}

/**
 * Turn a boundary file's features into regions to stage (WGS84), and say which are left out and why: no code or
 * name, a code seen before in the file, no parent property, not a polygon, coordinates that cannot be converted.
 */
export function regionsFromFeatures(
  features: SourceFeature[],
  options: RegionImportOptions,
  crs: Crs,
): { regions: StagedRegion[]; skipped: SkippedFeature[] } {
  const regions: StagedRegion[] = [];
  const skipped: SkippedFeature[] = [];
  const seen = new Map<string, number>();
  for (const f of features) {
    const code = text(propertyOf(f.properties, options.codeProperty));
    const skip = (reason: string) => skipped.push({ index: f.index, code, reason });
    if (!code) {
      skip(`no ${options.codeProperty} (the code property)`);
      continue;
    }
    if (seen.has(code)) {
      skip(`code ${code} already given by feature ${seen.get(code)}`);
      continue;
    }
    const name = text(propertyOf(f.properties, options.nameProperty));
    if (!name) {
      skip(`no ${options.nameProperty} (the name property)`);
      continue;
    }
    const nameEn = options.nameEnProperty ? text(propertyOf(f.properties, options.nameEnProperty)) ?? name : name;
    let parent: string | null = null;
    if (options.parentProperty) {
      parent = text(propertyOf(f.properties, options.parentProperty));
      if (!parent) {
        skip(`no ${options.parentProperty} (the parent property)`);
        continue;
      }
    }
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
      skip(`geometry is ${g ? g.type : 'missing'}, not a Polygon or MultiPolygon`);
      continue;
    }
    const first = firstPosition(g.coordinates);
    if (!first) {
      skip('the polygon has no coordinates');
      continue;
    }
    if (crs.kind === 'wgs84' && (Math.abs(first[0]) > 180 || Math.abs(first[1]) > 90)) {
      skip(`(${first[0]}, ${first[1]}) is not longitude/latitude: the file looks projected, give --crs (e.g. EPSG:4549)`);
      continue;
    }
    let geometry: unknown;
    try {
      geometry = geometryToWgs84(g, crs);
    } catch (error) {
      skip((error as Error).message);
      continue;
    }
    seen.set(code, f.index);
    regions.push({ idx: f.index, code, nameZh: name, nameEn, parent, geometry });
  }
  return { regions, skipped };
}
