// The synthetic city's shape for the rollup benchmark (pure: no I/O): where cases fall, when, and of which category.
// Weights only; bench/lib/city-load.ts turns them into rows with SQL.

/** A Gaussian bump of case density around a WGS84 point. */
export interface Bump {
  name: string;
  lon: number;
  lat: number;
  /** Standard deviation, metres. */
  sigmaM: number;
  /** Peak density relative to the city's background of 1 per unit grid. */
  amplitude: number;
}

/** Everyday density: a dense old town and a few lasting clusters, over a background of 1 in every unit grid. */
export const STATIC_BUMPS: readonly Bump[] = [
  { name: 'old town centre', lon: 119.962, lat: 31.781, sigmaM: 2500, amplitude: 5 },
  { name: 'station market', lon: 119.975, lat: 31.792, sigmaM: 350, amplitude: 30 },
  { name: 'Xinbei night market', lon: 119.97, lat: 31.83, sigmaM: 450, amplitude: 18 },
  { name: 'Hutang industrial park', lon: 119.945, lat: 31.712, sigmaM: 300, amplitude: 22 },
  { name: 'Jintan old street', lon: 119.578, lat: 31.743, sigmaM: 400, amplitude: 12 },
];

/** A cluster that appears about EMERGING_DAYS before the end and grows (density rising linearly to the end). */
export const EMERGING_BUMP: Bump = { name: 'Tianning east construction site', lon: 120.018, lat: 31.771, sigmaM: 300, amplitude: 1 };
export const EMERGING_DAYS = 120;
/** Share of all cases in the emerging cluster. */
export const EMERGING_SHARE = 0.02;

/** A cluster that fades away over the two years (density falling linearly to zero at the end). */
export const FADING_BUMP: Bump = { name: 'Zhonglou west old market (cleared)', lon: 119.903, lat: 31.789, sigmaM: 350, amplitude: 1 };
export const FADING_SHARE = 0.02;

const METRES_PER_DEGREE_LAT = 111_320;

/** Density of the bumps at a point, plus `base`. */
export function density(lon: number, lat: number, bumps: readonly Bump[], base: number): number {
  let d = base;
  for (const b of bumps) {
    const east = (lon - b.lon) * Math.cos((b.lat * Math.PI) / 180) * METRES_PER_DEGREE_LAT;
    const north = (lat - b.lat) * METRES_PER_DEGREE_LAT;
    d += b.amplitude * Math.exp(-(east * east + north * north) / (2 * b.sigmaM * b.sigmaM));
  }
  return d;
}

/**
 * Largest-remainder split of `total` into integers proportional to `weights` (sums to exactly `total`; a zero weight
 * gets zero).
 */
export function apportion(total: number, weights: readonly number[]): Int32Array {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = new Int32Array(weights.length);
  if (sum <= 0 || total <= 0) return out;
  const rest: { i: number; r: number }[] = [];
  let given = 0;
  weights.forEach((w, i) => {
    const exact = (total * w) / sum;
    out[i] = Math.floor(exact);
    given += out[i];
    rest.push({ i, r: exact - out[i] });
  });
  rest.sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; k < total - given; k++) out[rest[k].i]++;
  return out;
}

/** Day-of-week factors, Monday first: fewer reports at the weekend. */
const WEEKDAY = [1.05, 1.05, 1, 1, 0.95, 0.7, 0.6];

/**
 * Relative case volume of each local day d = 0 … days−1 from `firstDay` (a local midnight, epoch ms of its UTC
 * instant, time zone offset `offsetMs`): a slow growth (+25 % over the period), a summer high and the weekly rhythm.
 */
export function dayWeights(days: number, firstDayLocalMs: number): number[] {
  return Array.from({ length: days }, (_, d) => {
    const date = new Date(firstDayLocalMs + d * 86_400_000);
    const weekday = (date.getUTCDay() + 6) % 7;
    const start = Date.UTC(date.getUTCFullYear(), 0, 1);
    const dayOfYear = (date.getTime() - start) / 86_400_000;
    const season = 1 + 0.15 * Math.sin((2 * Math.PI * (dayOfYear - 110)) / 365);
    return (1 + (0.25 * d) / days) * season * WEEKDAY[weekday];
  });
}

/** Relative volume of each local hour 0 … 23: quiet nights, a morning peak, an afternoon peak. */
export const HOUR_WEIGHTS: readonly number[] = [
  0.12, 0.08, 0.06, 0.05, 0.06, 0.15, 0.4, 0.9, 1.5, 1.7, 1.65, 1.4, 0.9, 1.0, 1.4, 1.5, 1.45, 1.2, 0.9, 0.75, 0.65, 0.5, 0.35, 0.2,
];

/** Category weights, Zipf-like (1/(rank+1)^1.1) over the minors in a fixed shuffled order, so a few are common. */
export function categoryWeights(codes: readonly string[]): number[] {
  const rankOf = [...codes].sort((a, b) => hash(a) - hash(b) || (a < b ? -1 : 1));
  return codes.map((c) => 1 / (rankOf.indexOf(c) + 1) ** 1.1);
}

/** Lower bounds of each bucket in [0, 1) for width_bucket(random(), bounds): bucket i+1 ↔ weight i. */
export function cumulativeBounds(weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let acc = 0;
  for (const w of weights) {
    out.push(acc / sum);
    acc += w;
  }
  return out;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
