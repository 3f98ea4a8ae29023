// Inspectors who each patrol their own unit grids: the grids of a district cut into patrol areas of whole
// communities (about 30–60 grids), a route through each area's grid centres, and who owns the grid at a point.
import { type Position, roundPosition } from './geometry';

/** A unit grid an inspector can be given (a SyntheticGrid fits): `parent` is its community. */
export interface SimGrid {
  code: string;
  parent: string;
  street: string;
  district: string;
  /** [minLon, minLat, maxLon, maxLat], WGS84. */
  bbox: readonly [number, number, number, number];
}

/** A patrol area closes once it has this many grids (whole communities, within one street). */
export const MIN_PATROL_GRIDS = 30;

/**
 * Patrol areas per district code: each street's communities, in code order, gathered until an area has
 * MIN_PATROL_GRIDS grids; a street's remainder joins its last area (or is an area of its own in a small street).
 */
export function patrolAreas(grids: readonly SimGrid[]): Map<string, SimGrid[][]> {
  const sorted = [...grids].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const tree = new Map<string, Map<string, Map<string, SimGrid[]>>>();
  for (const g of sorted) {
    let streets = tree.get(g.district);
    if (!streets) tree.set(g.district, (streets = new Map()));
    let communities = streets.get(g.street);
    if (!communities) streets.set(g.street, (communities = new Map()));
    let list = communities.get(g.parent);
    if (!list) communities.set(g.parent, (list = []));
    list.push(g);
  }
  const areas = new Map<string, SimGrid[][]>();
  for (const [district, streets] of tree) {
    const own: SimGrid[][] = [];
    for (const communities of streets.values()) {
      const first = own.length;
      let current: SimGrid[] = [];
      for (const list of communities.values()) {
        current.push(...list);
        if (current.length >= MIN_PATROL_GRIDS) {
          own.push(current);
          current = [];
        }
      }
      if (current.length > 0) {
        if (own.length > first) own[own.length - 1].push(...current);
        else own.push(current);
      }
    }
    areas.set(district, own);
  }
  return areas;
}

/**
 * A route through the grids' centres, row by row from north to south, alternately west→east and east→west, so
 * most steps go to a neighbouring grid. `cells[i]` is the box of waypoint i's grid.
 */
export function serpentineRoute(grids: readonly SimGrid[]): { route: Position[]; cells: (readonly [number, number, number, number])[] } {
  const rows = new Map<number, SimGrid[]>();
  for (const g of grids) {
    const key = Math.round(g.bbox[3] * 1e6);
    const row = rows.get(key);
    if (row) row.push(g);
    else rows.set(key, [g]);
  }
  const ordered = [...rows.entries()]
    .sort((a, b) => b[0] - a[0])
    .flatMap(([, row], r) => row.sort((a, b) => (r % 2 === 0 ? a.bbox[0] - b.bbox[0] : b.bbox[0] - a.bbox[0])));
  return {
    route: ordered.map((g) => roundPosition([(g.bbox[0] + g.bbox[2]) / 2, (g.bbox[1] + g.bbox[3]) / 2])),
    cells: ordered.map((g) => g.bbox),
  };
}

export function inBox([lon, lat]: Position, box: readonly number[]): boolean {
  return lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3];
}

/** Who patrols the grid at a point: a hash of grid boxes on a lattice of about one grid, so a look-up is O(1). */
export class GridOwners<T> {
  private readonly buckets = new Map<string, { box: readonly number[]; owner: T }[]>();
  private readonly width: number;
  private readonly height: number;

  constructor(entries: { cells: readonly (readonly number[])[]; owner: T }[]) {
    const first = entries.find((e) => e.cells.length > 0)?.cells[0];
    this.width = first ? first[2] - first[0] : 1;
    this.height = first ? first[3] - first[1] : 1;
    for (const { cells, owner } of entries)
      for (const box of cells)
        for (let x = Math.floor(box[0] / this.width); x <= Math.floor(box[2] / this.width); x++)
          for (let y = Math.floor(box[1] / this.height); y <= Math.floor(box[3] / this.height); y++) {
            const key = `${x}:${y}`;
            const list = this.buckets.get(key);
            if (list) list.push({ box, owner });
            else this.buckets.set(key, [{ box, owner }]);
          }
  }

  /** The owner of a grid holding the point, or null. */
  at(p: Position): T | null {
    if (this.buckets.size === 0) return null;
    const list = this.buckets.get(`${Math.floor(p[0] / this.width)}:${Math.floor(p[1] / this.height)}`);
    return list?.find((e) => inBox(p, e.box))?.owner ?? null;
  }
}
