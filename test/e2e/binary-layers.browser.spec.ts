/**
 * The dashboard's cell layers from binary data (apps/web/src/lib/map/area-data.ts, layers/area-layers.ts) in headless
 * Chromium: drawn, and a pick or a click at a pixel names the region or grid cell under it (binary data has no
 * `info.object`: MapView reads the picked row through regionAt / cellAt, as this page does). No server: the page
 * (binary-layers.page.ts, bundled here with esbuild) makes its own data.
 */
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BrowserSession, describeBrowser, type TestPage } from '../support/browser';
import type { Picked } from './binary-layers.page';

const ORIGIN = 'http://binary-layers.test';

describeBrowser('binary cell layers in headless Chromium: drawn and picked by row', () => {
  let browser: BrowserSession;
  let js = '';

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [resolve('test/e2e/binary-layers.page.ts')],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      tsconfig: resolve('tsconfig.base.json'),
      logLevel: 'warning',
    });
    js = bundle.outputFiles[0].text;
    browser = await BrowserSession.launch();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(name: string, which: 'choropleth' | 'hexagons'): Promise<TestPage> {
    const tp = await browser.open(`binary-${name}`);
    await tp.page.route(`${ORIGIN}/**`, (route) => {
      const isJs = route.request().url().endsWith('.js');
      return route.fulfill({
        contentType: isJs ? 'text/javascript' : 'text/html',
        body: isJs ? js : '<!doctype html><html><body style="margin:0;background:#000"><script type="module" src="/page.js"></script></body></html>',
      });
    });
    await tp.page.goto(`${ORIGIN}/`);
    await tp.page.waitForFunction(() => window.ready === true);
    await tp.page.evaluate((w) => window.show(w), which);
    return tp;
  }

  const pickAt = (tp: TestPage, [x, y]: [number, number]) => tp.page.evaluate(([px, py]) => window.pickAt(px, py), [x, y] as const);
  const project = (tp: TestPage, lon: number, lat: number) => tp.page.evaluate(([a, b]) => window.project(a, b), [lon, lat] as const);

  it('names the region under a pixel of the choropleth (holes pick nothing) and under a click', async () => {
    const tp = await open('choropleth', 'choropleth');
    try {
      const picks: Picked[] = [];
      for (const lon of [119.85, 119.91, 120.05]) picks.push(await pickAt(tp, await project(tp, lon, 31.75)));
      expect(picks.map((p) => [p.layer, p.region])).toEqual([
        ['region-choropleth', 'r0'],
        ['region-choropleth', 'r1'],
        ['region-choropleth', 'r2'],
      ]);
      expect((await pickAt(tp, await project(tp, 119.95, 31.75))).region, 'the hole in r1').toBeNull();
      expect((await pickAt(tp, await project(tp, 119.5, 31.75))).layer, 'outside every region').toBeNull();
      const [x, y] = await project(tp, 120.05, 31.75);
      // one click, then wait for deck's click event (a second click too soon would make a double click)
      await tp.page.mouse.click(x, y);
      await expect.poll(() => tp.page.evaluate(() => window.clicks.map((c) => c.region)), { timeout: 30_000 }).toEqual(['r2']);
      await tp.screenshot('choropleth');
    } finally {
      await tp.close();
    }
  });

  it('names the grid cell and its count under a pixel of the hexagon layer', async () => {
    const tp = await open('hexagons', 'hexagons');
    try {
      const cells = [];
      for (const row of [0, 1, 2]) {
        const [lon, lat] = await tp.page.evaluate((r) => window.cellCentre(r), row);
        cells.push((await pickAt(tp, await project(tp, lon, lat))).cell);
      }
      expect(cells.map((c) => c && [c.id, c.count])).toEqual([
        ['h:-361:1172', 2],
        ['h:-360:1172', 4],
        ['h:-359:1172', 6],
      ]);
      await tp.screenshot('hexagons');
    } finally {
      await tp.close();
    }
  });
});
