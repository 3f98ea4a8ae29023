/**
 * The real NYC 311 sample (test/fixtures/nyc311) into a server configured for New York (NYC catalogue, America/New_York,
 * weekends calendar) with the borough boundaries (test/fixtures/nyc) imported as districts by the `import regions`
 * CLI: the `import cases` CLI killed mid-way and resumed, a second import adding nothing, the admin upload over HTTP
 * (server-sent progress, status, rejects download), and the district each case was placed in agreeing with the
 * borough the record names (rows near a boundary excepted: the fixture is approximate there, see its SOURCE.md).
 * Expected figures are computed from the file's own cells, never from the sample's particular numbers.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJob } from '@gridlens/contracts';
import { loadConfig } from '../../apps/server/src/config/app-config';
import { parseSse } from '../../apps/web/src/lib/admin/import-client';
import { openDatabase } from '../../apps/server/src/db/open-database';
import { Api, messageOf } from '../support/e2e-harness';
import { startServer, type ServerProcess } from '../support/server-process';

const run = promisify(execFile);
const SAMPLE = resolve('test/fixtures/nyc311/nyc311_2023-02-28_sample.csv');
const NYC_ENV = { TZ_CITY: 'America/New_York', CATALOGUE_FILE: 'db/seed/catalogues/nyc311.json', WORK_CALENDAR: 'weekends', DEFAULT_LANGUAGE: 'en', SEED_REGIONS: 'none' };

type Row = Record<string, string>;
const rows = parse(readFileSync(SAMPLE), { columns: true, bom: true }) as Row[];
const nyTime = (text: string) => DateTime.fromFormat(text, 'MM/dd/yyyy hh:mm:ss a', { zone: 'America/New_York' }).toMillis();
const noPoint = rows.filter((r) => !r.Latitude && !r['X Coordinate (State Plane)']);
const closedBeforeCreated = rows.filter((r) => r.Status === 'Closed' && r['Closed Date'] && nyTime(r['Closed Date']) < nyTime(r['Created Date']));

function summaryOf(stdout: string) {
  const m = /rows read (\d+) = imported (\d+) \+ rejected (\d+)\nevents added (\d+), already there (\d+)/.exec(stdout);
  if (!m) throw new Error(`no summary in:\n${stdout}`);
  const [read, imported, rejected, added, duplicate] = m.slice(1).map(Number);
  return { read, imported, rejected, added, duplicate };
}

describe('NYC 311 sample import on pglite', () => {
  let dataDir: string;
  let server: ServerProcess | null = null;
  const env = () => ({ ...(process.env as Record<string, string>), LOG_LEVEL: 'error', DATABASE_URL: '', DATA_DIR: dataDir, DEMO: 'off', ...NYC_ENV });
  const cli = (...args: string[]) => run(process.execPath, [resolve('dist/apps/server/cli.js'), ...args], { env: env(), maxBuffer: 64 * 1024 * 1024 });
  const rejectsPath = () => join(dataDir, 'rejects-cli.csv');
  /** PGlite's directory belongs to one process: counts are read in-process while no server or CLI runs. */
  const withDb = async <T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> => {
    const db = await openDatabase(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: '' }));
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };
  const counts = () =>
    withDb(async (db) => (await db.query<{ cases: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM cases WHERE case_id LIKE 'nyc311-%') AS cases, (SELECT count(*)::int FROM case_event WHERE case_id LIKE 'nyc311-%') AS events`,
    ))[0]);
  let afterFirst: { cases: number; events: number };
  let firstRejects: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gridlens-nyc-'));
    // A first start seeds the New York catalogue; the boundaries come in through the regions CLI.
    const first = await startServer({ dataDir, env: NYC_ENV });
    await first.stop();
    await cli('import', 'regions', 'test/fixtures/nyc/nyc-city.geojson', '--level', 'city', '--code-property', 'code', '--name-property', 'nameZh', '--name-en-property', 'name');
    await cli('import', 'regions', 'test/fixtures/nyc/nyc-boroughs.geojson', '--level', 'district', '--code-property', 'BoroCode', '--name-property', 'NameZh', '--name-en-property', 'BoroName', '--parent-by-containment');
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a CLI import killed mid-way resumes after its last committed line; every row is accounted for, with its reason', async () => {
    const child = spawn(process.execPath, [resolve('dist/apps/server/cli.js'), 'import', 'cases', SAMPLE, '--preset', 'nyc311', '--batch', '200'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const exited = new Promise<NodeJS.Signals | number | null>((done) => child.once('exit', (code, signal) => done(signal ?? code)));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/rows\/s/.test(stderr)) child.kill('SIGKILL'); // after the first committed batch
    });
    expect(await exited, stderr).toBe('SIGKILL');

    const resumed = await cli('import', 'cases', SAMPLE, '--preset', 'nyc311', '--batch', '200', '--rejects', rejectsPath());
    const after = Number(/resuming import \S+ after line (\d+)/.exec(resumed.stdout)?.[1]);
    expect(after).toBeGreaterThan(1);
    expect(after).toBeLessThan(rows.length + 1);
    const s = summaryOf(resumed.stdout);
    expect(s.read).toBe(rows.length);
    expect(s.read).toBe(s.imported + s.rejected);

    firstRejects = readFileSync(rejectsPath(), 'utf8');
    const rejects = parse(firstRejects, { columns: true, relax_column_count: true }) as Row[];
    expect(rejects.length).toBe(s.rejected);
    expect(new Set(rejects.map((r) => r.line)).size).toBe(rejects.length); // none written twice by the resume
    for (const r of rejects) {
      expect(r.code, `line ${r.line}`).toMatch(/^[a-z-]+$/);
      expect(r.reason.length, `line ${r.line}`).toBeGreaterThan(5);
    }
    const byKey = new Map(rejects.map((r) => [r['Unique Key'], r]));
    for (const r of noPoint) expect(byKey.get(r['Unique Key'])?.code).toBe('no-coordinates');
    for (const r of closedBeforeCreated) expect(byKey.get(r['Unique Key'])?.code).toBe('closed-before-created');
    expect(rejects.filter((r) => r.code === 'no-coordinates').length).toBe(noPoint.length);
    expect(noPoint.length).toBe(87); // as SOURCE.md states
    expect(closedBeforeCreated.length).toBeGreaterThan(0);

    afterFirst = await counts();
    expect(afterFirst.cases).toBe(s.imported);
  });

  it('a second import of the same file adds nothing', async () => {
    const again = await cli('import', 'cases', SAMPLE, '--preset', 'nyc311');
    expect(again.stdout).not.toMatch(/resuming/);
    const s = summaryOf(again.stdout);
    expect(s).toMatchObject({ read: rows.length, added: 0 });
    expect(s.duplicate).toBe(afterFirst.events);
    expect(await counts()).toEqual(afterFirst);
  });

  it('an admin uploads the file with the preset; progress streams as server-sent events; the rejects file downloads', async () => {
    server = await startServer({ dataDir, env: NYC_ENV });
    const api = new Api(() => server!.url);
    const token = await api.adminToken();
    const upload = (fields: Record<string, string>, file = true) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      if (file) form.set('file', new Blob([readFileSync(SAMPLE)]), 'nyc311.csv');
      return fetch(`${server!.url}/api/v1/imports/cases`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    };

    const bad = await upload({ mapping: JSON.stringify({ source: 'x' }) });
    expect(bad.status).toBe(400);
    expect(messageOf(await bad.json())).toContain('mapping.columns');
    expect((await upload({ preset: 'nyc311' }, false)).status).toBe(400);
    const anonymous = await fetch(`${server.url}/api/v1/imports/cases`, { method: 'POST', body: new FormData() });
    expect(anonymous.status).toBe(401);

    const started = await upload({ preset: 'nyc311' });
    expect(started.status).toBe(201);
    const job = (await started.json()) as ImportJob;
    const events = await fetch(`${server.url}/api/v1/imports/${job.id}/events`, { headers: { authorization: `Bearer ${token}` } });
    expect(events.headers.get('content-type')).toMatch(/text\/event-stream/);
    const frames = parseSse(await events.text()).events.filter((e) => e.event === 'progress').map((e) => JSON.parse(e.data) as ImportJob);
    expect(frames.length).toBeGreaterThan(0);
    const last = frames[frames.length - 1];
    expect(last).toMatchObject({ id: job.id, state: 'done', rowsRead: rows.length, eventsAdded: 0 });
    for (const f of frames) expect(f.rowsRead).toBe(f.rowsImported + f.rowsRejected);

    const status = await api.getOk<ImportJob>(`/api/v1/imports/${job.id}`);
    expect(status).toMatchObject({ state: 'done', rowsRead: rows.length, rowsImported: afterFirst.cases, eventsAdded: 0, source: 'nyc311' });
    const rejects = await fetch(`${server.url}/api/v1/imports/${job.id}/rejects.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(rejects.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await rejects.text()).toBe(firstRejects);
    await server.stop();
    server = null;
    expect(await counts()).toEqual(afterFirst);
  });

  it('places each case in the borough its record names, except near a boundary', async () => {
    const borough = new Map(rows.map((r) => [`nyc311-${r['Unique Key']}`, r.Borough]));
    const placed = await withDb((db) =>
      db.query<{ case_id: string; district: string | null; named_near: boolean | null; name: string | null }>(
        `SELECT c.case_id, c.district_code AS district, upper(d.name_en) AS name,
                (SELECT bool_or(ST_DWithin(c.geom::geography, n.geom::geography, 1000)) FROM region n
                  WHERE n.level = 'district' AND upper(n.name_en) = $1::jsonb ->> c.case_id) AS named_near
           FROM cases c LEFT JOIN region d ON d.code = c.district_code
          WHERE c.case_id LIKE 'nyc311-%'`,
        [JSON.stringify(Object.fromEntries(borough))],
      ),
    );
    expect(placed.length).toBe(afterFirst.cases);
    let agree = 0;
    for (const c of placed) {
      expect(c.district, c.case_id).not.toBeNull();
      if (c.named_near === null) continue; // the record names no borough the city has (e.g. "Unspecified")
      if (c.name === borough.get(c.case_id)) agree += 1;
      else expect(c.named_near, `${c.case_id} placed in ${c.name}, record says ${borough.get(c.case_id)}`).toBe(true);
    }
    expect(agree / placed.length).toBeGreaterThan(0.95);
  });
});
