/**
 * A deterministic generator of realistic case lifecycles, as ingest events (POST /api/v1/events), together
 * with the model of what those events mean (final status per case, stage times, counts) computed here,
 * from what was generated — never by server code. Same seed, categories and `now` → same output.
 *
 * Points: a few anchor points per Changzhou district, each more than 800 m inside its district's polygon
 * (found offline against GET /api/v1/regions?level=district&format=geojson and re-checked there by the
 * e2e tests through the placement the server reports), plus a jitter of less than 300 m.
 */
import { CASE_SOURCES, type CaseSource, type CaseStatus, type EventType, type IngestEvent } from '@gridlens/contracts';
import { mulberry32 } from './prng';

export const CITY_CODE = '320400';

/** District code → anchor points [lon, lat] (WGS84), each ≥ 800 m from the district's boundary. */
export const DISTRICT_ANCHORS: Readonly<Record<string, readonly (readonly [number, number])[]>> = {
  '320402': [[120.1083, 31.829], [119.9567, 31.7594], [120.0226, 31.8143], [120.1676, 31.8619], [120.0688, 31.7924], [119.9963, 31.7777]],
  '320404': [[119.8893, 31.7948], [119.7611, 31.7705], [119.8224, 31.803], [119.9395, 31.7813], [119.8949, 31.8355], [119.8001, 31.7677]],
  '320411': [[119.8827, 31.9318], [119.9898, 31.8205], [119.8024, 32.043], [119.8091, 31.827], [119.9965, 31.971], [119.789, 31.9449]],
  '320412': [[119.8413, 31.6555], [120.068, 31.3577], [120.1747, 31.7747], [120.0413, 31.5721], [119.6812, 31.6198], [119.988, 31.7151]],
  '320413': [[119.5246, 31.7005], [119.3437, 31.8484], [119.7282, 31.7169], [119.355, 31.6512], [119.6264, 31.5854], [119.4907, 31.8484]],
  '320481': [[119.3505, 31.4607], [119.529, 31.1819], [119.5885, 31.5537], [119.2076, 31.2881], [119.3147, 31.6599], [119.5171, 31.3811]],
};
export const DISTRICT_CODES = Object.keys(DISTRICT_ANCHORS);
/** Busier urban districts get more cases. */
const DISTRICT_WEIGHTS: Record<string, number> = { '320402': 4, '320404': 4, '320411': 3, '320412': 3, '320413': 1, '320481': 1 };

/** What the factory needs of the catalogue: minor categories and the department responsible for each. */
export interface FactoryCategory {
  code: string;
  department: string;
}

export interface DatasetOptions {
  seed: number;
  cases: number;
  /** Minor categories (from GET /api/v1/categories, level 'minor', department set). */
  categories: readonly FactoryCategory[];
  /** Epoch ms; every event is at least a minute before it. Default Date.now(). */
  now?: number;
  /** Cases start within this many hours before `now`. Default 72 (the last 3 days). */
  spanHours?: number;
  /** Prefix of case and event ids, so several data sets can live in one database. */
  idPrefix?: string;
}

/** A case as the factory generated it. Times are epoch ms (whole seconds); null = never happened. */
export interface ExpectedCase {
  caseId: string;
  category: string;
  /** The category's department (the final dispatch goes there). */
  department: string;
  district: string;
  /** The WGS84 point sent. */
  lon: number;
  lat: number;
  source: CaseSource;
  status: CaseStatus;
  reportedAt: number;
  verifiedAt: number | null;
  registeredAt: number | null;
  firstDispatchedAt: number | null;
  /** The first `handled` (a rework is followed by another one). */
  handledAt: number | null;
  checkedAt: number | null;
  closedAt: number | null;
  voidedAt: number | null;
  /** Event types in order. */
  types: EventType[];
}

export interface Dataset {
  /** Every event, ordered by time (per case strictly increasing); all valid, so all should be accepted. */
  events: IngestEvent[];
  /** Parallel to `events`: the case's status right after that event. */
  statusAfter: CaseStatus[];
  /** Parallel to `events`: the district of the event's case. */
  districtOf: string[];
  /** Parallel to `events`: the category of the event's case. */
  categoryOf: string[];
  cases: ExpectedCase[];
  counts: {
    cases: number;
    events: number;
    byStatus: Record<CaseStatus, number>;
    byType: Record<EventType, number>;
    byDistrict: Record<string, number>;
  };
}

/** The factory's PRNG (seeded mulberry32). */
export const prng = mulberry32;

/** ISO-8601 in China Standard Time, e.g. 2026-03-01T09:30:00+08:00 (whole seconds). */
export function isoCst(ms: number): string {
  const shifted = new Date(Math.floor(ms / 1000) * 1000 + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 19)}+08:00`;
}

/** A point within `maxMetres` of [lon, lat] (uniform over the disc), rounded to 1e-6°. */
export function jitter(rand: () => number, [lon, lat]: readonly [number, number], maxMetres: number): [number, number] {
  const r = maxMetres * Math.sqrt(rand());
  const theta = 2 * Math.PI * rand();
  const dLat = (r * Math.cos(theta)) / 111_320;
  const dLon = (r * Math.sin(theta)) / (111_320 * Math.cos((lat * Math.PI) / 180));
  return [round6(lon + dLon), round6(lat + dLat)];
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** The factory's own reading of the workflow: status after each event type (suspend/resume restore). */
function nextStatus(current: CaseStatus | null, type: EventType, beforeSuspend: CaseStatus | null): CaseStatus {
  switch (type) {
    case 'rework':
      return 'dispatched';
    case 'resumed':
      return beforeSuspend ?? 'registered';
    case 'extended':
      return current ?? 'reported';
    default:
      return type;
  }
}

type Step = { type: Exclude<EventType, 'reported'>; department?: string; extendBy?: string };

/** Generate `cases` lifecycles; see the module comment. */
export function generateDataset(options: DatasetOptions): Dataset {
  const rand = prng(options.seed);
  const now = options.now ?? Date.now();
  const spanMs = (options.spanHours ?? 72) * 3600_000;
  const latest = now - 60_000;
  const prefix = options.idPrefix ?? `s${options.seed}`;
  const categories = [...options.categories].sort((a, b) => a.code.localeCompare(b.code));
  if (categories.length === 0) throw new Error('generateDataset: no categories');
  const departments = [...new Set(categories.map((c) => c.department))].sort();

  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const chance = (p: number) => rand() < p;
  const districtPool = DISTRICT_CODES.flatMap((code) => Array<string>(DISTRICT_WEIGHTS[code] ?? 1).fill(code));

  const timed: { at: number; order: number; event: IngestEvent; status: CaseStatus; district: string; category: string }[] = [];
  const cases: ExpectedCase[] = [];
  let order = 0;

  for (let n = 0; n < options.cases; n++) {
    const caseId = `${prefix}-c${String(n).padStart(5, '0')}`;
    const category = pick(categories);
    const district = pick(districtPool);
    const [lon, lat] = jitter(rand, pick(DISTRICT_ANCHORS[district]), 290);
    const source = pick(CASE_SOURCES);
    const plan = planLifecycle(category.department, departments, source, pick, chance);
    // Stop some lifecycles early, so open cases sit at every stage.
    const cutAt = chance(0.25) ? 1 + Math.floor(rand() * plan.length) : plan.length;

    let t = now - spanMs + Math.floor(rand() * (spanMs - 10 * 60_000));
    t = Math.floor(t / 1000) * 1000;
    const c: ExpectedCase = {
      caseId,
      category: category.code,
      department: category.department,
      district,
      lon,
      lat,
      source,
      status: 'reported',
      reportedAt: t,
      verifiedAt: null,
      registeredAt: null,
      firstDispatchedAt: null,
      handledAt: null,
      checkedAt: null,
      closedAt: null,
      voidedAt: null,
      types: ['reported'],
    };
    let eventNo = 0;
    const eventId = () => `${prefix}-e${String(n).padStart(5, '0')}-${eventNo++}`;
    const reported: IngestEvent = {
      eventId: eventId(),
      caseId,
      type: 'reported',
      at: isoCst(t),
      category: category.code,
      lon,
      lat,
      source,
      ...(chance(0.4) ? { description: `${category.code} near anchor, seen by ${source}` } : {}),
      ...(source === 'inspector' || source === 'collector' ? { reporterId: `R${1 + Math.floor(rand() * 40)}` } : {}),
    };
    timed.push({ at: t, order: order++, event: reported, status: 'reported', district, category: category.code });

    let beforeSuspend: CaseStatus | null = null;
    for (const step of plan.slice(0, cutAt)) {
      // Stage lengths: minutes to a few hours; whole seconds.
      t += (60 + Math.floor(rand() * 3 * 3600)) * 1000;
      if (t > latest) break;
      const event = { eventId: eventId(), caseId, type: step.type, at: isoCst(t), ...(step.department ? { department: step.department } : {}), ...(step.extendBy ? { extendBy: step.extendBy } : {}) } as IngestEvent;
      if (step.type === 'suspended') beforeSuspend = c.status;
      c.status = nextStatus(c.status, step.type, beforeSuspend);
      if (step.type === 'resumed') beforeSuspend = null;
      c.types.push(step.type);
      if (step.type === 'verified') c.verifiedAt = t;
      if (step.type === 'registered') c.registeredAt = t;
      if (step.type === 'dispatched') c.firstDispatchedAt ??= t;
      if (step.type === 'handled') c.handledAt ??= t;
      if (step.type === 'checked') c.checkedAt = t;
      if (step.type === 'closed') c.closedAt = t;
      if (step.type === 'voided') c.voidedAt = t;
      timed.push({ at: t, order: order++, event, status: c.status, district, category: category.code });
    }
    cases.push(c);
  }

  timed.sort((a, b) => a.at - b.at || a.order - b.order);
  const byStatus = Object.fromEntries(
    (['reported', 'verified', 'registered', 'dispatched', 'returned', 'handled', 'checked', 'suspended', 'closed', 'voided'] as CaseStatus[]).map((s) => [s, 0]),
  ) as Record<CaseStatus, number>;
  for (const c of cases) byStatus[c.status] += 1;
  const byType = {} as Record<EventType, number>;
  for (const { event } of timed) byType[event.type] = (byType[event.type] ?? 0) + 1;
  const byDistrict: Record<string, number> = {};
  for (const c of cases) byDistrict[c.district] = (byDistrict[c.district] ?? 0) + 1;

  return {
    events: timed.map((e) => e.event),
    statusAfter: timed.map((e) => e.status),
    districtOf: timed.map((e) => e.district),
    categoryOf: timed.map((e) => e.category),
    cases,
    counts: { cases: cases.length, events: timed.length, byStatus, byType, byDistrict },
  };
}

/**
 * One case's planned steps after `reported`. Scenarios (weights): voided early; a normal flow with optional
 * verification, a wrong first dispatch that is returned and re-dispatched, a suspension and resumption, an
 * extension, a rework, an on-site check; 自处理 (closed straight after registration); voided mid-way.
 */
function planLifecycle(
  department: string,
  departments: readonly string[],
  source: CaseSource,
  pick: <T>(items: readonly T[]) => T,
  chance: (p: number) => boolean,
): Step[] {
  const steps: Step[] = [];
  if (chance(0.5)) steps.push({ type: 'verified' });
  if (chance(0.07)) return [...steps, { type: 'voided' }]; // an invalid report
  steps.push({ type: 'registered' });
  if (source === 'inspector' && chance(0.3)) return [...steps, { type: 'closed' }]; // 自处理
  const others = departments.filter((d) => d !== department);
  if (others.length && chance(0.12)) {
    const wrong = pick(others);
    steps.push({ type: 'dispatched', department: wrong }, { type: 'returned', department: wrong });
  }
  if (chance(0.08)) steps.push({ type: 'extended', extendBy: 'P1D' }); // before dispatch (registered or returned)
  steps.push({ type: 'dispatched', department });
  if (chance(0.1)) steps.push({ type: 'suspended' }, { type: 'extended', extendBy: 'P1D' }, { type: 'resumed' });
  else if (chance(0.08)) steps.push({ type: 'suspended' }, { type: 'resumed' });
  if (chance(0.08)) steps.push({ type: 'extended', extendBy: 'P1D' });
  if (chance(0.04)) return [...steps, { type: 'voided' }]; // voided while with the department
  steps.push({ type: 'handled' });
  if (chance(0.12)) steps.push({ type: 'rework', department }, { type: 'handled' });
  if (chance(0.6)) steps.push({ type: 'checked' });
  steps.push({ type: 'closed' });
  return steps;
}

/** The minor categories of a GET /api/v1/categories answer, as the factory wants them. */
export function factoryCategories(categories: readonly { code: string; level: string; department: string | null }[]): FactoryCategory[] {
  return categories
    .filter((c) => c.level === 'minor' && c.department)
    .map((c) => ({ code: c.code, department: c.department as string }));
}

/** Split into batches of at most `size`, keeping order. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
