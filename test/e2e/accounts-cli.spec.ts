import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../support/server-process';
import { createScratchDatabase, postgresSuitesEnabled } from '../support/test-databases';

const run = promisify(execFile);

/** `npm run users -- …` is `node dist/apps/server/cli.js users …`: accounts made there sign in to the server. */
describe.runIf(postgresSuitesEnabled())('accounts through the CLI on postgres', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let server: ServerProcess;
  const cli = (...args: string[]) =>
    run(process.execPath, [resolve('dist/apps/server/cli.js'), ...args], { env: { ...process.env, DATABASE_URL: scratch.url, LOG_LEVEL: 'error' } });
  const login = (username: string, password: string) =>
    fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    server = await startServer({ databaseUrl: scratch.url });
  });
  afterAll(async () => {
    await server?.stop();
    await scratch?.drop();
  });

  it('adds, lists and removes accounts; roles and passwords take effect; bad input is named', async () => {
    const added = await cli('users', 'add', 'li.lei', '--role', 'leader');
    const password = /password \(shown once\): (\S+)/.exec(added.stdout)?.[1];
    expect(password).toBeTruthy();
    const ok = await login('li.lei', password!);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { role: string }).role).toBe('leader');

    await cli('users', 'add', 'han.mei', '--role', 'planner', '--password', 'planner-pass-1');
    expect((await login('han.mei', 'planner-pass-1')).status).toBe(200);
    expect((await login('han.mei', 'wrong-password')).status).toBe(401);
    expect((await cli('users', 'list')).stdout).toMatch(/^admin\tadmin\t.*\nhan\.mei\tplanner\t.*\nli\.lei\tleader\t/m);

    await expect(cli('users', 'add', 'x', '--role', 'mayor')).rejects.toMatchObject({ stderr: expect.stringContaining('role: expected planner, leader or admin (got "mayor")') });
    await expect(cli('users', 'add', 'y', '--role', 'planner', '--password', 'short')).rejects.toMatchObject({ stderr: expect.stringContaining('password: at least 8 characters') });

    expect((await cli('users', 'remove', 'li.lei')).stdout).toContain('account li.lei removed');
    expect((await login('li.lei', password!)).status).toBe(401);
    expect((await cli('migrate')).stdout).toContain('migrations are up to date');
  });
});
