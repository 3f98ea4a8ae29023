/**
 * A Mapbox Vector Tile (spec 2.1) of point features, encoded by hand: used where PostGIS was built without
 * protobuf-c (PGlite's PostGIS), so ST_AsMVT is missing. Points are already in tile coordinates (0..extent).
 * Protobuf wire format: varints, length-delimited strings and sub-messages, little-endian doubles.
 */
export interface TilePointColumns {
  /** Tile coordinates, integers, y downwards. */
  px: number[];
  py: number[];
  /** Feature properties, one column per key; strings, numbers (written as doubles) or null (left out). */
  properties: Record<string, (string | number | null)[]>;
}

class ProtoWriter {
  private buf = new Uint8Array(1024);
  private len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  varint(v: number): void {
    this.room(10);
    while (v > 0x7f) {
      this.buf[this.len++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.len++] = v;
  }

  tag(field: number, wire: 0 | 1 | 2): void {
    this.varint(field * 8 + wire);
  }

  bytes(field: number, data: Uint8Array): void {
    this.tag(field, 2);
    this.varint(data.length);
    this.room(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
  }

  string(field: number, s: string): void {
    this.bytes(field, new TextEncoder().encode(s));
  }

  double(field: number, v: number): void {
    this.tag(field, 1);
    this.room(8);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.len, 8).setFloat64(0, v, true);
    this.len += 8;
  }

  packed(field: number, values: number[]): void {
    const w = new ProtoWriter();
    for (const v of values) w.varint(v);
    this.bytes(field, w.finish());
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

const zigzag = (n: number) => (n < 0 ? -2 * n - 1 : 2 * n);

/** One layer of point features; an empty Uint8Array when there is none (as ST_AsMVT of no rows). */
export function encodePointTile(layerName: string, extent: number, points: TilePointColumns): Uint8Array {
  const n = points.px.length;
  if (n === 0) return new Uint8Array(0);
  const keys = Object.keys(points.properties);
  const values: (string | number)[] = [];
  const valueIndex = new Map<string, number>();
  const layer = new ProtoWriter();
  layer.varint(15 * 8); // version = 2
  layer.varint(2);
  layer.string(1, layerName);
  for (let i = 0; i < n; i++) {
    const tags: number[] = [];
    keys.forEach((key, k) => {
      const v = points.properties[key][i];
      if (v === null || v === undefined) return;
      const id = `${typeof v}:${v}`;
      let index = valueIndex.get(id);
      if (index === undefined) {
        index = values.push(v) - 1;
        valueIndex.set(id, index);
      }
      tags.push(k, index);
    });
    const feature = new ProtoWriter();
    feature.packed(2, tags);
    feature.tag(3, 0);
    feature.varint(1); // POINT
    feature.packed(4, [(1 & 0x7) | (1 << 3), zigzag(points.px[i]), zigzag(points.py[i])]); // MoveTo(1)
    layer.bytes(2, feature.finish());
  }
  for (const key of keys) layer.string(3, key);
  for (const v of values) {
    const value = new ProtoWriter();
    if (typeof v === 'string') value.string(1, v);
    else value.double(3, v);
    layer.bytes(4, value.finish());
  }
  layer.tag(5, 0);
  layer.varint(extent);
  const tile = new ProtoWriter();
  tile.bytes(3, layer.finish());
  return tile.finish();
}
