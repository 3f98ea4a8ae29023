import type { EmergingMethod, EmergingPatternName, HotspotMethod } from '@gridlens/contracts';
import { tableFromIPC, type Table } from 'apache-arrow';

/**
 * The explorer's Arrow answers (docs/api.md, "Arrow answers") as columns: typed arrays for numbers, one string per
 * id, scalars from the schema metadata. One decoder per endpoint; every one throws naming a missing column.
 */

export interface CellColumns {
  id: string[];
  count: Int32Array;
}

export interface GridAnswer extends CellColumns {
  cell: 'h3' | 'hex' | 'square';
  /** H3 resolution (cell=h3) or cell size in metres. */
  resolution: number | null;
  size: number | null;
  srid: number;
  total: number;
  lon: Float64Array;
  lat: Float64Array;
}

export interface HotspotAnswer extends CellColumns {
  z: Float64Array;
  p: Float64Array;
  bin: Int8Array;
  n: number;
  method: HotspotMethod;
}

export interface EmergingAnswer extends CellColumns {
  pattern: EmergingPatternName[];
  /** 1 hot, −1 cold, 0 none. */
  hot: Int8Array;
  trendZ: Float64Array;
  trendP: Float64Array;
  steps: string[];
  n: number;
  method: EmergingMethod;
}

export interface RegionCountsAnswer extends CellColumns {
  level: string;
  total: number;
}

function reader(bytes: Uint8Array, what: string) {
  const table: Table = tableFromIPC(bytes);
  const column = (name: string) => {
    const vector = table.getChild(name);
    if (!vector) throw new Error(`the ${what} answer has no ${name} column`);
    return vector;
  };
  const meta = (key: string, required = true): unknown => {
    const text = table.schema.metadata.get(key);
    if (text === undefined) {
      if (required) throw new Error(`the ${what} answer has no ${key} metadata`);
      return undefined;
    }
    return JSON.parse(text);
  };
  return { table, column, meta, strings: (name: string) => Array.from(column(name), (v) => String(v)) };
}

export function gridFromArrow(bytes: Uint8Array): GridAnswer {
  const { column, meta, strings } = reader(bytes, 'grid');
  const cell = meta('cell');
  if (cell !== 'h3' && cell !== 'hex' && cell !== 'square') throw new Error(`the grid answer's cell is ${String(cell)}`);
  const resolution = meta('resolution', false);
  const size = meta('size', false);
  return {
    cell,
    resolution: resolution === undefined ? null : Number(resolution),
    size: size === undefined ? null : Number(size),
    srid: Number(meta('srid')),
    total: Number(meta('total')),
    id: strings('id'),
    lon: Float64Array.from(column('lon').toArray() as Float64Array),
    lat: Float64Array.from(column('lat').toArray() as Float64Array),
    count: Int32Array.from(column('count').toArray() as Int32Array),
  };
}

export function hotspotsFromArrow(bytes: Uint8Array): HotspotAnswer {
  const { column, meta, strings } = reader(bytes, 'hotspots');
  return {
    id: strings('id'),
    count: Int32Array.from(column('count').toArray() as Int32Array),
    z: Float64Array.from(column('z').toArray() as Float64Array),
    p: Float64Array.from(column('p').toArray() as Float64Array),
    bin: Int8Array.from(column('bin').toArray() as Int8Array),
    n: Number(meta('n')),
    method: meta('method') as HotspotMethod,
  };
}

/** The emerging answer without its per-step lists (the map needs the pattern; drill-down reads cases). */
export function emergingFromArrow(bytes: Uint8Array): EmergingAnswer {
  const { column, meta, strings } = reader(bytes, 'emerging hotspots');
  const hot = column('hot');
  const counts = column('counts');
  const total = new Int32Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    const list = counts.get(i) as { toArray(): Int32Array } | null;
    if (list) for (const c of list.toArray()) total[i] += c;
  }
  return {
    id: strings('id'),
    count: total,
    pattern: strings('pattern') as EmergingPatternName[],
    hot: Int8Array.from(Array.from({ length: hot.length }, (_, i) => (hot.get(i) === true ? 1 : hot.get(i) === false ? -1 : 0))),
    trendZ: Float64Array.from(column('trend_z').toArray() as Float64Array),
    trendP: Float64Array.from(column('trend_p').toArray() as Float64Array),
    steps: meta('steps') as string[],
    n: Number(meta('n')),
    method: meta('method') as EmergingMethod,
  };
}

export function regionCountsFromArrow(bytes: Uint8Array): RegionCountsAnswer {
  const { column, meta, strings } = reader(bytes, 'region counts');
  return {
    id: strings('code'),
    count: Int32Array.from(column('count').toArray() as Int32Array),
    level: String(meta('level')),
    total: Number(meta('total')),
  };
}
