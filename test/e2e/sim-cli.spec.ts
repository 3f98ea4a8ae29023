import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_INGEST_KEY, startServer, type ServerProcess } from '../support/server-process';

const run = promisify(execFile);
const cli = (...args: string[]) => run(process.execPath, [resolve('dist/apps/sim/cli.js'), ...args], { timeout: 60_000 });

/** `npm run sim -- …` is `node dist/apps/sim/cli.js …` (built by `npm run build`): it drives a running server. */
describe('the simulator CLI against the built server (PGlite)', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('streams live events at the rate asked for; every one is accepted and gets a seq', async () => {
    const { stdout } = await cli('--url', server.url, '--key', TEST_INGEST_KEY, '--rate', '50', '--duration', '5s', '--seed', 'e2e');
    const summary = /summary: sent=(\d+) accepted=(\d+) duplicates=(\d+) rejected=(\d+)/.exec(stdout);
    expect(summary, stdout).not.toBeNull();
    const [sent, accepted, duplicates, rejected] = summary!.slice(1).map(Number);
    expect(rejected, stdout).toBe(0);
    expect(duplicates).toBe(0);
    expect(accepted).toBeGreaterThan(0);
    expect(sent).toBe(accepted);
    // About 50 events/s for 5 s.
    expect(accepted).toBeGreaterThan(150);
    expect(accepted).toBeLessThanOrEqual(260);
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { seq: number };
    expect(health.seq).toBe(accepted);
  });

  it('names the flag at fault and exits non-zero', async () => {
    const failure = await cli('--url', server.url, '--key', TEST_INGEST_KEY, '--rate', 'fast').then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain('--rate');
    const unknown = await cli('--url', server.url, '--key', TEST_INGEST_KEY, '--speed', '9').catch((e: { code: number; stderr: string }) => e);
    expect((unknown as { code: number }).code).toBe(2);
    expect((unknown as { stderr: string }).stderr).toContain('--speed');
  });

  it('says so when the key is wrong (401) and when the server is unreachable', async () => {
    const wrongKey = await cli('--url', server.url, '--key', 'not-the-key', '--duration', '2s').catch((e: { code: number; stderr: string }) => e);
    expect((wrongKey as { code: number }).code).toBe(1);
    expect((wrongKey as { stderr: string }).stderr).toMatch(/401.*--key/);
    const unreachable = await cli('--url', 'http://127.0.0.1:9', '--key', 'k', '--duration', '2s').catch((e: { code: number; stderr: string }) => e);
    expect((unreachable as { code: number }).code).toBe(1);
    expect((unreachable as { stderr: string }).stderr).toMatch(/cannot reach the server at http:\/\/127\.0\.0\.1:9/);
  });
});
