import type { CaseSource, IngestEvent } from '@gridlens/contracts';
import { DEFAULT_WORKING_HOURS, WorkClock, chinaCalendar, parseWorkingHours } from '@gridlens/work-clock';
import { Categories, type CatalogueInput, type SimCategory } from './catalogue';
import {
  type Inspector,
  type PreparedDistrict,
  type SimDistrict,
  backgroundPoint,
  createInspectors,
  positionOnRoute,
  prepareDistricts,
} from './city';
import { type Position, scatterAround } from './geometry';
import { GridOwners, type SimGrid } from './grid-patrols';
import { TimeHeap } from './heap';
import { type Hotspot, defaultHotspots, hotspotStrength } from './hotspots';
import { DEFAULT_LIFECYCLE_RATES, type LifecycleRates, type LifecycleStep, planLifecycle } from './lifecycle';
import { DEFAULT_RATE_MODEL, type LiveRate, type RateModel, Rhythm, nextArrival } from './rhythm';
import { Rng } from './rng';
import { compactLocalDate, formatInstant, toEpochMs } from './time';

const DAY_MS = 86_400_000;
const SECOND = 1000;

export interface GeneratorOptions {
  /** Same seed, same options → the same events, byte for byte. */
  seed: string | number;
  /** First instant (inclusive) at which cases are reported. */
  from: Date | number | string;
  /** End (exclusive) of the stream; omit for an endless stream (a live continuation). */
  to?: Date | number | string;
  /** Districts (WGS84 polygons) the cases fall in. */
  districts: readonly SimDistrict[];
  /** The category catalogue (db/seed/catalogue.json shape). */
  catalogue: CatalogueInput;
  /** Arrival rates; merged over DEFAULT_RATE_MODEL. */
  rate?: Partial<RateModel>;
  /** Side-flow probabilities; merged over DEFAULT_LIFECYCLE_RATES. */
  lifecycle?: Partial<LifecycleRates>;
  /** Hotspots; default defaultHotspots() (four persistent, one emerging at `emergingSince`). */
  hotspots?: Hotspot[];
  /** When the default emerging hotspot starts; default 14 days before `to` (or `from` for an endless stream). */
  emergingSince?: Date | number | string;
  /** Working time of the city; default Asia/Shanghai, 08:30-12:00,13:30-17:30, China's official calendar. */
  clock?: WorkClock;
  /** Inspectors per unit of district weight (default 6). */
  inspectorsPerWeight?: number;
  /**
   * Unit grids (e.g. buildSyntheticRegions' grids). Given, each district's inspectors each patrol their own
   * contiguous grids (whole communities, about 30–60 grids; `inspectorsPerWeight` then counts only in districts
   * without grids) and their reports fall in them; absent, inspectors walk random routes.
   */
  grids?: readonly SimGrid[];
  /** Prefix of case ids (default "SIM"); give separate runs separate prefixes. */
  idPrefix?: string;
  /** From this instant on, new cases arrive `liveRateMultiplier` times as often (a demo's live stream); the events before it are unchanged. */
  liveFrom?: Date | number | string;
  /** Factor on the arrival rate from `liveFrom` on (default 1). */
  liveRateMultiplier?: number;
}

/** The simulated city, as built from the options (for callers that want to show or check it). */
export interface SimCity {
  districts: PreparedDistrict[];
  inspectors: Inspector[];
  hotspots: Hotspot[];
  categories: Categories;
  clock: WorkClock;
  /** Median handling time as a fraction of the limit, per department. */
  departmentPace: Record<string, number>;
}

type Pending = { kind: 'arrival'; source: CaseSource; restart?: boolean } | { kind: 'event'; event: IngestEvent };

export function defaultClock(): WorkClock {
  return new WorkClock({
    timeZone: 'Asia/Shanghai',
    periods: parseWorkingHours(DEFAULT_WORKING_HOURS),
    calendar: chinaCalendar(),
  });
}

/** Build the city: districts with town centres, inspectors and routes, hotspots, department paces. */
export function buildCity(options: GeneratorOptions): SimCity {
  const rng = new Rng(options.seed).fork('city');
  const clock = options.clock ?? defaultClock();
  const districts = prepareDistricts(options.districts, rng.fork('districts'));
  const inspectors = createInspectors(districts, options.inspectorsPerWeight ?? 6, rng.fork('inspectors'), options.grids);
  const from = toEpochMs(options.from);
  const emergingSince =
    options.emergingSince !== undefined
      ? toEpochMs(options.emergingSince)
      : options.to !== undefined
        ? toEpochMs(options.to) - 14 * DAY_MS
        : from;
  const hotspots = options.hotspots ?? defaultHotspots(districts, rng.fork('hotspots'), emergingSince);
  const categories = new Categories(options.catalogue);
  const paceRng = rng.fork('departments');
  const departmentPace = Object.fromEntries(categories.departments.map((d) => [d, paceRng.range(0.22, 0.6)]));
  return { districts, inspectors, hotspots, categories, clock, departmentPace };
}

/**
 * A believable 数字城管 event stream, in global time order, for cases reported in [from, to): every event valid
 * under the ingest contract, every case's events valid under the workflow and strictly ordered in time.
 * Lazy: memory holds only the pending steps of open cases, so 90 days of backfill and an endless live stream use
 * the same code. Lifecycle events at or after `to` are not emitted (those cases stay open).
 */
export function* generateEvents(options: GeneratorOptions): Generator<IngestEvent, void, undefined> {
  const city = buildCity(options);
  const { districts, inspectors, hotspots, categories, clock, departmentPace } = city;
  const timeZone = clock.timeZone;
  const from = Math.ceil(toEpochMs(options.from) / SECOND) * SECOND;
  const to = options.to === undefined ? Infinity : toEpochMs(options.to);
  const rate: RateModel = { ...DEFAULT_RATE_MODEL, ...options.rate };
  const rates: LifecycleRates = { ...DEFAULT_LIFECYCLE_RATES, ...options.lifecycle };
  const prefix = options.idPrefix ?? 'SIM';
  const rhythm = new Rhythm(clock);

  const root = new Rng(options.seed);
  const arrivalRng = root.fork('arrivals');
  const caseRng = root.fork('cases');
  const districtWeights = districts.map((d) => d.weight);
  const inspectorsOf = districts.map((_, i) => inspectors.filter((x) => x.district === i));
  const gridOwners = new GridOwners(inspectors.map((x) => ({ cells: x.cells ?? [], owner: x })));

  const shareTotal = Object.values(rate.sources).reduce((s, v) => s + (v ?? 0), 0);
  const sources = (Object.keys(rate.sources) as CaseSource[]).filter((s) => (rate.sources[s] ?? 0) > 0);
  /** Per-minute intensity at shape 1, and the thinning bound, per source. */
  const base = new Map(sources.map((s) => [s, (rate.casesPerDay * (rate.sources[s] ?? 0)) / shareTotal / 1440]));
  const bound = new Map(sources.map((s) => [s, base.get(s)! * rhythm.maxShape(s)]));

  const heap = new TimeHeap<Pending>();
  const live: LiveRate | null =
    options.liveFrom === undefined ? null : { from: toEpochMs(options.liveFrom), multiplier: options.liveRateMultiplier ?? 1 };
  if (live && !(live.multiplier > 0)) throw new Error('simulator: liveRateMultiplier must be positive');
  const scheduleArrival = (source: CaseSource, after: number) => {
    const next = nextArrival(after, bound.get(source)!, live, (r) => arrivalRng.exponential(r));
    heap.push(next.at, { kind: 'arrival', source, ...(next.restart ? { restart: true } : {}) });
  };
  for (const s of sources) scheduleArrival(s, from);

  let caseSeq = 0;
  for (;;) {
    const item = heap.pop();
    if (!item || item.time >= to) return;
    if (item.value.kind === 'event') {
      yield item.value.event;
      continue;
    }
    const { source } = item.value;
    scheduleArrival(source, item.time);
    if (item.value.restart) continue; // the live rate begins: no case here, only a new draw
    const t = Math.floor(item.time / SECOND) * SECOND;
    if (t < from || !arrivalRng.chance(rhythm.shape(source, t) / rhythm.maxShape(source))) continue;

    // A new case: where, what, who.
    const rng = caseRng;
    let category: SimCategory | undefined;
    let position: Position;
    let district: number;
    const hotspotWeights = hotspots.map((h) => h.share * hotspotStrength(h, t));
    const hotspotShare = hotspotWeights.reduce((s, w) => s + w, 0);
    if (hotspotShare > 0 && rng.chance(hotspotShare)) {
      const h = hotspots[rng.weightedIndex(hotspotWeights)];
      const codes = Object.keys(h.categories);
      category = categories.get(codes[rng.weightedIndex(codes.map((c) => h.categories[c]))]);
      district = h.district;
      position = scatterAround(h.centre, h.sigma, districts[district].geometry, rng);
    } else {
      district = rng.weightedIndex(districtWeights);
      position = backgroundPoint(districts[district], rng);
    }
    const picked = source === 'inspector' && inspectorsOf[district].length > 0 ? rng.pick(inspectorsOf[district]) : null;
    // An inspector's report at a hotspot comes from whoever patrols the grid there (if anyone does).
    const patrol = picked && category ? (gridOwners.at(position) ?? picked) : picked;
    // An inspector's own finding lies on the route they are walking (working minutes of the last 12 hours).
    if (patrol && !category) {
      position = positionOnRoute(patrol, clock.workingMinutesBetween(t - DAY_MS / 2, t), districts[district], rng);
    }
    category ??= categories.draw(source, rng);
    const reporterId = patrol
      ? patrol.id
      : source === 'collector'
        ? `COL-${districts[district].code}-${String(rng.int(20) + 1).padStart(2, '0')}`
        : undefined;

    const caseId = `${prefix}-${compactLocalDate(t, timeZone)}-${(++caseSeq).toString().padStart(6, '0')}`;
    const steps = planLifecycle({
      reportedAt: t,
      source,
      category,
      departmentPace: departmentPace[category.department] ?? 0.4,
      departments: categories.departments,
      clock,
      rates,
      rng: rng.fork(caseId),
    });
    const reported: IngestEvent = {
      eventId: `${caseId}-0`,
      caseId,
      type: 'reported',
      at: formatInstant(t, timeZone),
      category: category.code,
      lon: position[0],
      lat: position[1],
      source,
      ...(reporterId ? { reporterId } : {}),
    };
    steps.forEach((step, i) => {
      if (step.at < to) heap.push(step.at, { kind: 'event', event: toEvent(step, caseId, i + 1, timeZone) });
    });
    yield reported;
  }
}

function toEvent(step: LifecycleStep, caseId: string, n: number, timeZone: string): IngestEvent {
  const common = { eventId: `${caseId}-${n}`, caseId, at: formatInstant(step.at, timeZone) };
  switch (step.type) {
    case 'dispatched':
    case 'returned':
    case 'rework':
      return { ...common, type: step.type, department: step.department };
    case 'extended':
      return { ...common, type: 'extended', extendBy: step.extendBy };
    default:
      return { ...common, type: step.type };
  }
}
