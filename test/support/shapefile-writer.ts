/**
 * A minimal ESRI Shapefile writer for tests: polygons (shape type 5) in .shp, text attributes in a dBASE III .dbf
 * (UTF-8, declared in .cpg), and the .prj given. Enough to make the boundary files a city would export, so the
 * region import can be tested on real Shapefile bytes without a GIS tool on the machine.
 */
export interface ShapefilePolygon {
  /** Rings of one or more polygons ([x, y] positions, closed); outer rings are written clockwise, holes anticlockwise. */
  polygons: [number, number][][][];
  attributes: Record<string, string>;
}

function signedArea(ring: [number, number][]): number {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a / 2;
}

/** Outer rings clockwise (negative signed area with y up), holes anticlockwise, as the Shapefile spec wants. */
function oriented(polygon: [number, number][][]): [number, number][][] {
  return polygon.map((ring, i) => {
    const clockwise = signedArea(ring) < 0;
    return (i === 0) === clockwise ? ring : [...ring].reverse();
  });
}

export function writeShapefile(features: ShapefilePolygon[], prj: string): { shp: Buffer; dbf: Buffer; prj: Buffer; cpg: Buffer } {
  const records = features.map((f) => f.polygons.flatMap(oriented));
  const all = records.flat(2);
  const box = [Math.min(...all.map((p) => p[0])), Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[0])), Math.max(...all.map((p) => p[1]))];
  const contents = records.map((rings) => {
    const points = rings.flat();
    const b = Buffer.alloc(44 + 4 * rings.length + 16 * points.length);
    b.writeInt32LE(5, 0);
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, i) => b.writeDoubleLE(v, 4 + 8 * i));
    b.writeInt32LE(rings.length, 36);
    b.writeInt32LE(points.length, 40);
    let start = 0;
    rings.forEach((ring, i) => {
      b.writeInt32LE(start, 44 + 4 * i);
      start += ring.length;
    });
    points.forEach((p, i) => {
      b.writeDoubleLE(p[0], 44 + 4 * rings.length + 16 * i);
      b.writeDoubleLE(p[1], 44 + 4 * rings.length + 16 * i + 8);
    });
    return b;
  });
  const header = Buffer.alloc(100);
  const length = 100 + contents.reduce((n, c) => n + 8 + c.length, 0);
  header.writeInt32BE(9994, 0);
  header.writeInt32BE(length / 2, 24);
  header.writeInt32LE(1000, 28);
  header.writeInt32LE(5, 32);
  box.forEach((v, i) => header.writeDoubleLE(v, 36 + 8 * i));
  const shp = Buffer.concat([
    header,
    ...contents.flatMap((c, i) => {
      const h = Buffer.alloc(8);
      h.writeInt32BE(i + 1, 0);
      h.writeInt32BE(c.length / 2, 4);
      return [h, c];
    }),
  ]);
  return { shp, dbf: writeDbf(features.map((f) => f.attributes)), prj: Buffer.from(prj), cpg: Buffer.from('UTF-8') };
}

function writeDbf(rows: Record<string, string>[]): Buffer {
  const names = Object.keys(rows[0] ?? {});
  const widths = names.map((n) => Math.max(1, ...rows.map((r) => Buffer.byteLength(r[n] ?? ''))));
  const headerLength = 32 + 32 * names.length + 1;
  const recordLength = 1 + widths.reduce((a, b) => a + b, 0);
  const header = Buffer.alloc(headerLength);
  header.writeUInt8(3, 0);
  header.writeUInt8(126, 1);
  header.writeUInt8(11, 2);
  header.writeUInt8(29, 3);
  header.writeUInt32LE(rows.length, 4);
  header.writeUInt16LE(headerLength, 8);
  header.writeUInt16LE(recordLength, 10);
  names.forEach((name, i) => {
    const at = 32 + 32 * i;
    header.write(name.slice(0, 10), at, 'latin1');
    header.write('C', at + 11, 'latin1');
    header.writeUInt8(widths[i], at + 16);
  });
  header.writeUInt8(0x0d, headerLength - 1);
  const body = Buffer.alloc(rows.length * recordLength + 1, 0x20);
  rows.forEach((row, r) => {
    let at = r * recordLength + 1;
    names.forEach((name, i) => {
      body.write(row[name] ?? '', at, 'utf8');
      at += widths[i];
    });
  });
  body.writeUInt8(0x1a, body.length - 1);
  return Buffer.concat([header, body]);
}
