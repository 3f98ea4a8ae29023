import { z } from 'zod';
import { CASE_SOURCES, EVENT_TYPES, INPUT_CRS, type EventType } from './case';
import { describeIssues } from './validation';

/** The ingest contract: `POST /api/v1/events` (docs/api.md). */
export const MAX_EVENTS_PER_BATCH = 10_000;
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

const code = (what: string) =>
  z
    .string({ error: `expected a ${what} code (string)` })
    .min(1, { error: `${what} code must not be empty` })
    .max(64, { error: `${what} code is longer than 64 characters` });

/** ISO-8601 duration limited to days, hours and minutes: `P2D`, `PT4H`, `P1DT2H30M`. */
const EXTEND_BY = /^P(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?)?$/;

export interface ExtendBy {
  days: number;
  hours: number;
  minutes: number;
}

export function parseExtendBy(text: string): ExtendBy | null {
  const m = EXTEND_BY.exec(text);
  if (!m || text === 'P') return null;
  const [days, hours, minutes] = [m[1], m[2], m[3]].map((v) => (v ? Number(v) : 0));
  if (days + hours + minutes === 0) return null;
  return { days, hours, minutes };
}

const base = {
  eventId: z
    .string({ error: 'expected a string' })
    .min(1, { error: 'must not be empty' })
    .max(128, { error: 'is longer than 128 characters' }),
  caseId: z
    .string({ error: 'expected a string' })
    .min(1, { error: 'must not be empty' })
    .max(64, { error: 'is longer than 64 characters' }),
  at: z.iso.datetime({ offset: true, error: 'expected an ISO-8601 timestamp with a UTC offset, e.g. 2026-03-01T09:30:00+08:00' }),
};

const lon = z
  .number({ error: 'expected a number (degrees)' })
  .min(-180, { error: 'must be between -180 and 180' })
  .max(180, { error: 'must be between -180 and 180' });
const lat = z
  .number({ error: 'expected a number (degrees)' })
  .min(-90, { error: 'must be between -90 and 90' })
  .max(90, { error: 'must be between -90 and 90' });

const reported = z.object({
  ...base,
  type: z.literal('reported'),
  category: code('category'),
  lon,
  lat,
  crs: z.enum(INPUT_CRS, { error: `expected one of ${INPUT_CRS.join(', ')}` }).optional(),
  source: z.enum(CASE_SOURCES, { error: `expected one of ${CASE_SOURCES.join(', ')}` }),
  description: z.string({ error: 'expected a string' }).max(2000, { error: 'is longer than 2000 characters' }).optional(),
  reporterId: z.string({ error: 'expected a string' }).max(128, { error: 'is longer than 128 characters' }).optional(),
});

const withDepartment = <T extends EventType>(type: T) =>
  z.object({ ...base, type: z.literal(type), department: code('department') });

const extended = z.object({
  ...base,
  type: z.literal('extended'),
  extendBy: z
    .string({ error: 'expected an ISO-8601 duration such as P2D or PT4H' })
    .refine((v) => parseExtendBy(v) !== null, {
      error: 'expected a positive ISO-8601 duration of days, hours and minutes, such as P2D, PT4H or P1DT2H',
    }),
});

const plain = <T extends EventType>(type: T) => z.object({ ...base, type: z.literal(type) });

export const ingestEventSchemas = {
  reported,
  verified: plain('verified'),
  registered: plain('registered'),
  dispatched: withDepartment('dispatched'),
  handled: plain('handled'),
  checked: plain('checked'),
  closed: plain('closed'),
  returned: withDepartment('returned'),
  rework: withDepartment('rework'),
  suspended: plain('suspended'),
  resumed: plain('resumed'),
  extended,
  voided: plain('voided'),
} satisfies { [K in EventType]: z.ZodType };

export type ReportedEvent = z.infer<typeof reported>;
export type IngestEvent = { [K in EventType]: z.infer<(typeof ingestEventSchemas)[K]> }[EventType];

export type ParsedEvent = { ok: true; event: IngestEvent } | { ok: false; eventId: string | null; error: string };

/** Validate one raw event; the error names every field that is wrong. */
export function parseIngestEvent(raw: unknown): ParsedEvent {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, eventId: null, error: 'event: expected a JSON object' };
  }
  const record = raw as Record<string, unknown>;
  const eventId = typeof record.eventId === 'string' ? record.eventId : null;
  const type = record.type;
  if (typeof type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(type)) {
    const got = type === undefined ? 'missing' : JSON.stringify(type);
    return { ok: false, eventId, error: `type: expected one of ${EVENT_TYPES.join(', ')} (got ${got})` };
  }
  const result = ingestEventSchemas[type as EventType].safeParse(raw);
  if (!result.success) return { ok: false, eventId, error: describeIssues(result.error) };
  return { ok: true, event: result.data as IngestEvent };
}

/** The envelope; events themselves are validated one by one so a bad one does not sink the batch. */
export const ingestBatchSchema = z.object({
  events: z
    .array(z.unknown(), { error: 'expected "events" to be an array' })
    .max(MAX_EVENTS_PER_BATCH, { error: `at most ${MAX_EVENTS_PER_BATCH} events per request` }),
});

export interface IngestRejection {
  index: number;
  eventId: string | null;
  error: string;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: IngestRejection[];
}
