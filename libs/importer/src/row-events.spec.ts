import { describe, expect, it } from 'vitest';
import { parseIngestEvent } from '@gridlens/contracts';
import { parseMapping, type CaseMapping } from './mapping';
import { RowTranslator, type Row } from './row-events';

const RAW_MAPPING = {
  source: 'city',
  columns: {
    id: 'Key',
    category: ['Type', 'Detail'],
    department: 'Agency',
    channel: 'Channel',
    description: ['Detail', 'Notes'],
    status: 'Status',
    created: 'Created',
    closed: 'Closed',
    coordinates: [{ lon: 'Lon', lat: 'Lat' }, { x: 'X', y: 'Y', crs: 'EPSG:2263' }],
  },
  dates: { formats: ['MM/dd/yyyy hh:mm:ss a', 'ISO'], zone: 'America/New_York' },
  categories: { table: { 'Noise / Loud Music': 'N01', Noise: 'N02', Graffiti: 'G01' }, other: 'X99' },
  departments: { table: { NYPD: 'NYPD', DSNY: 'DSNY' }, other: 'OTHER' },
  statuses: { table: { Closed: 'closed', Open: 'registered', Assigned: 'dispatched', Cancelled: 'voided' } },
  channels: { table: { PHONE: 'hotline', ONLINE: 'public' } },
};

function mapping(overrides: Partial<CaseMapping> = {}): CaseMapping {
  const parsed = parseMapping({ ...RAW_MAPPING, ...overrides });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.mapping;
}

/** A fake projection that shifts X/Y by a known amount, to see that projected columns are used and converted. */
const project = (x: number, y: number) => [x / 1000 - 74, y / 1000 + 40] as [number, number];

const row = (cells: Row): Row => ({
  Key: '42', Type: 'Noise', Detail: 'Loud Music', Agency: 'NYPD', Channel: 'PHONE', Notes: '', Status: 'Closed',
  Created: '02/28/2023 11:00:00 PM', Closed: '03/01/2023 01:30:00 AM', Lon: '-73.95', Lat: '40.7', X: '', Y: '', ...cells,
});

describe('RowTranslator', () => {
  it('turns a closed row into reported → registered → dispatched → handled → closed, valid under the ingest contract', () => {
    const result = new RowTranslator(mapping(), project).translate(row({}));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.caseId).toBe('city-42');
    expect(result.events.map((e) => e.type)).toEqual(['reported', 'registered', 'dispatched', 'handled', 'closed']);
    expect(result.events.map((e) => e.at)).toEqual([
      '2023-03-01T04:00:00.000Z', // 11 PM EST = 04:00 UTC the next day
      '2023-03-01T04:00:00.000Z',
      '2023-03-01T04:00:00.000Z',
      '2023-03-01T06:30:00.000Z',
      '2023-03-01T06:30:00.000Z',
    ]);
    const [reported, , dispatched] = result.events;
    expect(reported).toMatchObject({ type: 'reported', category: 'N01', lon: -73.95, lat: 40.7, source: 'hotline', description: 'Loud Music' });
    expect(dispatched).toMatchObject({ department: 'NYPD' });
    for (const e of result.events) expect(parseIngestEvent(e).ok, e.eventId).toBe(true);
    expect(new Set(result.events.map((e) => e.eventId)).size).toBe(5);
  });

  it('gives the same ids for the same row, and new ids only for stages that changed', () => {
    const t = new RowTranslator(mapping(), project);
    const open = t.translate(row({ Status: 'Open', Closed: '' }));
    const again = t.translate(row({ Status: 'Open', Closed: '' }));
    const closed = t.translate(row({}));
    if (!open.ok || !again.ok || !closed.ok) throw new Error('expected ok');
    expect(again.events.map((e) => e.eventId)).toEqual(open.events.map((e) => e.eventId));
    expect(closed.events.slice(0, 2).map((e) => e.eventId)).toEqual(open.events.map((e) => e.eventId));
  });

  it('follows the status: open rows stop at registered or dispatched; voided rows end voided at the closing date', () => {
    const t = new RowTranslator(mapping(), project);
    const types = (r: Row) => {
      const out = t.translate(r);
      return out.ok ? out.events.map((e) => e.type) : out.code;
    };
    expect(types(row({ Status: 'Open', Closed: '' }))).toEqual(['reported', 'registered']);
    expect(types(row({ Status: 'Assigned', Closed: '' }))).toEqual(['reported', 'registered', 'dispatched']);
    expect(types(row({ Status: 'Cancelled' }))).toEqual(['reported', 'voided']);
    expect(types(row({ Status: 'Cancelled', Closed: '' }))).toBe('no-closing-date');
    expect(types(row({ Status: 'Closed', Closed: '' }))).toBe('no-closing-date');
    expect(types(row({ Status: 'Weird' }))).toBe('unmapped-status');
  });

  it('rejects rows it cannot take, with a reason naming the column', () => {
    const t = new RowTranslator(mapping(), project);
    const reject = (r: Row) => {
      const out = t.translate(r);
      if (out.ok) throw new Error('expected a rejection');
      return out;
    };
    expect(reject(row({ Lon: '', Lat: '' }))).toMatchObject({ code: 'no-coordinates' });
    expect(reject(row({ Lon: '0', Lat: '0' }))).toMatchObject({ code: 'no-coordinates' });
    expect(reject(row({ Lon: 'abc', Lat: '40' }))).toMatchObject({ code: 'bad-coordinates' });
    expect(reject(row({ Closed: '01/01/2023 01:00:00 AM' }))).toMatchObject({ code: 'closed-before-created' });
    expect(reject(row({ Created: '2023-02-30 10:00' })).reason).toMatch(/^Created: "2023-02-30 10:00" matches none/);
    expect(reject(row({ Created: '' }))).toMatchObject({ code: 'no-created-date' });
    expect(reject(row({ Key: ' ' }))).toMatchObject({ code: 'no-id' });
  });

  it('uses the next coordinate alternative (projected X/Y) when longitude/latitude are missing', () => {
    const out = new RowTranslator(mapping(), project).translate(row({ Lon: '', Lat: '', X: '1000', Y: '700' }));
    if (!out.ok) throw new Error(out.reason);
    expect(out.events[0]).toMatchObject({ lon: -73, lat: 40.7 });
    expect('crs' in out.events[0]).toBe(false);
  });

  it('passes geographic datums on to ingest (which converts them as for a live feed)', () => {
    const m = mapping({ columns: { ...mapping().columns, coordinates: [{ lon: 'Lon', lat: 'Lat', crs: 'gcj02' }] } });
    const out = new RowTranslator(m, project).translate(row({}));
    if (!out.ok) throw new Error(out.reason);
    expect(out.events[0]).toMatchObject({ crs: 'gcj02', lon: -73.95 });
  });

  it('translates categories most specific first, sends unmapped values to "other" and counts them', () => {
    const t = new RowTranslator(mapping(), project);
    const category = (r: Row) => {
      const out = t.translate(r);
      if (!out.ok) throw new Error(out.reason);
      return (out.events[0] as { category: string }).category;
    };
    expect(category(row({}))).toBe('N01');
    expect(category(row({ Detail: 'Barking Dog' }))).toBe('N02');
    expect(category(row({ Type: '  GRAFFITI ', Detail: '' }))).toBe('G01');
    expect(category(row({ Type: 'Pothole', Detail: 'Deep' }))).toBe('X99');
    expect(category(row({ Type: 'pothole', Detail: 'Deep' }))).toBe('X99');
    expect(category(row({ Agency: 'HPD' }))).toBe('N01');
    expect(t.categories.unmappedCounts()).toEqual([{ value: 'Pothole / Deep', rows: 2 }]);
    expect(t.departments!.unmappedCounts()).toEqual([{ value: 'HPD', rows: 1 }]);
    expect(t.channels.unmappedCounts()).toEqual([]);
  });

  it('without departments, a closed case takes the self-handled path registered → closed', () => {
    const { departments: _d, ...rest } = RAW_MAPPING;
    const parsed = parseMapping(rest);
    if (!parsed.ok) throw new Error(parsed.error);
    const out = new RowTranslator(parsed.mapping, project).translate(row({}));
    if (!out.ok) throw new Error(out.reason);
    expect(out.events.map((e) => e.type)).toEqual(['reported', 'registered', 'closed']);
  });

  it('reads a point from one cell ("(lat, lon)" or WKT), dates split over a date and a time column, one department for all', () => {
    const base = mapping();
    const m = mapping({
      columns: { ...base.columns, department: undefined, created: ['Day', 'Time'], coordinates: [{ point: 'Location', order: 'latlon', crs: 'wgs84' }, { point: 'Wkt', order: 'lonlat', crs: 'wgs84' }] },
      departments: { table: {}, other: 'DSNY' },
      dates: { formats: ['MM/dd/yyyy hh:mm:ss a', 'MM/dd/yyyy HH:mm'], zone: 'America/New_York' },
    });
    const t = new RowTranslator(m, project);
    const out = t.translate(row({ Day: '02/28/2023', Time: '23:00', Location: '(40.7001, -73.9502)', Closed: '03/01/2023 01:30:00 AM' }));
    if (!out.ok) throw new Error(out.reason);
    expect(out.events[0]).toMatchObject({ lon: -73.9502, lat: 40.7001, at: '2023-03-01T04:00:00.000Z' });
    expect(out.events[2]).toMatchObject({ type: 'dispatched', department: 'DSNY' });
    const wkt = t.translate(row({ Day: '02/28/2023', Time: '23:00', Location: '', Wkt: 'POINT (-73.95 40.7)' }));
    expect(wkt.ok && wkt.events[0]).toMatchObject({ lon: -73.95, lat: 40.7 });
    expect(t.translate(row({ Day: '02/28/2023', Time: '23:00', Location: '(40.7)' }))).toMatchObject({ ok: false, code: 'bad-coordinates' });
    expect(t.translate(row({ Day: '02/28/2023', Time: '', Location: '(40.7, -73.9)' }))).toMatchObject({ ok: false, code: 'bad-date', reason: expect.stringMatching(/^Day \+ Time: "02\/28\/2023" matches none/) });
    expect(t.departments!.unmappedCounts()).toEqual([]);
  });

  it('without a status column, the furthest dated stage decides', () => {
    const { statuses: _s, ...rest } = RAW_MAPPING;
    const parsed = parseMapping(rest);
    if (!parsed.ok) throw new Error(parsed.error);
    const t = new RowTranslator(parsed.mapping, project);
    const types = (r: Row) => {
      const out = t.translate(r);
      return out.ok ? out.events.map((e) => e.type) : out.code;
    };
    expect(types(row({}))).toEqual(['reported', 'registered', 'dispatched', 'handled', 'closed']);
    expect(types(row({ Closed: '' }))).toEqual(['reported']);
  });
});
