/**
 * The hand MVT encoder, read back with @mapbox/vector-tile + pbf: layer name, extent, version, point geometry
 * (including coordinates at the tile's edge and in the buffer, negative after zigzag), properties of each type,
 * shared values, null properties left out, and no bytes for no point.
 */
import { describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { encodePointTile } from './tile-encoder';

describe('encodePointTile', () => {
  it('writes a layer of points that @mapbox/vector-tile reads back', () => {
    const bytes = encodePointTile('cases', 4096, {
      px: [0, 4096, 2048, -10],
      py: [0, 4096, 1000, 4100],
      properties: {
        caseId: ['a', 'b', 'c', '案件-δ'],
        status: ['closed', 'closed', 'reported', null],
        reportedAt: [1_772_416_800_123, 0.5, 1_772_416_800_123, 300],
      },
    });
    const tile = new VectorTile(new PbfReader(bytes));
    const layer = tile.layers.cases;
    expect(layer.version).toBe(2);
    expect(layer.extent).toBe(4096);
    expect(layer.length).toBe(4);
    const features = Array.from({ length: 4 }, (_, i) => layer.feature(i));
    expect(features.map((f) => f.type)).toEqual([1, 1, 1, 1]);
    expect(features.map((f) => f.loadGeometry()[0][0]).map((p) => [p.x, p.y])).toEqual([
      [0, 0],
      [4096, 4096],
      [2048, 1000],
      [-10, 4100],
    ]);
    expect(features.map((f) => f.properties)).toEqual([
      { caseId: 'a', status: 'closed', reportedAt: 1_772_416_800_123 },
      { caseId: 'b', status: 'closed', reportedAt: 0.5 },
      { caseId: 'c', status: 'reported', reportedAt: 1_772_416_800_123 },
      { caseId: '案件-δ', reportedAt: 300 },
    ]);
  });

  it('is empty without points', () => {
    expect(encodePointTile('cases', 4096, { px: [], py: [], properties: { caseId: [] } }).byteLength).toBe(0);
  });
});
