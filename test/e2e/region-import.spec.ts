/**
 * `npm run import -- regions …` is `node dist/apps/server/cli.js import regions …`: run against the database of a
 * running server (PostgreSQL, so both can be connected at once). Cases ingested over HTTP under the NYC outline
 * alone are re-placed into the fixture boroughs the CLI imports; the server then answers the boroughs (datum
 * stated) and counts by borough that match the boroughs the records name.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { zipSync } from 'fflate';
import type { RegionCountsResponse } from '@gridlens/contracts';
import { Api } from '../support/e2e-harness';
import { nycBoroughShapefile } from '../support/nyc-fixture';
import { startServer, type ServerProcess } from '../support/server-process';
import { createScratchDatabase, postgresSuitesEnabled } from '../support/test-databases';

const run = promisify(execFile);
const FIXTURES = 'test/fixtures/nyc';
const SAMPLE = 'test/fixtures/nyc311/nyc311_2023-02-28_sample.csv';
/** The first records with coordinates: enough for every borough, few enough to ingest quickly. */
const RECORDS = 600;
const BOROUGH_CODES: Record<string, string> = { MANHATTAN: '1', BRONX: '2', BROOKLYN: '3', QUEENS: '4', 'STATEN ISLAND': '5' };

describe.runIf(postgresSuitesEnabled())('import regions through the CLI on postgres', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let server: ServerProcess;
  let api: Api;
  const cli = (...args: string[]) =>
    run(process.execPath, [resolve('dist/apps/server/cli.js'), 'import', 'regions', ...args], {
      env: { ...process.env, DATABASE_URL: scratch.url, LOG_LEVEL: 'error' },
    });
  const failing = (...args: string[]) => cli(...args).then(
    () => {
      throw new Error(`expected import regions ${args.join(' ')} to fail`);
    },
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  const records = (parse(readFileSync(SAMPLE), { columns: true, relax_quotes: true }) as Record<string, string>[])
    .filter((r) => r.Latitude && r.Longitude && BOROUGH_CODES[r.Borough])
    .slice(0, RECORDS);

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    server = await startServer({ databaseUrl: scratch.url });
    api = new Api(() => server.url);
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await scratch?.drop();
  });

  it('imports the city, then the boroughs by containment, re-placing the cases already there', async () => {
    const city = await cli(`${FIXTURES}/nyc-city.geojson`, '--level', 'city', '--code-property', 'code', '--name-property', 'nameZh', '--name-en-property', 'name');
    expect(city.stdout).toMatch(/features read 1 = imported 1 \(new 1, replaced 0\) \+ skipped 0/);

    const at = new Date(Date.now() - 3600_000).toISOString();
    const events = records.map((r) => ({
      eventId: `nyc-${r['Unique Key']}-reported`,
      caseId: `nyc-${r['Unique Key']}`,
      type: 'reported',
      at,
      category: 'E0505',
      lon: Number(r.Longitude),
      lat: Number(r.Latitude),
      source: 'public',
    }));
    const ingested = await api.ingestOk(events);
    expect(ingested).toMatchObject({ accepted: RECORDS, rejected: [] });

    const boroughs = await cli(
      `${FIXTURES}/nyc-boroughs.geojson`,
      '--level', 'district', '--code-property', 'BoroCode', '--name-property', 'NameZh', '--name-en-property', 'BoroName', '--parent-by-containment',
    );
    expect(boroughs.stdout).toMatch(/coordinates in wgs84 \(default \(RFC 7946 GeoJSON is WGS84\)\), level district/);
    expect(boroughs.stdout).toMatch(/features read 5 = imported 5 \(new 5, replaced 0\) \+ skipped 0/);
    expect(boroughs.stdout).toMatch(/overlaps between siblings 0 /);
    expect(boroughs.stdout).toMatch(/gaps \(parent area no child covers\) 0/);
    expect(boroughs.stdout).toMatch(new RegExp(`cases re-placed ${RECORDS}\\b`));
    expect(boroughs.stdout).toMatch(/rollups rebuilt: \d+ rows/);

    const geo = await api.get<{ type: string; datum: string; features: { properties: { code: string; parent: string; nameEn: string } }[] }>(
      '/api/v1/regions?level=district&parent=NYC&format=geojson',
    );
    expect(geo.status).toBe(200);
    expect(geo.headers.get('x-gridlens-datum')).toBe('WGS84');
    expect(geo.body.datum).toBe('WGS84');
    expect(geo.body.features.map((f) => [f.properties.code, f.properties.parent, f.properties.nameEn])).toEqual([
      ['1', 'NYC', 'Manhattan'], ['2', 'NYC', 'Bronx'], ['3', 'NYC', 'Brooklyn'], ['4', 'NYC', 'Queens'], ['5', 'NYC', 'Staten Island'],
    ]);

    // Counts by borough from the server (rollups rebuilt by the import) against the boroughs the records name:
    // the fixture's borders are approximate (test/fixtures/nyc/SOURCE.md), so a few records by a border may differ.
    // A window around the reports (the default, today in TZ_CITY, would miss them in the hour after local midnight).
    const window = `from=${new Date(Date.parse(at) - 60_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
    const counts = await api.get<RegionCountsResponse>(`/api/v1/regions/counts?level=district&region=NYC&${window}`);
    expect(counts.status).toBe(200);
    expect(counts.body.total).toBe(RECORDS);
    const named = new Map<string, number>();
    for (const r of records) named.set(BOROUGH_CODES[r.Borough], (named.get(BOROUGH_CODES[r.Borough]) ?? 0) + 1);
    for (const { code, count } of counts.body.counts) expect(Math.abs(count - (named.get(code) ?? 0)), code).toBeLessThanOrEqual(RECORDS * 0.01);
    expect(counts.body.counts.map((c) => c.code)).toEqual(['1', '2', '3', '4', '5'].filter((c) => named.has(c)));
  });

  it('a dry run reports and writes nothing; bad options and files fail with a message naming them', async () => {
    const dry = await cli(`${FIXTURES}/nyc-boroughs.geojson`, '--level', 'district', '--code-property', 'BoroCode', '--name-property', 'NameZh', '--parent-by-containment', '--dry-run');
    expect(dry.stdout).toMatch(/^DRY RUN \(nothing written\)/);
    expect(dry.stdout).toMatch(/imported 5 \(new 0, replaced 5\)/);
    expect(dry.stdout).toMatch(/cases re-placed 0/);
    const names = await api.get<{ regions: { nameZh: string }[] }>('/api/v1/regions?level=district&parent=NYC');
    expect(names.body.regions.map((r) => r.nameZh)).toEqual(['曼哈顿', '布朗克斯', '布鲁克林', '皇后区', '史泰登岛']);

    const level = await failing(`${FIXTURES}/nyc-boroughs.geojson`, '--level', 'county', '--code-property', 'BoroCode', '--name-property', 'NameZh');
    expect(level.code).toBe(1);
    expect(level.stderr).toMatch(/--level: expected city, district, street, community or grid/);
    const crs = await failing(`${FIXTURES}/nyc-boroughs.geojson`, '--level', 'district', '--code-property', 'BoroCode', '--name-property', 'NameZh', '--crs', 'EPSG:999999');
    expect(crs.stderr).toMatch(/EPSG:999999 is not one gridlens knows/);
    const missing = await failing('no/such/file.geojson', '--level', 'district', '--code-property', 'BoroCode', '--name-property', 'NameZh');
    expect(missing.stderr).toMatch(/no\/such\/file\.geojson: no such file/);
  });

  it('POST /api/v1/imports/regions: an admin uploads a zipped State Plane Shapefile and gets the report; bad fields are 400s naming them', async () => {
    const files = nycBoroughShapefile();
    const zip = zipSync({ 'nybb/nybb.shp': files.shp, 'nybb/nybb.dbf': files.dbf, 'nybb/nybb.prj': files.prj, 'nybb/nybb.cpg': files.cpg });
    const upload = async (fields: Record<string, string>, withFile = true, token: string | null = null) => {
      const form = new FormData();
      if (withFile) form.append('file', new Blob([zip]), 'nybb.zip');
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      const auth = token ?? (await api.adminToken());
      return fetch(`${server.url}/api/v1/imports/regions`, { method: 'POST', headers: { authorization: `Bearer ${auth}` }, body: form });
    };
    const fields = { level: 'district', codeProperty: 'BoroCode', nameProperty: 'NameZh', nameEnProperty: 'BoroName', parentByContainment: 'true', dryRun: 'true' };
    const ok = await upload(fields);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-gridlens-datum')).toBe('WGS84');
    expect(await ok.json()).toMatchObject({
      file: 'nybb.zip', format: 'shapefile', crs: 'EPSG:2263', crsSource: '.prj', dryRun: true,
      read: 5, imported: 5, replaced: 5, skipped: [], repaired: [], overlaps: [], gaps: [], cases: { moved: 0 },
    });

    const level = await upload({ ...fields, level: 'county' });
    expect(level.status).toBe(400);
    expect(((await level.json()) as { message: string }).message).toMatch(/^level: expected city, district/);
    const parent = await upload({ ...fields, level: 'street', parentByContainment: 'false' });
    expect(((await parent.json()) as { message: string }).message).toMatch(/^parentProperty: a street needs a parent/);
    const noFile = await upload(fields, false);
    expect(noFile.status).toBe(400);
    expect(((await noFile.json()) as { message: string }).message).toMatch(/^file: /);
    const crs = await upload({ ...fields, crs: 'EPSG:999999' });
    expect(crs.status).toBe(400);
    expect(((await crs.json()) as { message: string }).message).toMatch(/^crs: EPSG:999999 is not one gridlens knows/);
    expect((await upload(fields, true, 'not-a-token')).status).toBe(401);
  });
});
