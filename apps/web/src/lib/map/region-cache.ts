import type { RegionLevel } from '@gridlens/contracts';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { RegionFeatureCollection, RegionProperties } from '../api/client';
import { BOUNDARY_LEVELS, tilesCovering } from './region-levels';
import type { Bbox } from './view-state';

export type RegionFeature = Feature<Polygon | MultiPolygon, RegionProperties>;

/** Loads one level's polygons, for a bbox or (null) the whole level. */
export type RegionLoader = (level: RegionLevel, bbox: Bbox | null) => Promise<RegionFeatureCollection>;

/**
 * Region polygons per level, loaded once per tile (districts: once for all) and kept: panning back costs nothing.
 * Features are deduplicated by code (a region crossing tiles comes back from each). Not reactive: the caller copies
 * `collection(level)` into its state after `load` reports new features.
 */
export class RegionCache {
  private readonly requested = new Set<string>();
  private readonly byLevel = new Map<RegionLevel, Map<string, RegionFeature>>();
  private readonly collections = new Map<RegionLevel, RegionFeatureCollection>();

  constructor(private readonly loader: RegionLoader) {}

  /** Loads what is missing of `level` for the view; resolves to true when new features arrived. */
  async load(level: RegionLevel, view: Bbox): Promise<boolean> {
    const tileZoom = BOUNDARY_LEVELS.find((l) => l.level === level)?.tileZoom ?? null;
    const parts: { key: string; bbox: Bbox | null }[] =
      tileZoom === null ? [{ key: `${level}:all`, bbox: null }] : tilesCovering(view, tileZoom).map((t) => ({ key: `${level}:${t.key}`, bbox: t.bbox }));
    const missing = parts.filter((p) => !this.requested.has(p.key));
    if (!missing.length) return false;
    for (const p of missing) this.requested.add(p.key);
    const answers = await Promise.allSettled(missing.map((p) => this.loader(level, p.bbox)));
    let added = false;
    answers.forEach((answer, i) => {
      if (answer.status === 'rejected') {
        this.requested.delete(missing[i].key); // try again next time the view comes here
        return;
      }
      const known = this.byLevel.get(level) ?? new Map<string, RegionFeature>();
      this.byLevel.set(level, known);
      for (const feature of answer.value.features as RegionFeature[]) {
        if (known.has(feature.properties.code)) continue;
        known.set(feature.properties.code, feature);
        added = true;
      }
    });
    if (added) this.collections.delete(level);
    const failed = answers.find((a): a is PromiseRejectedResult => a.status === 'rejected');
    if (failed && !added) throw failed.reason;
    return added;
  }

  /** The level's polygons loaded so far (the same object until new ones arrive), or null before any. */
  collection(level: RegionLevel): RegionFeatureCollection | null {
    const known = this.byLevel.get(level);
    if (!known) return null;
    let collection = this.collections.get(level);
    if (!collection) {
      collection = { type: 'FeatureCollection', features: [...known.values()] };
      this.collections.set(level, collection);
    }
    return collection;
  }
}
