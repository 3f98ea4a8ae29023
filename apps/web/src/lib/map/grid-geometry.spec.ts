import { describe, expect, it } from 'vitest';
import { cellCentreMetres, cellPolygon, cellRingMetres, parseCellId } from './grid-geometry';
import { toUtm, utmZoneOfSrid } from './utm';

const SRID = 32650;
const zone = utmZoneOfSrid(SRID);

/** The server's hexagon binning (grid.repository.ts GRID_SQL: axial coordinates, cube rounding), transcribed. */
function serverHexOf(x: number, y: number, size: number): [number, number] {
  const fq = ((Math.sqrt(3) / 3) * x - y / 3) / size;
  const fr = ((2 / 3) * y) / size;
  const rq = Math.round(fq);
  const rr = Math.round(fr);
  const rs = Math.round(-fq - fr);
  const dq = Math.abs(rq - fq);
  const dr = Math.abs(rr - fr);
  const ds = Math.abs(rs + fq + fr);
  if (dq > dr && dq > ds) return [-rr - rs, rr];
  if (dr > ds) return [rq, -rq - rs];
  return [rq, rr];
}

/** Point-in-polygon by ray casting (ring closed). */
function inside([x, y]: [number, number], ring: [number, number][]): boolean {
  let hit = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

describe('grid cell geometry', () => {
  it('reads hexagon and square ids, and nothing else', () => {
    expect(parseCellId('h:12:-40')).toEqual({ kind: 'hex', a: 12, b: -40 });
    expect(parseCellId('s:3:7')).toEqual({ kind: 'square', a: 3, b: 7 });
    expect(parseCellId('x:1:2')).toBeNull();
    expect(parseCellId('h:1')).toBeNull();
  });

  it('places a hexagon centre where the server does (size·√3·(q + r/2), size·1.5·r)', () => {
    expect(cellCentreMetres({ kind: 'hex', a: 2, b: 4 }, 500)).toEqual([500 * Math.sqrt(3) * 4, 3000]);
    expect(cellCentreMetres({ kind: 'square', a: 2, b: -1 }, 250)).toEqual([625, -125]);
  });

  it('draws a closed pointy-top hexagon with every corner at the circumradius', () => {
    const ring = cellRingMetres({ kind: 'hex', a: 1000, b: 2000 }, 500);
    expect(ring).toHaveLength(7);
    expect(ring[6]).toEqual(ring[0]);
    const [cx, cy] = cellCentreMetres({ kind: 'hex', a: 1000, b: 2000 }, 500);
    for (const [x, y] of ring) expect(Math.hypot(x - cx, y - cy)).toBeCloseTo(500, 6);
    // pointy top: a corner straight above the centre
    expect(ring.some(([x, y]) => Math.abs(x - cx) < 1e-6 && y > cy)).toBe(true);
  });

  it('tiles the plane: neighbours share an edge (two corners)', () => {
    const key = ([x, y]: [number, number]) => `${x.toFixed(3)},${y.toFixed(3)}`;
    const a = new Set(cellRingMetres({ kind: 'hex', a: 5, b: 5 }, 300).slice(0, 6).map(key));
    for (const [dq, dr] of [[1, 0], [0, 1], [-1, 1], [-1, 0], [0, -1], [1, -1]]) {
      const b = cellRingMetres({ kind: 'hex', a: 5 + dq, b: 5 + dr }, 300).slice(0, 6).map(key);
      expect(b.filter((corner) => a.has(corner))).toHaveLength(2);
    }
  });

  it('contains every point the server bins into it (projected, then back to lon/lat)', () => {
    const size = 500;
    for (const [lon, lat] of [[119.95, 31.78], [119.9712, 31.8133], [120.0301, 31.7402], [119.8833, 31.6921]]) {
      const [x, y] = toUtm(lon, lat, zone);
      const [q, r] = serverHexOf(x, y, size);
      expect(inside([x, y], cellRingMetres({ kind: 'hex', a: q, b: r }, size))).toBe(true);
      const polygon = cellPolygon(`h:${q}:${r}`, size, SRID);
      expect(polygon).not.toBeNull();
      expect(inside([lon, lat], polygon!)).toBe(true);
    }
  });

  it('gives squares their four corners in lon/lat, and null for a bad id', () => {
    const polygon = cellPolygon('s:1558:7039', 500, SRID)!;
    expect(polygon).toHaveLength(5);
    const [x0, y0] = toUtm(...polygon[0], zone);
    expect(x0).toBeCloseTo(1558 * 500, 3);
    expect(y0).toBeCloseTo(7039 * 500, 3);
    expect(cellPolygon('nope', 500, SRID)).toBeNull();
  });
});
