import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AreaGeometry, distanceMetres, pointInGeometry } from './geometry';
import { loadChangzhouDistricts } from './spec-helpers';
import { type BuiltUpArea, type SyntheticDistrictInput, type SyntheticRegions, buildSyntheticRegions } from './synthetic-regions';

/** Under a shared, busy CPU these take seconds; the default 5 s is too tight. */
const HEAVY = 60_000;
const seedFile = (path: string) => new URL(`../../../db/seed/regions/changzhou/${path}`, import.meta.url);
const names = JSON.parse(readFileSync(seedFile('regions.json'), 'utf8')) as { districts: { items: { code: string; nameEn: string }[] } };
const builtUp = (JSON.parse(readFileSync(seedFile('synthetic.json'), 'utf8')) as { builtUp: BuiltUpArea[] }).builtUp;
const districts: SyntheticDistrictInput[] = loadChangzhouDistricts().map((d) => ({
  code: d.code,
  nameZh: d.name!,
  nameEn: names.districts.items.find((i) => i.code === d.code)!.nameEn,
  geometry: d.geometry,
}));

const square = (w: number, s: number, e: number, n: number): AreaGeometry => ({
  type: 'Polygon',
  coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]],
});

describe('synthetic regions of Changzhou', () => {
  let regions: SyntheticRegions;
  beforeAll(() => {
    regions = buildSyntheticRegions(districts, builtUp);
  }, HEAVY);

  it('has 20–30k unit grids in every district, with 15-digit unique codes under their parents', () => {
    const { grids, communities, streets } = regions;
    expect(grids.length).toBeGreaterThan(20_000);
    expect(grids.length).toBeLessThan(30_000);
    expect(grids.every((g) => /^\d{15}$/.test(g.code))).toBe(true);
    expect(new Set(grids.map((g) => g.code)).size).toBe(grids.length);
    expect(new Set(grids.map((g) => g.district))).toEqual(new Set(districts.map((d) => d.code)));
    expect(communities.every((c) => /^\d{12}$/.test(c.code))).toBe(true);
    expect(streets.every((s) => /^\d{9}$/.test(s.code))).toBe(true);
    expect(grids.filter((g) => !(g.code.startsWith(g.parent) && g.parent.startsWith(g.street) && g.street.startsWith(g.district)))).toEqual([]);
    // Members and parents agree both ways; no empty community or street.
    const communityOf = new Map(grids.map((g) => [g.code, g.parent]));
    for (const c of communities) {
      expect(c.members.length).toBeGreaterThan(0);
      expect(c.members.length).toBeLessThanOrEqual(36);
      expect(c.members.every((m) => communityOf.get(m) === c.code)).toBe(true);
    }
    expect(communities.reduce((n, c) => n + c.members.length, 0)).toBe(grids.length);
    const streetOf = new Map(communities.map((c) => [c.code, c.parent]));
    for (const s of streets) {
      expect(s.members.length).toBeGreaterThan(0);
      expect(s.members.every((m) => streetOf.get(m) === s.code)).toBe(true);
    }
    expect(streets.reduce((n, s) => n + s.members.length, 0)).toBe(communities.length);
    expect(streets.every((s) => districts.some((d) => d.code === s.parent))).toBe(true);
  }, HEAVY);

  it('labels every region as synthetic in both languages', () => {
    const all = [...regions.streets, ...regions.communities, ...regions.grids];
    expect(all.every((r) => r.nameZh.endsWith('（模拟）') && r.nameEn.includes('synthetic'))).toBe(true);
    const first = regions.streets.find((s) => s.code === '320402003')!;
    expect(first.nameZh).toBe('天宁区第03街道（模拟）');
    expect(first.nameEn).toBe('Tianning synthetic street 03');
  }, HEAVY);

  it('makes about 100 m squares, each inside its district and tiling without overlap', () => {
    const byCode = new Map(districts.map((d) => [d.code, d.geometry]));
    const corners = new Set<string>();
    const bad: string[] = [];
    for (const g of regions.grids) {
      const [w, s, e, n] = g.bbox;
      const width = distanceMetres([w, s], [e, s]);
      const height = distanceMetres([w, s], [w, n]);
      if (Math.abs(width - 100) > 2 || Math.abs(height - 100) > 1) bad.push(`${g.code}: ${width} × ${height} m`);
      const geometry = byCode.get(g.district)!;
      for (const [x, y] of [[w, s], [e, s], [e, n], [w, n], [(w + e) / 2, (s + n) / 2]]) {
        if (!pointInGeometry(x, y, geometry)) bad.push(`${g.code}: (${x}, ${y}) outside ${g.district}`);
      }
      if (JSON.stringify(g.geometry.coordinates[0]) !== JSON.stringify([[w, s], [e, s], [e, n], [w, n], [w, s]])) bad.push(`${g.code}: ring`);
      // Lower-left corners are distinct: no two grids on the same lattice cell.
      const key = `${w},${s}`;
      if (corners.has(key)) bad.push(`${g.code}: second grid at ${key}`);
      corners.add(key);
    }
    expect(bad).toEqual([]);
  }, HEAVY);

  it('numbers grids in reading order within each community: west to east, then north to south', () => {
    const byCommunity = new Map<string, typeof regions.grids>();
    for (const g of regions.grids) {
      const list = byCommunity.get(g.parent) ?? [];
      list.push(g);
      byCommunity.set(g.parent, list);
    }
    let checkedRows = 0;
    const bad: string[] = [];
    for (const list of byCommunity.values()) {
      const sorted = [...list].sort((a, b) => a.code.localeCompare(b.code));
      if (!sorted[0].code.endsWith('001')) bad.push(`${sorted[0].code} first`);
      for (let i = 1; i < sorted.length; i++) {
        const [pw, , , pn] = sorted[i - 1].bbox;
        const [w, , , n] = sorted[i].bbox;
        if (n === pn) {
          if (!(w > pw)) bad.push(`${sorted[i].code} not east of ${sorted[i - 1].code}`);
          checkedRows++;
        } else if (!(n < pn)) bad.push(`${sorted[i].code} not south of ${sorted[i - 1].code}`);
      }
    }
    expect(bad).toEqual([]);
    expect(checkedRows).toBeGreaterThan(1000);
  }, HEAVY);

  it('numbers communities and streets in reading order of their blocks', () => {
    const grids = regions.grids;
    const northWest = (codes: string[]) => {
      const own = grids.filter((g) => codes.some((c) => g.code.startsWith(c)));
      return { n: Math.max(...own.map((g) => g.bbox[3])), w: Math.min(...own.map((g) => g.bbox[0])) };
    };
    // Tianning's streets 1 and 2 both lie north of (or level with) its last street.
    const tianning = regions.streets.filter((s) => s.parent === '320402');
    expect(tianning.length).toBeGreaterThan(5);
    const last = northWest([tianning.at(-1)!.code]);
    expect(northWest([tianning[0].code]).n).toBeGreaterThanOrEqual(last.n);
  }, HEAVY);

  it('is deterministic and keeps grids out of districts and areas it is not given', () => {
    const again = buildSyntheticRegions(districts, builtUp);
    expect(again).toEqual(regions);
    const box = square(0, 0, 0.05, 0.05);
    const one = buildSyntheticRegions(
      [{ code: '999901', nameZh: '测试区', nameEn: 'Test District', geometry: box }],
      [{ centre: [0.025, 0.025], radiusMetres: 1000 }, { centre: [1, 1], radiusMetres: 1000 }],
    );
    // A disc of 1 km radius: about π km² of 0.01 km² cells; none from the disc outside the district.
    expect(one.grids.length).toBeGreaterThan(290);
    expect(one.grids.length).toBeLessThan(330);
    expect(one.grids.every((g) => g.bbox[2] < 0.06)).toBe(true);
    expect(one.grids[0].nameEn).toBe('Test synthetic grid 01-01-001');
  }, HEAVY);
});
