// Synthetic streets, communities and unit grids for a demo city whose real ones are not available: a lattice of
// about 100 m squares over the built-up areas, clipped to the real districts, grouped into blocks. Pure and
// deterministic: the same districts and built-up areas always give the same codes and squares.
import type { AreaGeometry, PolygonGeometry, Position } from './geometry';

const METRES_PER_DEGREE_LAT = 111_320;

/** A built-up area (a disc, WGS84): unit grids cover the urban area, not the farmland around it. */
export interface BuiltUpArea {
  name?: string;
  centre: Position;
  radiusMetres: number;
}

/** A real district (WGS84) to generate synthetic regions in. */
export interface SyntheticDistrictInput {
  code: string;
  nameZh: string;
  nameEn: string;
  geometry: AreaGeometry;
}

export interface SyntheticLayout {
  /** Side of a unit grid, metres (default 100). */
  cellMetres: number;
  /** A community is a block of this many × this many lattice cells (default 6). */
  communityCells: number;
  /** A street is a block of this many × this many communities (default 3). */
  streetCommunities: number;
}

export const DEFAULT_SYNTHETIC_LAYOUT: SyntheticLayout = { cellMetres: 100, communityCells: 6, streetCommunities: 3 };

/** A unit grid (单元网格): 15-digit code = district (6) + street (3) + community (3) + serial (3). */
export interface SyntheticGrid {
  code: string;
  /** The community code (its parent). */
  parent: string;
  street: string;
  district: string;
  nameZh: string;
  nameEn: string;
  /** [minLon, minLat, maxLon, maxLat]. */
  bbox: [number, number, number, number];
  /** The square, counter-clockwise, closed. */
  geometry: PolygonGeometry;
}

/** A street or community: its geometry is the union of its members' (grids of a community, communities of a street). */
export interface SyntheticGroup {
  code: string;
  parent: string;
  nameZh: string;
  nameEn: string;
  members: string[];
}

export interface SyntheticRegions {
  streets: SyntheticGroup[];
  communities: SyntheticGroup[];
  grids: SyntheticGrid[];
}

interface Cell {
  x: number;
  y: number;
  district: number;
  box: [number, number, number, number];
}

/**
 * Streets, communities and unit grids inside `districts`, covering the `builtUp` discs. A lattice cell (x east,
 * y north, `cellMetres` square at the districts' mean latitude) is kept when its centre lies in a built-up disc and
 * its centre and four corners lie in one district. Communities are blocks of `communityCells`² lattice cells,
 * streets blocks of `streetCommunities`² communities (only non-empty ones kept). Every serial is numbered in reading
 * order within its parent: west to east along a row, rows north to south (of the cells, or of the blocks).
 */
export function buildSyntheticRegions(
  districts: readonly SyntheticDistrictInput[],
  builtUp: readonly BuiltUpArea[],
  layout: Partial<SyntheticLayout> = {},
): SyntheticRegions {
  const cellMetres = layout.cellMetres ?? DEFAULT_SYNTHETIC_LAYOUT.cellMetres;
  const communityCells = layout.communityCells ?? DEFAULT_SYNTHETIC_LAYOUT.communityCells;
  const streetCommunities = layout.streetCommunities ?? DEFAULT_SYNTHETIC_LAYOUT.streetCommunities;
  const refLat = meanLatitude(districts);
  const dLat = cellMetres / METRES_PER_DEGREE_LAT;
  const dLon = cellMetres / (METRES_PER_DEGREE_LAT * Math.cos((refLat * Math.PI) / 180));
  const lon = (x: number) => round7(x * dLon);
  const lat = (y: number) => round7(y * dLat);
  const scans = districts.map((d) => new Scanlines(d.geometry));

  const cells = new Map<string, Cell>();
  for (const disc of builtUp) {
    const [cx, cy] = disc.centre;
    const rLat = disc.radiusMetres / METRES_PER_DEGREE_LAT;
    const rLon = rLat / Math.cos((cy * Math.PI) / 180);
    for (let y = Math.floor((cy - rLat) / dLat); y <= Math.floor((cy + rLat) / dLat); y++) {
      for (let x = Math.floor((cx - rLon) / dLon); x <= Math.floor((cx + rLon) / dLon); x++) {
        const key = `${x}:${y}`;
        if (cells.has(key)) continue;
        const box: [number, number, number, number] = [lon(x), lat(y), lon(x + 1), lat(y + 1)];
        const mid: Position = [round7((x + 0.5) * dLon), round7((y + 0.5) * dLat)];
        const east = (mid[0] - cx) * Math.cos((cy * Math.PI) / 180) * METRES_PER_DEGREE_LAT;
        const north = (mid[1] - cy) * METRES_PER_DEGREE_LAT;
        if (east * east + north * north > disc.radiusMetres * disc.radiusMetres) continue;
        const district = scans.findIndex((s) => s.covers(box, mid));
        if (district >= 0) cells.set(key, { x, y, district, box });
      }
    }
  }

  const result: SyntheticRegions = { streets: [], communities: [], grids: [] };
  const streetSide = communityCells * streetCommunities;
  districts.forEach((d, di) => {
    const short = shortName(d);
    const own = [...cells.values()].filter((c) => c.district === di);
    const streets = blocks(own, streetSide);
    streets.forEach((streetCells, si) => {
      const street = `${d.code}${serial(si)}`;
      const streetNo = label(si);
      const communities = blocks(streetCells, communityCells);
      result.streets.push({
        code: street,
        parent: d.code,
        nameZh: `${d.nameZh}第${streetNo}街道（模拟）`,
        nameEn: `${short} synthetic street ${streetNo}`,
        members: communities.map((_, ci) => `${street}${serial(ci)}`),
      });
      communities.forEach((communityCellsOf, ci) => {
        const community = `${street}${serial(ci)}`;
        const communityNo = label(ci);
        const grids = communityCellsOf.sort(readingOrder);
        result.communities.push({
          code: community,
          parent: street,
          nameZh: `${d.nameZh}第${streetNo}街道第${communityNo}社区（模拟）`,
          nameEn: `${short} synthetic community ${streetNo}-${communityNo}`,
          members: grids.map((_, gi) => `${community}${serial(gi)}`),
        });
        grids.forEach((cell, gi) => {
          const [w, s, e, n] = cell.box;
          const tag = `${streetNo}-${communityNo}-${serial(gi)}`;
          result.grids.push({
            code: `${community}${serial(gi)}`,
            parent: community,
            street,
            district: d.code,
            nameZh: `${d.nameZh}单元网格${tag}（模拟）`,
            nameEn: `${short} synthetic grid ${tag}`,
            bbox: cell.box,
            geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
          });
        });
      });
    });
  });
  return result;
}

/** The cells grouped into `side`×`side` blocks of the lattice, the blocks in reading order. */
function blocks(cells: Cell[], side: number): Cell[][] {
  const byBlock = new Map<string, { x: number; y: number; cells: Cell[] }>();
  for (const c of cells) {
    const x = Math.floor(c.x / side);
    const y = Math.floor(c.y / side);
    const key = `${x}:${y}`;
    let block = byBlock.get(key);
    if (!block) byBlock.set(key, (block = { x, y, cells: [] }));
    block.cells.push(c);
  }
  return [...byBlock.values()].sort(readingOrder).map((b) => b.cells);
}

/** North to south (y descending), then west to east. */
function readingOrder(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return b.y - a.y || a.x - b.x;
}

function serial(index: number): string {
  if (index >= 999) throw new Error('buildSyntheticRegions: more than 999 children in one region; enlarge the blocks');
  return String(index + 1).padStart(3, '0');
}

/** The serial in names: two digits while they suffice. */
function label(index: number): string {
  return String(index + 1).padStart(2, '0');
}

function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

/** "Tianning District" → "Tianning", "Liyang (county-level city)" → "Liyang". */
function shortName(d: SyntheticDistrictInput): string {
  return d.nameEn.replace(/\s*\(.*\)\s*$/, '').replace(/\s+(District|County|City)$/i, '');
}

function meanLatitude(districts: readonly SyntheticDistrictInput[]): number {
  let min = Infinity;
  let max = -Infinity;
  for (const d of districts)
    for (const polygon of d.geometry.type === 'Polygon' ? [d.geometry.coordinates] : d.geometry.coordinates)
      for (const [, y] of polygon[0] ?? []) {
        min = Math.min(min, y);
        max = Math.max(max, y);
      }
  if (!Number.isFinite(min)) throw new Error('buildSyntheticRegions: no district geometry');
  return (min + max) / 2;
}

/**
 * Point-in-polygon by horizontal scanlines (even-odd over all rings, as pointInGeometry): the crossings of each
 * latitude asked for are computed once, so testing the lattice's many points costs a binary search each.
 */
class Scanlines {
  private readonly edges: number[] = [];
  private readonly rows = new Map<number, Float64Array>();
  private readonly minLat: number;
  private readonly maxLat: number;

  constructor(geometry: AreaGeometry) {
    let minLat = Infinity;
    let maxLat = -Infinity;
    for (const polygon of geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates)
      for (const ring of polygon)
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          this.edges.push(ring[j][0], ring[j][1], ring[i][0], ring[i][1]);
          minLat = Math.min(minLat, ring[i][1]);
          maxLat = Math.max(maxLat, ring[i][1]);
        }
    this.minLat = minLat;
    this.maxLat = maxLat;
  }

  /** Whether the box's four corners and the point `mid` are all inside. */
  covers([w, s, e, n]: readonly number[], mid: Position): boolean {
    if (s < this.minLat || n > this.maxLat) return false;
    return this.inside(mid[0], mid[1]) && this.inside(w, s) && this.inside(e, s) && this.inside(e, n) && this.inside(w, n);
  }

  private inside(lon: number, lat: number): boolean {
    const xs = this.crossings(lat);
    // Crossings east of the point: odd ⇒ inside.
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (xs[m] <= lon) lo = m + 1;
      else hi = m;
    }
    return (xs.length - lo) % 2 === 1;
  }

  private crossings(lat: number): Float64Array {
    let row = this.rows.get(lat);
    if (row) return row;
    const xs: number[] = [];
    const e = this.edges;
    for (let k = 0; k < e.length; k += 4) {
      const [xj, yj, xi, yi] = [e[k], e[k + 1], e[k + 2], e[k + 3]];
      if (yi > lat !== yj > lat) xs.push(((xj - xi) * (lat - yi)) / (yj - yi) + xi);
    }
    row = Float64Array.from(xs).sort();
    this.rows.set(lat, row);
    return row;
  }
}
