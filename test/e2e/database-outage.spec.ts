import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, TEST_ADMIN_PASSWORD, TEST_INGEST_KEY, type ServerProcess } from '../support/server-process';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { createScratchDatabase, testDatabaseUrl, postgresSuitesEnabled } from '../support/test-databases';

// The real PostgreSQL behind a proxy we can cut: ingest must answer 503 (never 200 for events it did not commit)
// and recover by itself when the database returns.
describe.runIf(postgresSuitesEnabled())('database outage on postgres', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let proxy: TcpProxy;
  let server: ServerProcess;

  beforeAll(async () => {
    const base = new URL(testDatabaseUrl() ?? 'postgres://postgres@127.0.0.1:5432/test');
    scratch = await createScratchDatabase();
    proxy = await startTcpProxy({ host: base.hostname, port: Number(base.port || 5432) });
    const viaProxy = new URL(scratch.url);
    viaProxy.port = String(proxy.port);
    server = await startServer({ databaseUrl: viaProxy.toString() });
  });
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await scratch?.drop();
  });

  const post = (events: unknown[]) =>
    fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
  const report = (id: string) => ({
    eventId: id, caseId: id, type: 'reported', at: new Date(Date.now() - 60_000).toISOString(),
    category: 'E0505', lon: 119.97, lat: 31.78, source: 'public',
  });

  it('answers 503 while the database is away, commits nothing, and recovers when it returns', async () => {
    expect(testDatabaseUrl() ?? (process.env.CI ? 'missing' : 'local')).toBeTruthy();
    const before = await post([report('before')]);
    expect(await before.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });

    await proxy.cut();
    const during = await post([report('during')]);
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('5');
    expect(((await during.json()) as { message: string }).message).toMatch(/database unavailable.*nothing was committed, retry later/);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(503);

    await proxy.restore();
    // The same event again: accepted, not a duplicate, so nothing of it was committed during the outage.
    const after = await post([report('during'), report('before')]);
    expect(await after.json()).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
  });
});
