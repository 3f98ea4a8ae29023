import { fromUtm, utmZoneOfSrid } from './utm';

/**
 * Corners of the server's grid cells (GET /api/v1/grid) in WGS84, computed from the cell id in the same UTM zone and
 * layout as apps/server/src/repositories/grid.repository.ts: pointy-top hexagons in axial coordinates `h:<q>:<r>`
 * with circumradius `size` (centre x = size·√3·(q + r/2), y = size·1.5·r), squares `s:<i>:<j>` of side `size`.
 */

export type Ring = [number, number][];

export interface ParsedCell {
  kind: 'hex' | 'square';
  a: number;
  b: number;
}

export function parseCellId(id: string): ParsedCell | null {
  const match = /^([hs]):(-?\d+):(-?\d+)$/.exec(id);
  if (!match) return null;
  return { kind: match[1] === 'h' ? 'hex' : 'square', a: Number(match[2]), b: Number(match[3]) };
}

/** The cell's centre in projected metres. */
export function cellCentreMetres({ kind, a, b }: ParsedCell, size: number): [number, number] {
  return kind === 'hex' ? [size * Math.sqrt(3) * (a + b / 2), size * 1.5 * b] : [(a + 0.5) * size, (b + 0.5) * size];
}

/** The cell's corners in projected metres, counter-clockwise, closed (first = last). */
export function cellRingMetres(cell: ParsedCell, size: number): Ring {
  const [cx, cy] = cellCentreMetres(cell, size);
  const ring: Ring = [];
  if (cell.kind === 'hex') {
    for (let i = 0; i < 6; i++) {
      const angle = ((30 + 60 * i) * Math.PI) / 180;
      ring.push([cx + size * Math.cos(angle), cy + size * Math.sin(angle)]);
    }
  } else {
    const h = size / 2;
    ring.push([cx - h, cy - h], [cx + h, cy - h], [cx + h, cy + h], [cx - h, cy + h]);
  }
  ring.push(ring[0]);
  return ring;
}

/** The cell's polygon in WGS84 lon/lat for a grid answer's `srid`, or null for an id it cannot read. */
export function cellPolygon(id: string, size: number, srid: number): Ring | null {
  const cell = parseCellId(id);
  if (!cell) return null;
  const zone = utmZoneOfSrid(srid);
  return cellRingMetres(cell, size).map(([x, y]) => fromUtm(x, y, zone));
}
