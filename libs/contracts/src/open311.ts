import { z } from 'zod';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2; docs/open311.md): the shapes gridlens's server answers
 * and its client reads. Field names are the specification's, snake_case, so existing Open311 clients work unchanged.
 */

export const OPEN311_FORMATS = ['json', 'xml'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

/** GET services: one per minor category of the catalogue. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  /** true only when the service definition has attributes; gridlens's have none. */
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

/** GET services/{code}: the attributes a POST may carry (none here). */
export interface Open311ServiceDefinition {
  service_code: string;
  attributes: unknown[];
}

/** One service request (GET requests, GET requests/{id}). Unknown values are null. */
export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  /** W3C datetimes with the offset of the city's time zone, e.g. 2026-11-27T09:30:00-05:00. */
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number;
  long: number;
  media_url: string | null;
}

/** The answer to a POST: one element. */
export interface Open311PostResult {
  service_request_id: string;
  service_notice: string | null;
  account_id: string | null;
}

export interface Open311Error {
  code: number;
  description: string;
}

export const OPEN311_DEFAULT_DAYS = 90;
export const OPEN311_MAX_LIMIT = 1000;

const instant = (what: string) =>
  z.iso.datetime({ offset: true, error: `expected a W3C datetime with an offset, e.g. 2026-11-01T00:00:00-05:00 (${what})` });
const commaList = (what: string) =>
  z
    .string({ error: `expected a comma-separated list of ${what}` })
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((list) => list.length > 0, { error: `expected at least one ${what}` });

/**
 * GET requests: the specification's filters (service_request_id, service_code, start_date, end_date, status), plus
 * gridlens's extensions updated_after / updated_before (the client pulls by them) and limit (at most 1000).
 */
export const open311RequestQuerySchema = z.strictObject({
  jurisdiction_id: z.string().optional(),
  service_request_id: commaList('request ids').optional(),
  service_code: commaList('service codes').optional(),
  start_date: instant('start_date').optional(),
  end_date: instant('end_date').optional(),
  status: commaList('statuses')
    .refine((list) => list.every((s) => s === 'open' || s === 'closed'), { error: 'expected open, closed or open,closed' })
    .optional(),
  updated_after: instant('updated_after').optional(),
  updated_before: instant('updated_before').optional(),
  limit: z.coerce.number({ error: 'expected a whole number' }).int().min(1).max(OPEN311_MAX_LIMIT, { error: `at most ${OPEN311_MAX_LIMIT}` }).optional(),
});
export type Open311RequestQuery = z.infer<typeof open311RequestQuerySchema>;

const number = (what: string, min: number, max: number) =>
  z.coerce
    .number({ error: `expected a number (${what})` })
    .refine(Number.isFinite, { error: `expected a number (${what})` })
    .refine((v) => v >= min && v <= max, { error: `must be between ${min} and ${max}` });
const text = (max: number) => z.string().max(max, { error: `is longer than ${max} characters` }).optional();

/** POST requests (form-encoded per the specification). api_key is checked before this. */
export const open311PostSchema = z
  .object({
    jurisdiction_id: z.string().optional(),
    service_code: z.string({ error: 'service_code is required' }).min(1, { error: 'service_code is required' }),
    lat: number('WGS84 latitude', -90, 90).optional(),
    long: number('WGS84 longitude', -180, 180).optional(),
    address_string: text(500),
    address_id: text(200),
    description: text(4000),
    media_url: z.url({ error: 'expected an http(s) URL' }).max(2000).optional(),
    email: text(200),
    device_id: text(200),
    account_id: text(200),
    first_name: text(200),
    last_name: text(200),
    phone: text(100),
  })
  .superRefine((v, ctx) => {
    if ((v.lat === undefined) !== (v.long === undefined)) {
      ctx.addIssue({ code: 'custom', path: [v.lat === undefined ? 'lat' : 'long'], message: 'lat and long are given together' });
    } else if (v.lat === undefined) {
      const only = v.address_string || v.address_id ? ' (this server does not geocode address_string or address_id)' : '';
      ctx.addIssue({ code: 'custom', path: ['lat'], message: `lat and long are required${only}` });
    }
  });
export type Open311Post = z.infer<typeof open311PostSchema>;

/** What the client accepts of a remote server's request (tolerant: strings for numbers, missing optional fields). */
export const open311RemoteRequestSchema = z.object({
  service_request_id: z.union([z.string(), z.number()]).transform(String),
  status: z.string().optional(),
  service_code: z.union([z.string(), z.number()]).transform(String).optional(),
  service_name: z.string().nullish(),
  description: z.string().nullish(),
  agency_responsible: z.string().nullish(),
  requested_datetime: z.string().nullish(),
  updated_datetime: z.string().nullish(),
  lat: z.union([z.number(), z.string()]).nullish(),
  long: z.union([z.number(), z.string()]).nullish(),
});
export type Open311RemoteRequest = z.infer<typeof open311RemoteRequestSchema>;
