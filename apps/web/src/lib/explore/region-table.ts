import type { RegionFeatureCollection, RegionProperties } from '../api/client';
import { colorOfCount, countClasses, type CountClass } from '../map/color-scale';
import type { Rgba } from '../map/colors';
import { changeClasses, colorOfChange, type ChangeClass } from './explore-colors';
import type { ExportRow } from './export';

/**
 * The region grid (district / street / community / unit grid) as a choropleth: the level's polygons joined to
 * their counts (or to the change B − A), a colour per region. Regions are few (hundreds to a few thousand), so
 * deck.gl draws their GeoJSON features as they are. Pure.
 */
export interface RegionTable {
  version: number;
  level: string;
  regions: RegionFeatureCollection;
  counts: ReadonlyMap<string, number>;
  /** With a comparison: A and B per code, and `change` = B − A. */
  countsA?: ReadonlyMap<string, number>;
  change?: ReadonlyMap<string, number>;
  colors: ReadonlyMap<string, Rgba>;
  countClasses: CountClass[];
  changeClasses: ChangeClass[];
}

export function regionTable(
  regions: RegionFeatureCollection,
  level: string,
  counts: ReadonlyMap<string, number>,
  version: number,
  countsA?: ReadonlyMap<string, number>,
): RegionTable {
  const features = regions.features.filter((f) => f.properties.level === level);
  const codes = features.map((f) => f.properties.code);
  const colors = new Map<string, Rgba>();
  if (countsA) {
    const change = new Map(codes.map((c) => [c, (counts.get(c) ?? 0) - (countsA.get(c) ?? 0)]));
    const classes = changeClasses(Math.max(0, ...[...change.values()].map(Math.abs)));
    for (const [code, d] of change) colors.set(code, colorOfChange(d, classes));
    return { version, level, regions: { type: 'FeatureCollection', features }, counts, countsA, change, colors, countClasses: [], changeClasses: classes };
  }
  const classes = countClasses(Math.max(0, ...codes.map((c) => counts.get(c) ?? 0)));
  for (const code of codes) colors.set(code, colorOfCount(counts.get(code) ?? 0, classes));
  return { version, level, regions: { type: 'FeatureCollection', features }, counts, colors, countClasses: classes, changeClasses: [] };
}

function bboxCentre(coordinates: unknown): [number, number] {
  let [a, b, c, d] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (x: unknown): void => {
    if (Array.isArray(x) && typeof x[0] === 'number') {
      a = Math.min(a, x[0] as number);
      b = Math.min(b, x[1] as number);
      c = Math.max(c, x[0] as number);
      d = Math.max(d, x[1] as number);
    } else if (Array.isArray(x)) x.forEach(walk);
  };
  walk(coordinates);
  return [(a + c) / 2, (b + d) / 2];
}

/** Export rows: every region of the level (zero counts included), centre = middle of its bounding box. */
export function rowsOfRegions(table: RegionTable): ExportRow[] {
  return table.regions.features.map((f) => {
    const code = (f.properties as RegionProperties).code;
    const [lon, lat] = bboxCentre(f.geometry.coordinates);
    const values: ExportRow['values'] = { count: table.counts.get(code) ?? 0 };
    if (table.change) {
      values.count_a = table.countsA?.get(code) ?? 0;
      values.count_b = table.counts.get(code) ?? 0;
      values.change = table.change.get(code) ?? 0;
    }
    return { id: code, geometry: f.geometry, lon, lat, values };
  });
}
