import { cellToBoundary, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { toUtm, utmZoneOfSrid } from '../map/utm';
import { casesInCell, categoryMix, dailyCounts, inCell, ringBbox } from './drill';

describe('drill-down of a cell', () => {
  it('finds the cases of an H3 cell inside its bounding box', () => {
    const id = latLngToCell(31.78, 119.97, 8);
    const ring = cellToBoundary(id, true);
    const [minLon, minLat, maxLon, maxLat] = ringBbox(ring);
    expect(minLon).toBeLessThan(119.97);
    expect(maxLat).toBeGreaterThan(31.78);
    const point = (caseId: string, lon: number, lat: number) => ({ caseId, lon, lat, status: 'reported' as const, category: 'E0505', district: null, reportedAtMs: 0 });
    const cases = [point('in', 119.97, 31.78), point('corner', minLon, minLat), point('far', 120.1, 31.9)];
    expect(casesInCell(cases, id, { kind: 'h3' }, 8).map((c) => c.caseId)).toEqual(['in']);
  });

  it('bins squares with floor of UTM metres, as the server does', () => {
    const zone = utmZoneOfSrid(32650);
    const [x, y] = toUtm(119.97, 31.78, zone);
    const id = `s:${Math.floor(x / 500)}:${Math.floor(y / 500)}`;
    expect(inCell(119.97, 31.78, id, { kind: 'square', size: 500, srid: 32650 }, 8)).toBe(true);
    expect(inCell(119.99, 31.78, id, { kind: 'square', size: 500, srid: 32650 }, 8)).toBe(false);
    expect(inCell(119.97, 31.78, 'garbage', { kind: 'square', size: 500, srid: 32650 }, 8)).toBe(false);
  });

  it('counts categories (top n, the rest as other) and cases per city day, zeros included', () => {
    expect(categoryMix(['b', 'a', 'b', 'c', 'a', 'b', 'd'], 2)).toEqual({ top: [{ code: 'b', count: 3 }, { code: 'a', count: 2 }], other: 2 });
    const at = (iso: string) => Date.parse(iso);
    const result = dailyCounts([at('2026-11-01T15:59:00Z'), at('2026-11-01T16:00:00Z'), at('2026-11-02T01:00:00Z'), at('2026-12-01T00:00:00Z')], { from: '2026-11-01', to: '2026-11-03' }, 'Asia/Shanghai');
    expect(result).toEqual({ days: ['2026-11-01', '2026-11-02', '2026-11-03'], counts: [1, 2, 0] });
  });
});
