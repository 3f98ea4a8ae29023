// For the specs only: the demo city's districts and catalogue (read from db/seed through city-sim's spec helpers),
// and hourly new-case counts per district of a generated stream.
import { type GeneratorOptions, generateEvents, pointInGeometry } from '@gridlens/city-sim';
import { loadCatalogue, loadChangzhouDistricts } from '../../city-sim/src/spec-helpers';
import { HOUR_MS } from './rate-anomaly';

export { loadCatalogue, loadChangzhouDistricts };

/** New cases per district per clock hour of [from, to), index 0 = the hour starting at `from` (a whole hour). */
export function hourlyDistrictCounts(options: GeneratorOptions & { from: number; to: number }): Map<string, number[]> {
  const hours = Math.ceil((options.to - options.from) / HOUR_MS);
  const series = new Map(options.districts.map((d) => [d.code, new Array<number>(hours).fill(0)]));
  for (const e of generateEvents(options)) {
    if (e.type !== 'reported') continue;
    const district = options.districts.find((d) => pointInGeometry(e.lon, e.lat, d.geometry));
    if (!district) continue;
    series.get(district.code)![Math.floor((Date.parse(e.at) - options.from) / HOUR_MS)]++;
  }
  return series;
}
