import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { open311RemoteRequestSchema } from '@gridlens/contracts';
import { RowTranslator } from '@gridlens/importer';
import { endpointBase } from './open311-fetch';
import { UNMAPPED, open311CaseMapping, parseOpen311Mapping, requestRow } from './open311-mapping';

const project = () => {
  throw new Error('no projected columns here');
};
const request = (over: Record<string, unknown> = {}) =>
  open311RemoteRequestSchema.parse({
  service_request_id: '101',
  status: 'open',
  service_code: 'PTH',
  agency_responsible: 'Streets Dept',
  description: 'pothole',
  requested_datetime: '2026-11-25T09:30:00-05:00',
  updated_datetime: '2026-11-26T14:00:00-05:00',
  lat: 40.758,
  long: -73.9855,
  ...over,
  });

describe('open311CaseMapping + RowTranslator (the client)', () => {
  const file = parseOpen311Mapping({
    source: 'city311',
    categories: { table: { PTH: 'S0101', GRF: 'E0103' }, other: 'X0101' },
    departments: { table: { 'Streets Dept': 'DOT' }, other: 'OTHER' },
  });
  const translator = new RowTranslator(open311CaseMapping(file, [], 'America/New_York'), project);

  it('turns an open request into reported → registered → dispatched, ids from the source name', () => {
    const out = translator.translate(requestRow(request()));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.caseId).toBe('city311-101');
    expect(out.events.map((e) => e.type)).toEqual(['reported', 'registered', 'dispatched']);
    expect(out.events[0]).toMatchObject({ category: 'S0101', lon: -73.9855, lat: 40.758, source: 'public', description: 'pothole', at: '2026-11-25T14:30:00.000Z' });
    expect(out.events[2]).toMatchObject({ department: 'DOT' });
  });

  it('closes a closed request at its updated_datetime; the same request gives the same event ids', () => {
    const a = translator.translate(requestRow(request({ status: 'closed' })));
    const b = translator.translate(requestRow(request({ status: 'closed', service_request_id: 101 })));
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.events.map((e) => e.type)).toEqual(['reported', 'registered', 'dispatched', 'handled', 'closed']);
    expect(a.events.at(-1)!.at).toBe('2026-11-26T19:00:00.000Z');
    expect(b.events.map((e) => e.eventId)).toEqual(a.events.map((e) => e.eventId));
  });

  it('sends unknown service codes to "other" and counts them; rejects a request without a point', () => {
    const out = translator.translate(requestRow(request({ service_code: 'ZZZ', service_request_id: '102' })));
    expect(out.ok && out.events[0].type === 'reported' && out.events[0].category).toBe('X0101');
    expect(translator.categories.unmappedCounts()).toEqual([{ value: 'ZZZ', rows: 1 }]);
    const bad = translator.translate(requestRow(request({ lat: null, long: null, service_request_id: '103' })));
    expect(bad.ok ? '' : bad.code).toBe('no-coordinates');
  });

  it('takes service codes as catalogue codes when the mapping has no table (a gridlens feed)', () => {
    const mapping = open311CaseMapping(parseOpen311Mapping(undefined), ['E0505', 'E0101'], 'Asia/Shanghai');
    expect(mapping.source).toBe('open311');
    expect(mapping.categories).toEqual({ table: { E0505: 'E0505', E0101: 'E0101' }, other: UNMAPPED });
  });

  it('names the bad field of a mapping file', () => {
    expect(() => parseOpen311Mapping({ source: 'a b' })).toThrow(/^mapping\.source: /);
    expect(() => parseOpen311Mapping({ categories: { table: {}, oher: 'X' } })).toThrow(/mapping\.categories/);
  });
});

describe('endpointBase', () => {
  it.each([
    ['http://h:3000/open311/v2', 'http://h:3000/open311/v2'],
    ['http://h:3000/open311/v2/', 'http://h:3000/open311/v2'],
    ['https://city.example/open311/v2/requests.json?status=open', 'https://city.example/open311/v2'],
    ['https://city.example/api/services.xml', 'https://city.example/api'],
  ])('%s → %s', (url, base) => expect(endpointBase(url)).toBe(base));
  it('refuses what is not an http(s) URL', () => {
    expect(() => endpointBase('ftp://x/open311')).toThrow(/URL: expected http or https/);
    expect(() => endpointBase('nope')).toThrow(/URL: "nope" is not a URL/);
  });
});

describe('db/seed/catalogues/nyc311.json', () => {
  it('has every code the NYC 311 import preset maps to, each minor with a time limit and a known department', () => {
    const catalogue = JSON.parse(readFileSync(resolve('db/seed/catalogues/nyc311.json'), 'utf8')) as {
      departments: { code: string }[];
      categories: { code: string; level: string; parent: string | null; timeLimit?: unknown; department?: string }[];
    };
    const preset = JSON.parse(readFileSync(resolve('db/import-presets/nyc311.json'), 'utf8')) as {
      categories: { table: Record<string, string>; other: string };
      departments: { table: Record<string, string>; other: string };
    };
    const codes = new Set(catalogue.categories.map((c) => c.code));
    const departments = new Set(catalogue.departments.map((d) => d.code));
    for (const code of [...Object.values(preset.categories.table), preset.categories.other]) expect(codes.has(code), code).toBe(true);
    for (const code of [...Object.values(preset.departments.table), preset.departments.other]) expect(departments.has(code), code).toBe(true);
    for (const c of catalogue.categories) {
      if (c.level !== 'family') expect(codes.has(c.parent!), `${c.code} parent`).toBe(true);
      if (c.level === 'minor') {
        expect(c.timeLimit, c.code).toBeTruthy();
        expect(departments.has(c.department!), `${c.code} department`).toBe(true);
      }
    }
  });
});
