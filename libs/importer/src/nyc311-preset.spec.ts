/**
 * The NYC 311 preset (db/import-presets/nyc311.json) on the real sample (test/fixtures/nyc311): every row translated
 * or rejected with a reason that the row itself explains, State Plane X/Y (EPSG:2263, the preset's proj4) landing
 * where the export's own longitude/latitude say, and every event valid under the ingest contract. Expectations are
 * computed from the file's cells, not from the sample's numbers.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseIngestEvent } from '@gridlens/contracts';
import { toWgs84 } from '@gridlens/geo';
import { parseSourceDate } from './dates';
import { parseMapping, type CaseMapping } from './mapping';
import { RowTranslator } from './row-events';

const raw = JSON.parse(readFileSync('db/import-presets/nyc311.json', 'utf8')) as unknown;
const rows = parse(readFileSync('test/fixtures/nyc311/nyc311_2023-02-28_sample.csv'), { columns: true, bom: true }) as Record<string, string>[];

function preset(): CaseMapping {
  const parsed = parseMapping(raw);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.mapping;
}

describe('the nyc311 preset on the real sample', () => {
  it('is a valid mapping', () => {
    expect(parseMapping(raw).ok).toBe(true);
  });

  it('converts State Plane X/Y with the preset definition to within 2 m of the export\'s own longitude/latitude', () => {
    const projected = preset().columns.coordinates.find((c) => 'x' in c)!;
    if (!('x' in projected)) throw new Error('no projected alternative');
    const pairs = rows.filter((r) => r.Latitude && r[projected.x]).slice(0, 200);
    expect(pairs.length).toBe(200);
    for (const r of pairs) {
      const [lon, lat] = toWgs84(Number(r[projected.x]), Number(r[projected.y]), projected.crs, projected.proj4);
      const dx = (lon - Number(r.Longitude)) * 111_320 * Math.cos((Number(r.Latitude) * Math.PI) / 180);
      const dy = (lat - Number(r.Latitude)) * 110_540;
      expect(Math.hypot(dx, dy), `Unique Key ${r['Unique Key']}`).toBeLessThan(2);
    }
  });

  it('translates every row or rejects it for a reason its cells show', { timeout: 60_000 }, () => {
    const mapping = preset();
    const translator = new RowTranslator(mapping, (x, y, crs, def) => toWgs84(x, y, crs, def));
    const date = (text: string) => parseSourceDate(text, mapping.dates.formats, mapping.dates.zone);
    const codes = new Map<string, number>();
    for (const r of rows) {
      const out = translator.translate(r);
      const noPoint = !r.Latitude && !r['X Coordinate (State Plane)'];
      const closedBefore = !!r['Closed Date'] && date(r['Closed Date'])! < date(r['Created Date'])!;
      if (out.ok) {
        expect(noPoint || (closedBefore && r.Status === 'Closed')).toBe(false);
        for (const e of out.events) expect(parseIngestEvent(e).ok, e.eventId).toBe(true);
        const types = out.events.map((e) => e.type);
        expect(types[0]).toBe('reported');
        if (r.Status === 'Closed') expect(types).toEqual(['reported', 'registered', 'dispatched', 'handled', 'closed']);
        continue;
      }
      codes.set(out.code, (codes.get(out.code) ?? 0) + 1);
      if (noPoint) expect(out.code).toBe('no-coordinates');
      else if (closedBefore) expect(out.code).toBe('closed-before-created');
      else expect(['no-closing-date', 'stages-out-of-order', 'unmapped-status', 'bad-date'], `${r['Unique Key']}: ${out.reason}`).toContain(out.code);
    }
    const noPoint = rows.filter((r) => !r.Latitude && !r['X Coordinate (State Plane)']).length;
    expect(codes.get('no-coordinates')).toBe(noPoint);
    // SOURCE.md: 87 rows have no coordinates.
    expect(noPoint).toBe(87);
    // Every status in the sample is in the preset's table, so none is rejected for it.
    expect(codes.get('unmapped-status') ?? 0).toBe(0);
  });
});
