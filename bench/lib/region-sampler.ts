/**
 * Random points inside a city's districts, drawn from a bounding box and kept only when they lie inside a
 * district polygon and at least `margin` degrees from every boundary, so that the server's own
 * point-in-polygon placement (PostGIS, on slightly different vertex rounding) can never disagree.
 */

export type Bbox = readonly [minLon: number, minLat: number, maxLon: number, maxLat: number];

interface GeoJsonGeometry {
  type: string;
  coordinates: unknown;
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: { id?: string; properties?: Record<string, unknown> | null; geometry: GeoJsonGeometry | null }[];
}

/** Edges as flat [x1, y1, x2, y2] quadruples, binned by latitude strip. */
export class RegionSampler {
  private readonly strips: Float64Array[];
  private readonly stripHeight: number;

  constructor(
    regions: FeatureCollection,
    readonly bbox: Bbox,
    readonly margin = 2e-5,
    stripCount = 600,
  ) {
    const [, minLat, , maxLat] = bbox;
    this.stripHeight = (maxLat - minLat) / stripCount;
    const bins: number[][] = Array.from({ length: stripCount }, () => []);
    for (const feature of regions.features) {
      for (const ring of ringsOf(feature.geometry)) {
        for (let k = 0; k + 1 < ring.length; k++) {
          const [x1, y1] = ring[k];
          const [x2, y2] = ring[k + 1];
          const lo = Math.min(y1, y2) - margin;
          const hi = Math.max(y1, y2) + margin;
          if (hi < minLat || lo > maxLat) continue;
          const first = Math.max(0, Math.floor((lo - minLat) / this.stripHeight));
          const last = Math.min(stripCount - 1, Math.floor((hi - minLat) / this.stripHeight));
          for (let s = first; s <= last; s++) bins[s].push(x1, y1, x2, y2);
        }
      }
    }
    this.strips = bins.map((b) => Float64Array.from(b));
  }

  /** Inside some region (even-odd over all rings) and farther than `margin` from every edge. */
  accepts(lon: number, lat: number): boolean {
    const s = Math.floor((lat - this.bbox[1]) / this.stripHeight);
    const edges = this.strips[Math.min(Math.max(s, 0), this.strips.length - 1)];
    let inside = false;
    const m2 = this.margin * this.margin;
    for (let k = 0; k < edges.length; k += 4) {
      const x1 = edges[k];
      const y1 = edges[k + 1];
      const x2 = edges[k + 2];
      const y2 = edges[k + 3];
      if (y1 > lat !== y2 > lat && lon < x1 + ((lat - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
      if (segmentDistance2(lon, lat, x1, y1, x2, y2) < m2) return false;
    }
    return inside;
  }

  /** A point drawn with `random` (uniform in the bbox, retried until accepted), rounded to 6 decimals (≈ 0.1 m). */
  draw(random: () => number, maxTries = 10_000): [number, number] {
    const [minLon, minLat, maxLon, maxLat] = this.bbox;
    for (let t = 0; t < maxTries; t++) {
      const lon = round6(minLon + random() * (maxLon - minLon));
      const lat = round6(minLat + random() * (maxLat - minLat));
      if (this.accepts(lon, lat)) return [lon, lat];
    }
    throw new Error(`no point inside the regions found in ${maxTries} tries: is the bbox ${this.bbox.join(',')} inside the city?`);
  }
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function segmentDistance2(px: number, py: number, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - x1) * dx + (py - y1) * dy) / len2;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = x1 + t * dx - px;
  const ey = y1 + t * dy - py;
  return ex * ex + ey * ey;
}

function ringsOf(geometry: GeoJsonGeometry | null): [number, number][][] {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return geometry.coordinates as [number, number][][];
  if (geometry.type === 'MultiPolygon') return (geometry.coordinates as [number, number][][][]).flat();
  return [];
}
