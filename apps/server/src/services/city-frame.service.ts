import { Inject, Injectable } from '@nestjs/common';
import { RegionRepository } from '../repositories/region.repository';
import { utmSrid } from './utm-srid';

export interface CityExtent {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** How long the city's extent is remembered: regions change by seeding or import, not per request. */
const TTL_MS = 10_000;

/**
 * The city's extent and the metric projection (UTM zone of its centre) square and hexagon cells are laid out in:
 * read once and remembered for a few seconds, not on every grid, count or cell request.
 */
@Injectable()
export class CityFrameService {
  private cached: { extent: CityExtent | null; until: number } | null = null;

  constructor(@Inject(RegionRepository) private readonly regions: RegionRepository) {}

  /** The extent of the city (the first, if several), or null before any region exists. */
  async extent(): Promise<CityExtent | null> {
    const now = Date.now();
    if (this.cached && this.cached.until > now) return this.cached.extent;
    const [city] = await this.regions.list({ level: 'city' });
    const extent = city ? { minLon: city.bbox[0], minLat: city.bbox[1], maxLon: city.bbox[2], maxLat: city.bbox[3] } : null;
    // An empty database is not remembered: the first city seeded is seen at once.
    this.cached = extent ? { extent, until: now + TTL_MS } : null;
    return extent;
  }

  /** The UTM zone of the city's centre; without a city (no placed case either), any zone: zone 31N. */
  async srid(): Promise<number> {
    const e = await this.extent();
    return e ? sridOf(e) : utmSrid(0, 0);
  }

  /** Forget the extent (after regions were replaced). */
  invalidate(): void {
    this.cached = null;
  }
}

/** The UTM zone of an extent's centre. */
export function sridOf(e: CityExtent): number {
  return utmSrid((e.minLon + e.maxLon) / 2, (e.minLat + e.maxLat) / 2);
}
