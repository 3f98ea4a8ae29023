// Shared by the specs: the seed city (Changzhou) and a checker that runs events through the contract and workflow.
import { readFileSync } from 'node:fs';
import { type IngestEvent, parseIngestEvent } from '@gridlens/contracts';
import { type WorkClock, computeDeadline } from '@gridlens/work-clock';
import { type CaseState, applyEvent } from '@gridlens/workflow';
import { geometryToWgs84 } from '@gridlens/geo';
import type { CatalogueInput } from './catalogue';
import type { SimDistrict } from './city';
import { type AreaGeometry, type Position, pointInGeometry } from './geometry';

const seedFile = (path: string) => new URL(`../../../db/seed/${path}`, import.meta.url);

export function loadCatalogue(): CatalogueInput {
  return JSON.parse(readFileSync(seedFile('catalogue.json'), 'utf8')) as CatalogueInput;
}

/** Relative case volumes of Changzhou's districts: the urban core far above the two county-level areas. */
const CHANGZHOU_WEIGHTS: Record<string, number> = {
  '320402': 1.6,
  '320404': 1.5,
  '320411': 1.2,
  '320412': 1.3,
  '320413': 0.5,
  '320481': 0.5,
};

/** Changzhou's six districts from db/seed/regions/changzhou, converted from GCJ-02 to WGS84. */
export function loadChangzhouDistricts(): SimDistrict[] {
  interface Feature {
    properties: { name: string; cp?: Position };
    geometry: AreaGeometry;
  }
  const index = JSON.parse(readFileSync(seedFile('regions/changzhou/regions.json'), 'utf8')) as {
    districts: { file: string; items: { match: string; code: string; nameZh: string }[] };
  };
  const geo = JSON.parse(readFileSync(seedFile(`regions/changzhou/${index.districts.file}`), 'utf8')) as {
    features: Feature[];
  };
  return index.districts.items.map((item) => {
    const feature = geo.features.find((f) => f.properties.name === item.match);
    if (!feature) throw new Error(`no feature for ${item.match}`);
    const cp = feature.properties.cp;
    const centre = cp ? (geometryToWgs84({ type: 'Point', coordinates: cp }, 'gcj02').coordinates as Position) : undefined;
    return {
      code: item.code,
      name: item.nameZh,
      geometry: geometryToWgs84(feature.geometry, 'gcj02'),
      weight: CHANGZHOU_WEIGHTS[item.code] ?? 1,
      centre,
    };
  });
}

export interface CheckedStream {
  /** Every problem found (empty when the stream is valid). */
  errors: string[];
  /** Final state of every case. */
  cases: Map<string, CaseState>;
  /** Events per case, in order. */
  eventsOf: Map<string, IngestEvent[]>;
}

/**
 * Validate a stream as the server would: each event through the ingest contract, each case through the workflow
 * (deadlines from the catalogue's limits in working time), points inside a district, global order non-decreasing,
 * a case's events strictly increasing in time, unique event ids.
 */
export function checkStream(
  events: readonly IngestEvent[],
  districts: readonly SimDistrict[],
  catalogue: CatalogueInput,
  clock: WorkClock,
  now: number,
): CheckedStream {
  const errors: string[] = [];
  const cases = new Map<string, CaseState>();
  const eventsOf = new Map<string, IngestEvent[]>();
  const limits = new Map(catalogue.categories.filter((c) => c.timeLimit).map((c) => [c.code, c.timeLimit!]));
  const ids = new Set<string>();
  const deadlineOf = (s: CaseState) => {
    const limit = limits.get(s.category);
    if (s.registeredAt === null || !limit) return null;
    const suspensions = s.suspensions.map(([start, end]) => ({ start, end }));
    return computeDeadline({ registeredAt: s.registeredAt, limit, extensions: s.extensions, suspensions }, clock);
  };
  let previous = -Infinity;
  for (const raw of events) {
    if (errors.length > 20) break;
    const parsed = parseIngestEvent(JSON.parse(JSON.stringify(raw)));
    if (!parsed.ok) {
      errors.push(`${raw.eventId}: contract: ${parsed.error}`);
      continue;
    }
    const event = parsed.event;
    if (ids.has(event.eventId)) errors.push(`${event.eventId}: duplicate event id`);
    ids.add(event.eventId);
    const at = Date.parse(event.at);
    if (at < previous) errors.push(`${event.eventId}: out of global order`);
    previous = at;
    const state = cases.get(event.caseId) ?? null;
    if (state && at <= state.lastEventAt) errors.push(`${event.eventId}: not strictly after the case's previous event`);
    let placement;
    if (event.type === 'reported') {
      const d = districts.find((x) => pointInGeometry(event.lon, event.lat, x.geometry));
      if (!d) errors.push(`${event.eventId}: point ${event.lon},${event.lat} outside every district`);
      else placement = { lon: event.lon, lat: event.lat, regions: { city: '320400', district: d.code, street: null, community: null, grid: null } };
    }
    const result = applyEvent(state, event, { now, deadlineOf }, placement, at);
    if (!result.ok) {
      errors.push(`${event.eventId} (${event.type}): workflow: ${result.error}`);
      continue;
    }
    cases.set(event.caseId, result.state);
    const list = eventsOf.get(event.caseId) ?? [];
    list.push(event);
    eventsOf.set(event.caseId, list);
  }
  return { errors, cases, eventsOf };
}
