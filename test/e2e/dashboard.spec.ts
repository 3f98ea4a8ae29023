import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, TEST_ADMIN_PASSWORD, TEST_INGEST_KEY, type ServerProcess } from '../support/server-process';

// The server serves the built dashboard (`npm run build` builds it) at / and for the app's own routes.
describe('the dashboard and a case\'s detail over HTTP on pglite', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server?.stop());

  it('shows one case with its timeline to signed-in users only', async () => {
    const at = (m: number) => new Date(Date.now() - (60 - m) * 60_000).toISOString();
    const ingest = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [
        { eventId: 'd1', caseId: 'D', type: 'reported', at: at(0), category: 'C0101', lon: 119.97, lat: 31.78, source: 'hotline' },
        { eventId: 'd2', caseId: 'D', type: 'registered', at: at(1) },
      ] }),
    });
    expect(((await ingest.json()) as { accepted: number }).accepted).toBe(2);
    expect((await fetch(`${server.url}/api/v1/cases/D`)).status).toBe(401);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const detail = (await (await fetch(`${server.url}/api/v1/cases/D`, { headers: auth })).json()) as { status: string; timer: { colour: string; budgetMinutes: number }; timeline: { eventId: string }[] };
    expect(detail.status).toBe('registered');
    expect(detail.timer).toMatchObject({ colour: 'green', budgetMinutes: 360 });
    expect(detail.timeline.map((e) => e.eventId)).toEqual(['d1', 'd2']);
    const missing = await fetch(`${server.url}/api/v1/cases/nope`, { headers: auth });
    expect([missing.status, ((await missing.json()) as { message: string }).message]).toEqual([404, 'caseId: no case "nope"']);
  });

  it('answers / and app routes with the app, and leaves the API and missing files alone', async () => {
    const root = await fetch(`${server.url}/`);
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toMatch(/text\/html/);
    const html = await root.text();
    expect(html).toMatch(/<div id="app"|<script type="module"/);
    const route = await fetch(`${server.url}/wall`);
    expect([route.status, await route.text()]).toEqual([200, html]);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    expect((await fetch(`${server.url}${script}`)).status).toBe(200);
    expect((await fetch(`${server.url}/assets/nope.js`)).status).toBe(404);
    const api = await fetch(`${server.url}/api/v1/nope`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/application\/json/);
  });
});
