import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../support/server-process';

// The server serves the built dashboard (`npm run build` builds it) at / and for the app's own routes.
describe('the dashboard is served at / on pglite', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server?.stop());

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
