import { Float64, Int32, Int8 } from 'apache-arrow';
import type { EmergingResponse, HotspotResponse } from '@gridlens/contracts';
import {
  arrowStream,
  dictionaryColumn,
  float64Column,
  int32Column,
  int8Column,
  listColumn,
  nullableBoolColumn,
  utf8Column,
} from './columns-arrow';

/** GET /api/v1/hotspots as Arrow: id Utf8, count Int32, z/p Float64, bin Int8; n and method as metadata. */
export function hotspotsToArrow(answer: HotspotResponse): Uint8Array {
  const { cells, ...scalars } = answer;
  return arrowStream(
    {
      id: utf8Column(cells.map((c) => c.id)),
      count: int32Column(cells.map((c) => c.count)),
      z: float64Column(cells.map((c) => c.z)),
      p: float64Column(cells.map((c) => c.p)),
      bin: int8Column(cells.map((c) => c.bin)),
    },
    scalars,
  );
}

/**
 * GET /api/v1/hotspots/emerging as Arrow: id Utf8, pattern Dictionary<Utf8>, hot Bool (nullable),
 * trend_s/trend_z/trend_p Float64, and per step bins List<Int8>, z List<Float64>, counts List<Int32>;
 * steps, n and method as metadata.
 */
export function emergingToArrow(answer: EmergingResponse): Uint8Array {
  const { cells, ...scalars } = answer;
  return arrowStream(
    {
      id: utf8Column(cells.map((c) => c.id)),
      pattern: dictionaryColumn(cells.map((c) => c.pattern)),
      hot: nullableBoolColumn(cells.map((c) => c.hot)),
      trend_s: float64Column(cells.map((c) => c.trend.s)),
      trend_z: float64Column(cells.map((c) => c.trend.z)),
      trend_p: float64Column(cells.map((c) => c.trend.p)),
      bins: listColumn(new Int8(), cells.map((c) => c.bins), (n) => new Int8Array(n)),
      z: listColumn(new Float64(), cells.map((c) => c.z), (n) => new Float64Array(n)),
      counts: listColumn(new Int32(), cells.map((c) => c.counts), (n) => new Int32Array(n)),
    },
    scalars,
  );
}
