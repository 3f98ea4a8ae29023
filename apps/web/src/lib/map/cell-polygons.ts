import type { CountClass } from './color-scale';
import { colorOfCount } from './color-scale';
import { cellRingMetres, parseCellId } from './grid-geometry';
import { fromUtm, utmZoneOfSrid } from './utm';

/**
 * Grid cells as deck.gl binary data (no object per cell): every ring, closed, one after another in one Float64Array
 * of lon/lat, with the index of each ring's first vertex (`startIndices`, one more entry than rings: the end).
 */

/** `data` of a SolidPolygonLayer: rings from `getPolygon`, a colour per vertex from `getFillColor`. */
export interface BinaryPolygons {
  length: number;
  startIndices: Uint32Array;
  attributes: {
    getPolygon: { value: Float64Array; size: 2 };
    getFillColor: { value: Uint8Array; size: 4; normalized: true };
  };
}

/** `data` of a PathLayer over the same rings. */
export interface BinaryPaths {
  length: number;
  startIndices: Uint32Array;
  attributes: { getPath: { value: Float64Array; size: 2 } };
}

export interface CellRings {
  /** For each ring, the row of `ids` it was made from (ids the layout cannot read are left out). */
  rows: number[];
  positions: Float64Array;
  startIndices: Uint32Array;
}

/**
 * The rings of the cells `ids` (server ids `h:q:r` / `s:i:j`, `size` metres, the answer's UTM `srid`) in WGS84,
 * with the server's layout (grid-geometry.ts): 7 vertices per hexagon, 5 per square, counter-clockwise, closed.
 */
export function cellPolygons(ids: readonly string[], size: number, srid: number): CellRings {
  const cells = ids.map(parseCellId);
  const rows: number[] = [];
  let vertices = 0;
  cells.forEach((cell, i) => {
    if (!cell) return;
    rows.push(i);
    vertices += cell.kind === 'hex' ? 7 : 5;
  });
  const positions = new Float64Array(vertices * 2);
  const startIndices = new Uint32Array(rows.length + 1);
  if (!rows.length) return { rows, positions, startIndices };
  const zone = utmZoneOfSrid(srid);
  let v = 0;
  rows.forEach((i, row) => {
    startIndices[row] = v;
    for (const [x, y] of cellRingMetres(cells[i]!, size)) {
      const [lon, lat] = fromUtm(x, y, zone);
      positions[v * 2] = lon;
      positions[v * 2 + 1] = lat;
      v++;
    }
  });
  startIndices[rows.length] = v;
  return { rows, positions, startIndices };
}

/** RGBA per vertex: every vertex of ring i gets the colour of `counts[i]` under `classes`. */
export function perVertexColors(counts: ArrayLike<number>, startIndices: Uint32Array, classes: readonly CountClass[]): Uint8Array {
  const colors = new Uint8Array(startIndices[counts.length] * 4);
  for (let i = 0; i < counts.length; i++) {
    const color = colorOfCount(counts[i], classes);
    for (let v = startIndices[i]; v < startIndices[i + 1]; v++) colors.set(color, v * 4);
  }
  return colors;
}
