import type { PreparedDistrict } from './city';
import { type Position, offsetMetres, pointInGeometry, roundPosition } from './geometry';
import type { Rng } from './rng';

const DAY_MS = 86_400_000;

/** A place where one kind of problem keeps recurring. */
export interface Hotspot {
  id: string;
  /** What it is, for people reading the data (e.g. "market: illegal parking"). */
  label: string;
  /** Index of the district it lies in (in the districts given to the generator). */
  district: number;
  centre: Position;
  /** Spread of its reports around the centre, metres. */
  sigma: number;
  /** Categories and their relative weights. */
  categories: Record<string, number>;
  /** Share of all new cases that come from here once it is fully active (e.g. 0.03). */
  share: number;
  /** When it starts (epoch ms); absent = always active. */
  emergesAt?: number;
  /** Days from emergesAt to full strength (linear ramp). */
  rampDays?: number;
}

/** Share of the hotspot's full strength at `t` (0..1). */
export function hotspotStrength(h: Hotspot, t: number): number {
  if (h.emergesAt === undefined) return 1;
  if (t < h.emergesAt) return 0;
  const ramp = (h.rampDays ?? 0) * DAY_MS;
  return ramp <= 0 ? 1 : Math.min(1, (t - h.emergesAt) / ramp);
}

/** A point near `near` (within ~1.5 km) inside the district; the town centre itself as a fallback. */
function siteNear(near: Position, d: PreparedDistrict, rng: Rng): Position {
  for (let tries = 0; tries < 30; tries++) {
    const p = roundPosition(offsetMetres(near[0], near[1], rng.normal() * 900, rng.normal() * 900));
    if (pointInGeometry(p[0], p[1], d.geometry)) return p;
  }
  return near;
}

/**
 * The demo city's hotspots, placed in the heaviest districts: exposed garbage in the old town (round the first
 * district's main centre), illegal parking round two markets, street vendors by a station, and one that
 * emerges at `emergingSince` (construction dust and spillage by a new building site), ramping up over 3 days.
 */
export function defaultHotspots(districts: readonly PreparedDistrict[], rng: Rng, emergingSince: number): Hotspot[] {
  const order = districts.map((d, i) => i).sort((a, b) => districts[b].weight - districts[a].weight || a - b);
  const at = (k: number) => order[k % order.length];
  const d0 = districts[at(0)];
  const d1 = districts[at(1)];
  const d2 = districts[at(2)];
  const d3 = districts[at(3)];
  return [
    {
      id: 'old-town-garbage',
      label: 'old town: exposed garbage',
      district: at(0),
      centre: d0.centres[0].position,
      sigma: 180,
      categories: { E0102: 7, E0103: 2, E0104: 1 },
      share: 0.035,
    },
    {
      id: 'market-parking-1',
      label: 'market: illegal parking',
      district: at(0),
      centre: siteNear(d0.centres[0].position, d0, rng),
      sigma: 120,
      categories: { E0505: 8, E0506: 2 },
      share: 0.03,
    },
    {
      id: 'market-parking-2',
      label: 'market: illegal parking',
      district: at(1),
      centre: siteNear(d1.centres[0].position, d1, rng),
      sigma: 120,
      categories: { E0505: 8, E0506: 2 },
      share: 0.025,
    },
    {
      id: 'station-vendors',
      label: 'station: unlicensed vendors and trading outside shops',
      district: at(2),
      centre: siteNear(d2.centres[0].position, d2, rng),
      sigma: 150,
      categories: { E0501: 5, E0504: 4, E0508: 1 },
      share: 0.02,
    },
    {
      id: 'new-site-dust',
      label: 'new building site: dust and spillage (emerging)',
      district: at(3),
      centre: siteNear(d3.centres[0].position, d3, rng),
      sigma: 150,
      categories: { E0302: 5, E0303: 4, E0301: 2 },
      share: 0.03,
      emergesAt: emergingSince,
      rampDays: 3,
    },
  ];
}
