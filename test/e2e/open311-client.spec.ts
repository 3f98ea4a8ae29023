/**
 * `import open311 URL` against gridlens's own Open311 server (no network beyond 127.0.0.1): server A is the feed,
 * the CLI pulls it into a second database B. Checked: every request arrives as a case with the same category,
 * status, point and report time; a pull after changes on A takes only what changed (its high-water mark), a pull
 * with nothing new adds nothing, and a pull from the beginning again adds nothing (deterministic event ids).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Open311Request } from '@gridlens/contracts';
import { Api } from '../support/e2e-harness';
import { ZHONGLOU, plain, reported } from '../support/ingest-cases';
import { getText, launchWithEnv, runCli, type Open311Server } from '../support/open311';
import { startServer } from '../support/server-process';

const HOUR = 3600_000;

interface PullFigures {
  read: number;
  imported: number;
  rejected: number;
  added: number;
  duplicate: number;
  mark: string;
}

function figures(output: string): PullFigures {
  const rows = /requests read (\d+) = imported (\d+) \+ rejected (\d+)/.exec(output);
  const events = /events added (\d+), already there (\d+)/.exec(output);
  const mark = /high-water mark: (\S+)/.exec(output);
  if (!rows || !events || !mark) throw new Error(`no summary in the CLI output:\n${output}`);
  return { read: +rows[1], imported: +rows[2], rejected: +rows[3], added: +events[1], duplicate: +events[2], mark: mark[1] };
}

describe('the Open311 client (import open311) pulling from a gridlens server', () => {
  let source: Open311Server;
  let sourceApi: Api;
  let targetDir: string;
  let now: number;
  const pull = (...extra: string[]) => runCli(['import', 'open311', `${source.url}/open311/v2`, ...extra], { DATABASE_URL: '', DATA_DIR: targetDir });

  /** The target's requests (via its own Open311 feed): start it on B's data, read, stop (PGlite: one process). */
  async function targetRequests(): Promise<Open311Request[]> {
    const target = await startServer({ dataDir: targetDir });
    try {
      const r = await getText(`${target.url}/open311/v2/requests.json?updated_after=1970-01-01T00:00:00Z`);
      expect(r.status, r.text).toBe(200);
      return r.body as Open311Request[];
    } finally {
      await target.stop();
    }
  }

  async function sourceRequests(): Promise<Open311Request[]> {
    const r = await getText(`${source.url}/open311/v2/requests.json?updated_after=1970-01-01T00:00:00Z`);
    return r.body as Open311Request[];
  }

  beforeAll(async () => {
    targetDir = mkdtempSync(join(tmpdir(), 'gridlens-open311-target-'));
    source = await launchWithEnv('pglite', {});
    sourceApi = new Api(() => source.url);
    now = Date.now();
    await sourceApi.ingestOk([
      reported('X1', 'X1-0', now - 5 * HOUR),
      plain('X1', 'X1-1', 'registered', now - 5 * HOUR + 60_000),
      reported('X2', 'X2-0', now - 4 * HOUR),
      plain('X2', 'X2-1', 'registered', now - 4 * HOUR + 60_000),
      plain('X2', 'X2-2', 'closed', now - 3 * HOUR),
      reported('X3', 'X3-0', now - 2 * HOUR, { category: 'E0101', lon: ZHONGLOU[0], lat: ZHONGLOU[1] }),
    ]);
  });
  afterAll(async () => {
    await source?.close();
    if (targetDir) rmSync(targetDir, { recursive: true, force: true });
  });

  it('takes every request of the feed as a case with the same category, status, point and report time', async () => {
    const first = figures(await pull());
    // X1 open: reported + registered; X2 closed: reported, registered, closed; X3 (only reported there): reported +
    // registered (an open request is a received one).
    expect(first).toMatchObject({ read: 3, imported: 3, rejected: 0, added: 7, duplicate: 0 });
    const fed = await sourceRequests();
    expect(Date.parse(first.mark)).toBe(Math.max(...fed.map((q) => Date.parse(q.updated_datetime))));

    const got = await targetRequests();
    expect(got.map((q) => q.service_request_id).sort()).toEqual(['open311-X1', 'open311-X2', 'open311-X3']);
    for (const theirs of fed) {
      const ours = got.find((q) => q.service_request_id === `open311-${theirs.service_request_id}`)!;
      expect(ours.service_code).toBe(theirs.service_code);
      expect(ours.status).toBe(theirs.status);
      expect([ours.lat, ours.long]).toEqual([theirs.lat, theirs.long]);
      expect(Date.parse(ours.requested_datetime)).toBe(Date.parse(theirs.requested_datetime));
    }
    expect(got.find((q) => q.service_request_id === 'open311-X2')!.status).toBe('closed');
  });

  it('then pulls only what changed since its high-water mark, and a repeated pull adds nothing', async () => {
    await sourceApi.ingestOk([plain('X1', 'X1-2', 'closed', now - HOUR), reported('X4', 'X4-0', now - 30 * 60_000)]);
    const second = figures(await pull());
    // X1: reported + registered already there, closed new; X4: reported + registered new.
    expect(second).toMatchObject({ read: 2, imported: 2, rejected: 0, added: 3, duplicate: 2 });

    const third = figures(await pull());
    expect(third).toMatchObject({ read: 0, imported: 0, rejected: 0, added: 0, duplicate: 0, mark: second.mark });

    const again = figures(await pull('--since', '1970-01-01T00:00:00Z'));
    expect(again).toMatchObject({ read: 4, imported: 4, rejected: 0, added: 0, duplicate: 10 });

    const got = await targetRequests();
    expect(got.map((q) => [q.service_request_id, q.status]).sort()).toEqual([
      ['open311-X1', 'closed'],
      ['open311-X2', 'closed'],
      ['open311-X3', 'open'],
      ['open311-X4', 'open'],
    ]);
  });

  it('refuses a URL that is not one, naming it', async () => {
    await expect(runCli(['import', 'open311', 'not a url'], { DATABASE_URL: '', DATA_DIR: targetDir })).rejects.toThrow(/URL: "not a url" is not a URL/);
  });
});
