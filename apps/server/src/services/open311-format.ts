import { XMLBuilder } from 'fast-xml-parser';
import { DateTime } from 'luxon';
import type { Open311Error, Open311PostResult, Open311Request, Open311Service, Open311ServiceDefinition } from '@gridlens/contracts';

/**
 * Open311 GeoReport v2 answers as the specification writes them (http://wiki.open311.org/GeoReport_v2): JSON arrays /
 * objects, or XML with the root and element names of its examples (services/service, service_definition,
 * service_requests/request, errors/error), UTF-8 with the XML declaration. Null values are empty elements.
 */
const builder = new XMLBuilder({ ignoreAttributes: true, format: true, suppressBooleanAttributes: false });

export const XML_TYPE = 'text/xml; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';

/** W3C datetime with the offset of `zone` (the city's), to the second: 2026-11-27T09:30:00-05:00. */
export function w3cDatetime(ms: number, zone: string): string {
  return DateTime.fromMillis(Math.floor(ms / 1000) * 1000, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true })!;
}

function xml(root: string, body: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: body })}`;
}

/** Element values: null → '' (an empty element), booleans as true/false, the rest as they are. */
function elements(record: object): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [k, v === null || v === undefined ? '' : typeof v === 'boolean' ? String(v) : (v as string | number)]),
  );
}

export function servicesXml(services: Open311Service[]): string {
  return xml('services', { service: services.map(elements) });
}

export function serviceDefinitionXml(definition: Open311ServiceDefinition): string {
  return xml('service_definition', { service_code: definition.service_code, attributes: '' });
}

export function requestsXml(requests: Open311Request[]): string {
  return xml('service_requests', { request: requests.map(elements) });
}

export function postResultXml(results: Open311PostResult[]): string {
  return xml('service_requests', { request: results.map(elements) });
}

export function errorsXml(errors: Open311Error[]): string {
  return xml('errors', { error: errors.map(elements) });
}
