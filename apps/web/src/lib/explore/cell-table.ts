import { cellToBoundary, isValidCell } from 'h3-js';
import type { Rgba } from '../map/colors';
import { cellPolygon, type Ring } from '../map/grid-geometry';

/**
 * Cells of one answer (grid, hotspots, emerging, change) ready for deck.gl as binary attributes: every polygon's
 * corners in one Float64Array with start indices, a colour per cell in one Uint8Array, and the statistics as
 * columns, all computed once per answer. Rows are the drawn cells only (`keep`), in the answer's order.
 */

export type CellKind = 'h3' | 'hex' | 'square';

/** How ids become polygons: H3 indexes, or the grid's `h:`/`s:` ids in a UTM zone (size, srid). */
export interface CellGeometry {
  kind: CellKind;
  size?: number;
  srid?: number;
}

/** Statistics per cell, as columns of the same length as `id`. */
export interface CellStats {
  id: string[];
  count: ArrayLike<number>;
  z?: ArrayLike<number>;
  p?: ArrayLike<number>;
  bin?: ArrayLike<number>;
  pattern?: readonly string[];
  hot?: ArrayLike<number>;
  trendZ?: ArrayLike<number>;
  countA?: ArrayLike<number>;
  countB?: ArrayLike<number>;
  change?: ArrayLike<number>;
}

export interface CellTable {
  /** New per answer (the layers' updateTriggers and data identity). */
  version: number;
  geometry: CellGeometry;
  length: number;
  stats: CellStats;
  /** lon, lat of each cell's centre (mean of its corners). */
  centres: Float64Array;
  /** All corners, lon, lat pairs; polygon i spans startIndices[i] .. startIndices[i + 1] (vertices). */
  positions: Float64Array;
  startIndices: Uint32Array;
  /** r, g, b, a per cell. */
  colors: Uint8Array;
  /** The same colours repeated for every vertex of the cell's ring (deck.gl's binary fill attribute). */
  vertexColors: Uint8Array;
  /** Row of an id. */
  rowOf: Map<string, number>;
}

/** A cell's closed ring (first = last), counter-clockwise, WGS84 lon/lat; null for an id it cannot read. */
export function cellRing(id: string, geometry: CellGeometry): Ring | null {
  if (geometry.kind === 'h3') {
    return isValidCell(id) ? (cellToBoundary(id, true) as Ring) : null;
  }
  if (geometry.size === undefined || geometry.srid === undefined) return null;
  return cellPolygon(id, geometry.size, geometry.srid);
}

const pick = <T>(column: ArrayLike<T> | readonly T[] | undefined, rows: number[]): T[] | undefined => (column ? rows.map((r) => column[r]) : undefined);

/** The table of the cells `keep` accepts, with `colorOf(row in the answer)` per cell. */
export function cellTable(stats: CellStats, geometry: CellGeometry, colorOf: (i: number) => Rgba, keep: (i: number) => boolean, version: number): CellTable {
  const rows: number[] = [];
  const rings: Ring[] = [];
  for (let i = 0; i < stats.id.length; i++) {
    if (!keep(i)) continue;
    const ring = cellRing(stats.id[i], geometry);
    if (!ring) continue;
    rows.push(i);
    rings.push(ring);
  }
  const vertices = rings.reduce((n, r) => n + r.length, 0);
  const positions = new Float64Array(vertices * 2);
  const startIndices = new Uint32Array(rings.length + 1);
  const centres = new Float64Array(rings.length * 2);
  const colors = new Uint8Array(rings.length * 4);
  let v = 0;
  rings.forEach((ring, k) => {
    startIndices[k] = v;
    let sx = 0;
    let sy = 0;
    // the closing corner repeats the first: leave it out of the centre
    const corners = ring.length - 1;
    ring.forEach(([x, y], j) => {
      positions[(v + j) * 2] = x;
      positions[(v + j) * 2 + 1] = y;
      if (j < corners) {
        sx += x;
        sy += y;
      }
    });
    centres[k * 2] = sx / corners;
    centres[k * 2 + 1] = sy / corners;
    colors.set(colorOf(rows[k]), k * 4);
    v += ring.length;
  });
  startIndices[rings.length] = v;
  const vertexColors = new Uint8Array(v * 4);
  for (let k = 0; k < rings.length; k++) {
    const color = colors.subarray(k * 4, k * 4 + 4);
    for (let j = startIndices[k]; j < startIndices[k + 1]; j++) vertexColors.set(color, j * 4);
  }
  const picked: CellStats = {
    id: rows.map((r) => stats.id[r]),
    count: pick(stats.count, rows)!,
    z: pick(stats.z, rows),
    p: pick(stats.p, rows),
    bin: pick(stats.bin, rows),
    pattern: pick(stats.pattern, rows),
    hot: pick(stats.hot, rows),
    trendZ: pick(stats.trendZ, rows),
    countA: pick(stats.countA, rows),
    countB: pick(stats.countB, rows),
    change: pick(stats.change, rows),
  };
  for (const key of Object.keys(picked) as (keyof CellStats)[]) if (picked[key] === undefined) delete picked[key];
  return {
    version,
    geometry,
    length: rings.length,
    stats: picked,
    centres,
    positions,
    startIndices,
    colors,
    vertexColors,
    rowOf: new Map(picked.id.map((id, i) => [id, i])),
  };
}

/** The ring of row `i` of a table (a copy, for exports and the selection outline). */
export function ringAt(table: CellTable, i: number): Ring {
  const ring: Ring = [];
  for (let v = table.startIndices[i]; v < table.startIndices[i + 1]; v++) ring.push([table.positions[v * 2], table.positions[v * 2 + 1]]);
  return ring;
}

type PolygonData = {
  length: number;
  startIndices: Uint32Array;
  attributes: { getPolygon: { value: Float64Array; size: 2 }; getFillColor: { value: Uint8Array; size: 4; normalized: true } };
};
type PathData = { length: number; startIndices: Uint32Array; attributes: { getPath: { value: Float64Array; size: 2 } } };
const polygonsOf = new WeakMap<CellTable, PolygonData>();
const pathsOf = new WeakMap<CellTable, PathData>();

/**
 * deck.gl's binary data for the table's polygons (SolidPolygonLayer with `_normalize: false`): the rings and a fill
 * colour per vertex, both typed arrays uploaded as they are (no accessor, no object per cell). One object per table,
 * so a new layer descriptor (e.g. for a new selection) does not make deck.gl tessellate the cells again.
 */
export function polygonData(table: CellTable): PolygonData {
  let data = polygonsOf.get(table);
  if (!data) {
    data = {
      length: table.length,
      startIndices: table.startIndices,
      attributes: { getPolygon: { value: table.positions, size: 2 }, getFillColor: { value: table.vertexColors, size: 4, normalized: true } },
    };
    polygonsOf.set(table, data);
  }
  return data;
}

/** The same rings as paths (PathLayer), one object per table. */
export function pathData(table: CellTable): PathData {
  let data = pathsOf.get(table);
  if (!data) {
    data = { length: table.length, startIndices: table.startIndices, attributes: { getPath: { value: table.positions, size: 2 } } };
    pathsOf.set(table, data);
  }
  return data;
}
