import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../support/server-process';

interface Health {
  status: string;
  seq: number;
  demo: { state: 'off' } | { state: 'backfilling'; done: number; total: number } | { state: 'live'; events: number };
}

/** `npm start` on an empty embedded database: the demo city, the start banner, and a restart that resumes. */
describe('demo mode, end to end, on pglite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gridlens-demo-e2e-'));
  // A short history (about 2.4 hours) keeps the test quick; the admin password is left to be generated.
  const env = { DEMO: 'on', DEMO_HISTORY_DAYS: '0.1', ADMIN_PASSWORD: '', LOG_LEVEL: 'log' };
  let server: ServerProcess;
  const health = async () => (await (await fetch(`${server.url}/api/health`)).json()) as Health;

  beforeAll(async () => {
    server = await startServer({ dataDir, env });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the dashboard URL and the generated admin password, which signs in', async () => {
    // The banner follows the GRIDLENS_LISTENING line the start helper waits for.
    await expect.poll(() => server.output(), { timeout: 10_000 }).toContain(`gridlens is running: http://127.0.0.1:${server.port}/`);
    const password = /sign in as admin, password: (\S+)/.exec(server.output())?.[1];
    expect(password).toBeTruthy();
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    expect(server.output()).toMatch(/demo city: backfilling 0\.1 days of simulated history/);
  });

  it('answers while it backfills, then goes live with the history in the log', async () => {
    expect(['backfilling', 'live']).toContain((await health()).demo.state);
    await expect.poll(async () => (await health()).demo.state, { timeout: 60_000, interval: 200 }).toBe('live');
    const { seq } = await health();
    expect(seq).toBeGreaterThan(0);
    const done = /demo backfill done: (\d+) events in [\d.]+ s \(\d+ events\/s\)/.exec(server.output());
    expect(Number(done?.[1])).toBeGreaterThan(0);
    expect(seq).toBeGreaterThanOrEqual(Number(done?.[1])); // live events may have followed
  });

  it('after a restart, resumes the same stream instead of starting another', async () => {
    const before = (await health()).seq;
    await server.stop();
    server = await startServer({ dataDir, env });
    expect(server.output()).toContain('demo: resuming the simulated city');
    expect(server.output()).not.toMatch(/sign in as admin, password/); // the account exists: no new password
    await expect.poll(async () => (await health()).demo.state, { timeout: 60_000, interval: 200 }).toBe('live');
    expect((await health()).seq).toBeGreaterThanOrEqual(before);
  });
});
