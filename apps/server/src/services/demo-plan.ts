// The demo city's stream, as pure data: what is stored once (seed and instants) and the generator options built from it.
import type { CatalogueInput, GeneratorOptions, SimDistrict, SimGrid } from '@gridlens/city-sim';

/** Case ids of the demo start with `DEMO-`; any other case in the database is someone else's. */
export const DEMO_ID_PREFIX = 'DEMO';
/**
 * New cases a day in the history: a Changzhou-sized city (a few hundred to about a thousand a day). Below the
 * generator's default of 1,200 so that 90 days (about 450,000 events) backfill on PGlite in well under a minute.
 */
export const DEMO_CASES_PER_DAY = 800;
/** Events per case in the generated stream, on average (measured: 6.2 over 90 days). */
export const DEMO_EVENTS_PER_CASE = 6.2;
/** The live stream's average rate: dense enough to watch, far denser than the history. */
export const DEMO_LIVE_EVENTS_PER_SECOND = 1;
/**
 * Events per ingest call while backfilling: larger than HTTP's 10,000 (fewer rewrites of the same case, fewer
 * statements), small enough that a request waiting behind one batch on PGlite waits about a second.
 */
export const DEMO_BACKFILL_BATCH = 20_000;

const DAY_MS = 86_400_000;

/** What a demo is, stored once at its first start so that every restart regenerates the same stream. */
export interface DemoPlan {
  seed: string;
  /** First instant of the history (epoch ms). */
  start: number;
  /** When the live stream began (epoch ms): the first start's "now". */
  liveFrom: number;
}

export function newDemoPlan(now: number, historyDays: number, seed: string): DemoPlan {
  const liveFrom = Math.floor(now / 1000) * 1000;
  return { seed, start: liveFrom - Math.round(historyDays * DAY_MS), liveFrom };
}

export function parseDemoPlan(text: string): DemoPlan {
  const plan = JSON.parse(text) as Partial<DemoPlan>;
  if (typeof plan.seed !== 'string' || !Number.isFinite(plan.start) || !Number.isFinite(plan.liveFrom)) {
    throw new Error(`the stored demo plan is not readable: ${text.slice(0, 200)}`);
  }
  return plan as DemoPlan;
}

/** Multiplier on the arrival rate that makes the live stream average DEMO_LIVE_EVENTS_PER_SECOND. */
export function liveRateMultiplier(casesPerDay = DEMO_CASES_PER_DAY): number {
  return (DEMO_LIVE_EVENTS_PER_SECOND * 86_400) / (casesPerDay * DEMO_EVENTS_PER_CASE);
}

/** The generator options of a plan: one endless stream, history and live alike. */
export function demoGeneratorOptions(
  plan: DemoPlan,
  city: { districts: SimDistrict[]; grids?: SimGrid[]; catalogue: CatalogueInput },
): GeneratorOptions {
  return {
    seed: plan.seed,
    from: plan.start,
    districts: city.districts,
    catalogue: city.catalogue,
    // Inspectors patrol their own unit grids when the city has them.
    ...(city.grids && city.grids.length > 0 ? { grids: city.grids } : {}),
    rate: { casesPerDay: DEMO_CASES_PER_DAY },
    // The emerging hotspot shows in the last two weeks of the history.
    emergingSince: Math.max(plan.start, plan.liveFrom - 14 * DAY_MS),
    idPrefix: DEMO_ID_PREFIX,
    liveFrom: plan.liveFrom,
    liveRateMultiplier: liveRateMultiplier(),
  };
}

/** About how many events [from, to) holds (for progress; the exact count is known when it is done). */
export function estimatedEvents(plan: DemoPlan, from: number, to: number): number {
  const history = Math.max(0, Math.min(to, plan.liveFrom) - from);
  const live = Math.max(0, to - Math.max(from, plan.liveFrom));
  return Math.round((history / DAY_MS) * DEMO_CASES_PER_DAY * DEMO_EVENTS_PER_CASE + (live / 1000) * DEMO_LIVE_EVENTS_PER_SECOND);
}
