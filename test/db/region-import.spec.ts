/**
 * Region import on each backend, on the NYC 311 sample and the NYC borough fixture (test/fixtures/nyc, coarse):
 * cases ingested under the city alone are re-placed into boroughs imported by containment, agreeing with the
 * borough each record names; the rollups stay exact; a Shapefile in State Plane feet (.prj) imports the same; invalid
 * polygons are repaired and reported; overlaps and gaps are measured in m²; bad parents and dry runs change nothing.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import proj4 from 'proj4';
import { epsgDefinition } from '@gridlens/geo';
import type { IngestEvent } from '@gridlens/contracts';
import type { Database } from '../../apps/server/src/db/database';
import { CellCountService } from '../../apps/server/src/services/cell-count.service';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { readRegionFile } from '../../apps/server/src/services/region-import/region-file';
import { parseRegionImportOptions, type RegionImportOptions } from '../../apps/server/src/services/region-import/region-import-options';
import { RegionImportService } from '../../apps/server/src/services/region-import/region-import.service';
import { nycBoroughShapefile } from '../support/nyc-fixture';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

const FIXTURES = 'test/fixtures/nyc';
const SAMPLE = 'test/fixtures/nyc311/nyc311_2023-02-28_sample.csv';
const BOROUGHS = { level: 'district', codeProperty: 'BoroCode', nameProperty: 'NameZh', nameEnProperty: 'BoroName', parentByContainment: true };
const CITY = { level: 'city', codeProperty: 'code', nameProperty: 'nameZh', nameEnProperty: 'name' };
/** Records closer than this to another borough may disagree: the fixture's borders are approximate (SOURCE.md). */
const NEAR_M = 1000;

interface Record311 {
  key: string;
  borough: string;
  lon: number;
  lat: number;
}

function sample(): Record311[] {
  const rows = parse(readFileSync(SAMPLE), { columns: true, relax_quotes: true }) as Record<string, string>[];
  return rows
    .filter((r) => r.Latitude && r.Longitude)
    .map((r) => ({ key: r['Unique Key'], borough: r.Borough, lon: Number(r.Longitude), lat: Number(r.Latitude) }));
}

const tmp = mkdtempSync(join(tmpdir(), 'region-import-'));

function writeJson(name: string, value: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

type Fc = { type: 'FeatureCollection'; features: { type: 'Feature'; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[] };
const boroughs = (): Fc => JSON.parse(readFileSync(`${FIXTURES}/nyc-boroughs.geojson`, 'utf8'));

for (const backend of testBackends()) {
  describe(`region import on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let records: Record311[];
    const run = async (path: string, options: Record<string, unknown>) => {
      const parsed: RegionImportOptions = parseRegionImportOptions(options);
      return app.get(RegionImportService).import(path, await readRegionFile(path, parsed.encoding), parsed);
    };

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      records = sample();
      const city = await run(`${FIXTURES}/nyc-city.geojson`, CITY);
      expect(city.imported).toBe(1);
      // The sample's cases arrive while the city has no boroughs yet: placed under the city only.
      const at = new Date(Date.now() - 3600_000).toISOString();
      const events: IngestEvent[] = records.map((r) => ({
        eventId: `nyc-${r.key}-reported`,
        caseId: `nyc-${r.key}`,
        type: 'reported',
        at,
        category: 'E0505',
        lon: r.lon,
        lat: r.lat,
        source: 'public',
      }));
      for (let i = 0; i < events.length; i += 2000) await app.get(IngestService).ingest(events.slice(i, i + 2000));
    }, 300_000);

    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('re-places existing cases into boroughs found by containment, agreeing with the borough each record names', async () => {
      const [{ n: placed }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE city_code = 'NYC' AND district_code IS NULL`);
      expect(placed).toBe(records.length);
      const report = await run(`${FIXTURES}/nyc-boroughs.geojson`, BOROUGHS);
      expect(report).toMatchObject({ read: 5, imported: 5, inserted: 5, skipped: [], repaired: [], overlaps: [], gaps: [], outsideParent: [] });
      expect(report.partialParents).toEqual([]);
      expect(report.cases.moved).toBe(records.length);
      expect(report.rollups).not.toBeNull();

      const rows = await db.query<{ case_id: string; city: string; district: string | null; name: string | null; near: boolean }>(
        `SELECT c.case_id, c.city_code AS city, c.district_code AS district, upper(r.name_en) AS name,
                EXISTS (SELECT 1 FROM region o WHERE o.level = 'district' AND o.parent_code = 'NYC' AND o.code IS DISTINCT FROM c.district_code
                          AND ST_DWithin(o.geom::geography, c.geom::geography, $1)) AS near
         FROM cases c LEFT JOIN region r ON r.code = c.district_code`,
        [NEAR_M],
      );
      const named = new Map(records.map((r) => [`nyc-${r.key}`, r.borough]));
      const far = rows.filter((r) => !r.near);
      const agree = rows.filter((r) => r.name === named.get(r.case_id));
      expect(rows.every((r) => r.city === 'NYC')).toBe(true);
      expect(far.length).toBeGreaterThan(rows.length * 0.7);
      expect(far.filter((r) => r.name !== named.get(r.case_id))).toEqual([]);
      expect(agree.length / rows.length).toBeGreaterThan(0.99);
    });

    it('keeps the rollups exact: district counts from the rollups equal counts of the raw cases', async () => {
      const counts = app.get(CellCountService);
      const query = {
        scheme: { kind: 'region' as const, level: 'district' as const },
        filter: { from: null, to: null, categories: null, statuses: null, region: 'NYC', bbox: null },
        regionLevel: 'city' as const,
      };
      const auto = await counts.count({ ...query, source: 'auto' });
      const raw = await counts.count({ ...query, source: 'raw' });
      expect(auto.source).not.toBe('raw');
      expect([...auto.cells].sort()).toEqual([...raw.cells].sort());
      expect([...raw.cells].map(([code]) => code).sort()).toEqual(['1', '2', '3', '4', '5']);
    });

    it('reads a Shapefile in State Plane feet by its .prj and finds the same boroughs (dry run: nothing written)', async () => {
      const files = nycBoroughShapefile();
      for (const [ext, bytes] of Object.entries(files)) writeFileSync(join(tmp, `nybb.${ext}`), bytes);
      const before = await db.query(`SELECT code, ST_AsText(geom) FROM region WHERE level = 'district' ORDER BY code`);
      const report = await run(join(tmp, 'nybb.shp'), { ...BOROUGHS, dryRun: true });
      expect(report).toMatchObject({ format: 'shapefile', crs: 'EPSG:2263', crsSource: '.prj', read: 5, imported: 5, replaced: 5, skipped: [], overlaps: [], gaps: [] });
      // Same polygons (to well under a metre after the round trip through feet): no case changes borough.
      expect(report.cases.moved).toBe(0);
      expect(report.rollups).toBeNull();
      expect(await db.query(`SELECT code, ST_AsText(geom) FROM region WHERE level = 'district' ORDER BY code`)).toEqual(before);
    });

    it('repairs an invalid polygon and measures overlaps between siblings and gaps in the parent, in m²', async () => {
      const fc = boroughs();
      // Staten Island shrunk to a 0.01° square inside it (the rest of the island becomes a gap in the city); a new
      // borough "9" overlapping Queens by a 0.01° square; a self-intersecting bow-tie outside the city.
      const [sx, sy] = [-74.15, 40.58];
      const si = fc.features.find((f) => f.properties.BoroCode === 5)!;
      si.geometry = { type: 'Polygon', coordinates: [[[sx, sy], [sx + 0.01, sy], [sx + 0.01, sy + 0.01], [sx, sy + 0.01], [sx, sy]]] };
      const [x, y] = [-73.85, 40.72];
      fc.features.push({
        type: 'Feature',
        properties: { BoroCode: 9, BoroName: 'Overlap test', NameZh: '测试' },
        geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]] },
      });
      const bowtie = { type: 'Feature' as const, properties: { BoroCode: 8, BoroName: 'Bow tie', NameZh: '蝴蝶' }, geometry: {
        type: 'Polygon', coordinates: [[[-74.3, 40.3], [-74.29, 40.31], [-74.29, 40.3], [-74.3, 40.31], [-74.3, 40.3]]] } };
      fc.features.push(bowtie);
      const report = await run(writeJson('faulty.geojson', fc), { ...BOROUGHS, dryRun: true });
      expect(report.read).toBe(7);
      // The bow-tie lies outside the city: repaired, then skipped (no parent), all accounted for.
      expect(report.repaired).toEqual([expect.objectContaining({ code: '8', reason: expect.stringMatching(/Self-intersection/i) })]);
      expect(report.skipped).toEqual([{ index: 7, code: '8', reason: 'no city contains any part of it' }]);
      expect(report.imported + report.skipped.length).toBe(report.read);
      const [{ square, island }] = await db.query<{ square: number; island: number }>(
        `SELECT ST_Area(ST_MakeEnvelope($1::float8, $2::float8, $1::float8 + 0.01, $2::float8 + 0.01, 4326)::geography) AS square,
                ST_Area(ST_Difference(geom, ST_MakeEnvelope($3::float8, $4::float8, $3::float8 + 0.01, $4::float8 + 0.01, 4326))::geography) AS island
         FROM region WHERE code = '5'`,
        [x, y, sx, sy],
      );
      expect(report.overlaps).toHaveLength(1);
      expect(report.overlaps[0]).toMatchObject({ a: '4', b: '9' });
      expect(report.overlaps[0].areaM2 / Number(square)).toBeCloseTo(1, 2);
      expect(report.gaps).toHaveLength(1);
      expect(report.gaps[0].parent).toBe('NYC');
      expect(report.gaps[0].gapM2 / Number(island)).toBeCloseTo(1, 2);
    });

    it('measures gaps under thousands of small children sharing edges (the robust overlay; the floating one gave no rows)', async () => {
      const step = 0.004;
      const features = [];
      for (let i = 0; i < 70; i++) {
        for (let j = 0; j < 70; j++) {
          const [x, y] = [-74.1 + i * step, 40.55 + j * step];
          features.push({ type: 'Feature', properties: { id: `q${i}_${j}`, name: `q${i}_${j}` },
            geometry: { type: 'Polygon', coordinates: [[[x, y], [x + step, y], [x + step, y + step], [x, y + step], [x, y]]] } });
        }
      }
      const report = await run(writeJson('squares.geojson', { type: 'FeatureCollection', features }), {
        level: 'street', codeProperty: 'id', nameProperty: 'name', parentByContainment: true, dryRun: true,
      });
      expect(report.imported + report.skipped.length).toBe(4900);
      expect(report.overlaps).toEqual([]);
      // The squares cover only part of each borough (the box stops short of the Bronx's north and Queens' east).
      expect(report.gaps.map((g) => g.parent)).toEqual(['1', '2', '3', '4', '5']);
      for (const g of report.gaps) expect(g.gapM2 / g.parentM2).toBeGreaterThan(0);
      expect(report.gaps.find((g) => g.parent === '2')!.gapM2).toBeGreaterThan(report.gaps.find((g) => g.parent === '2')!.parentM2 / 2);
    });

    it('skips features whose named parent is not a region of the level above, and says why', async () => {
      const streets = {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { id: 'S1', name: 'Midtown', boro: '1' }, geometry: { type: 'Polygon', coordinates: [[[-73.99, 40.75], [-73.98, 40.75], [-73.98, 40.76], [-73.99, 40.75]]] } },
          { type: 'Feature', properties: { id: 'S2', name: 'Nowhere', boro: '77' }, geometry: { type: 'Polygon', coordinates: [[[-73.99, 40.75], [-73.98, 40.75], [-73.98, 40.76], [-73.99, 40.75]]] } },
          { type: 'Feature', properties: { id: 'S3', boro: '1' }, geometry: { type: 'Polygon', coordinates: [[[-73.99, 40.75], [-73.98, 40.75], [-73.98, 40.76], [-73.99, 40.75]]] } },
          { type: 'Feature', properties: { id: 'S4', name: 'A point', boro: '1' }, geometry: { type: 'Point', coordinates: [-73.99, 40.75] } },
        ],
      };
      const report = await run(writeJson('streets.geojson', streets), { level: 'street', codeProperty: 'id', nameProperty: 'name', parentProperty: 'boro' });
      expect(report.imported).toBe(1);
      expect(report.skipped).toEqual([
        { index: 2, code: 'S2', reason: 'parent 77 is not a district' },
        { index: 3, code: 'S3', reason: 'no name (the name property)' },
        { index: 4, code: 'S4', reason: 'geometry is Point, not a Polygon or MultiPolygon' },
      ]);
      const [row] = await db.query<{ parent_code: string }>(`SELECT parent_code FROM region WHERE code = 'S1'`);
      expect(row.parent_code).toBe('1');
      const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE street_code = 'S1'`);
      const [{ m }] = await db.query<{ m: number }>(
        `SELECT count(*)::int AS m FROM cases c, region r WHERE r.code = 'S1' AND ST_Intersects(r.geom, c.geom)`,
      );
      expect(n).toBe(m);
      expect(n).toBeGreaterThan(0);
    });

    it('refuses bad options naming the option, and projected coordinates given as WGS84', async () => {
      expect(() => parseRegionImportOptions({ ...BOROUGHS, level: 'county' })).toThrow(/--level/);
      expect(() => parseRegionImportOptions({ level: 'street', codeProperty: 'a', nameProperty: 'b' })).toThrow(/--parent-property: a street needs a parent: name its property, or ask for parents by containment/);
      const fc = boroughs();
      const feet = proj4('EPSG:4326', epsgDefinition(2263)!);
      fc.features = fc.features.slice(0, 1).map((f) => ({
        ...f,
        geometry: { type: 'Polygon', coordinates: (f.geometry.coordinates as [number, number][][]).map((r) => r.map((p) => feet.forward(p))) },
      }));
      const report = await run(writeJson('feet.geojson', fc), { ...BOROUGHS, dryRun: true });
      expect(report.skipped[0].reason).toMatch(/looks projected, give --crs/);
      const given = await run(writeJson('feet.geojson', fc), { ...BOROUGHS, crs: 'EPSG:2263', dryRun: true });
      expect(given).toMatchObject({ imported: 1, skipped: [], crs: 'EPSG:2263', crsSource: '--crs' });
    });
  });
}
