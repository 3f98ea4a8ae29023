/**
 * Time from request to the first frame drawn, for the map's case points in headless Chromium (issue 4 §8):
 * Arrow + deck.gl binary attributes (the dashboard's own code) versus JSON objects with accessors.
 *
 *   measureFirstFrame({ baseUrl, token, query, runs, view }) → FirstFrame (plain numbers)
 *
 * - `baseUrl`, `token`, `query` as measureArrowVsJson (bench/lib/arrow-vs-json.ts): a running gridlens server, a
 *   bearer token, the parameters of `GET /api/v1/cases` other than `format`; `runs` per mode (default 3);
 *   `view`: the map's view (default: Changzhou's urban districts at zoom 10, 1280×800 CSS pixels).
 * - The page is bench/first-frame/ (index.html + entry.ts, bundled here with esbuild into dist/bench/first-frame/,
 *   never part of the web app's bundle). Playwright serves it at `<baseUrl>/__bench/…` (page.route), so its
 *   requests to the API are same-origin and go straight to the real server.
 * - Each run is a fresh page: the Deck is created first (not timed), then the clock runs from `fetch` to deck's
 *   `onAfterRender` with all points in the layer (+ `gl.finish()`); modes alternate run by run.
 * - Chromium: /usr/bin/chromium (CHROMIUM_PATH), headless, the flags of test/support/browser.ts (no GPU: deck.gl
 *   draws with SwiftShader, so drawing itself is slow and the same for both modes).
 * Returns the medians (p50) per mode and phase, and the ratio Arrow / JSON of the totals.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { percentile } from './stats';

export interface FirstFrameOptions {
  baseUrl: string;
  token: string;
  query: Record<string, string>;
  runs?: number;
  view?: { longitude: number; latitude: number; zoom: number };
}

export interface FirstFramePhases {
  fetchMs: number;
  decodeMs: number;
  drawMs: number;
}

export interface FirstFrame {
  points: number;
  runs: number;
  /** request start → first frame drawn, p50 */
  arrowMs: number;
  jsonMs: number;
  /** arrowMs / jsonMs */
  ratio: number;
  arrow: FirstFramePhases;
  json: FirstFramePhases;
}

interface PageResult extends FirstFramePhases {
  mode: 'arrow' | 'json';
  points: number;
  totalMs: number;
}

/** The flags test/support/browser.ts launches Chromium with (copied: that module imports vitest). */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DEFAULT_VIEW = { longitude: 119.95, latitude: 31.775, zoom: 10.5, pitch: 0, bearing: 0 };

/** Bundles the bench page (browser ESM, minified, like a production build) and returns its two files. */
async function bundlePage(): Promise<{ html: string; js: string }> {
  const outfile = resolve('dist/bench/first-frame/entry.js');
  await build({
    entryPoints: [resolve('bench/first-frame/entry.ts')],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    tsconfig: resolve('tsconfig.base.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  return { html: readFileSync(resolve('bench/first-frame/index.html'), 'utf8'), js: readFileSync(outfile, 'utf8') };
}

export async function measureFirstFrame({ baseUrl, token, query, runs = 3, view = DEFAULT_VIEW }: FirstFrameOptions): Promise<FirstFrame> {
  const page = await bundlePage();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const results: PageResult[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    await context.route(`${baseUrl}/__bench/**`, (route) => {
      const js = route.request().url().endsWith('.js');
      return route.fulfill({ status: 200, contentType: js ? 'text/javascript' : 'text/html', body: js ? page.js : page.html });
    });
    for (let run = 0; run < runs; run++) {
      for (const mode of run % 2 === 0 ? (['arrow', 'json'] as const) : (['json', 'arrow'] as const)) {
        const tab = await context.newPage();
        const errors: string[] = [];
        tab.on('pageerror', (e) => errors.push(e.message));
        try {
          await tab.goto(`${baseUrl}/__bench/first-frame.html`);
          await tab.waitForFunction(() => (window as unknown as { firstFrameReady?: boolean }).firstFrameReady === true, null, { timeout: 60_000 });
          const url = `${baseUrl}/api/v1/cases?${new URLSearchParams({ ...query, format: mode })}`;
          const result = await tab.evaluate(
            (request) => (window as unknown as { firstFrame(r: unknown): Promise<PageResult> }).firstFrame(request),
            { mode, url, token, view: { pitch: 0, bearing: 0, ...view } },
          );
          results.push(result);
        } catch (e) {
          throw new Error(`first frame (${mode}, run ${run + 1}): ${e instanceof Error ? e.message : String(e)}${errors.length ? `\npage errors: ${errors.join('\n')}` : ''}`);
        } finally {
          await tab.close();
        }
      }
    }
  } finally {
    await browser.close();
  }
  const of = (mode: 'arrow' | 'json') => results.filter((r) => r.mode === mode);
  const p50 = (rs: PageResult[], key: 'fetchMs' | 'decodeMs' | 'drawMs' | 'totalMs') => percentile(rs.map((r) => r[key]), 50);
  const phases = (rs: PageResult[]): FirstFramePhases => ({ fetchMs: p50(rs, 'fetchMs'), decodeMs: p50(rs, 'decodeMs'), drawMs: p50(rs, 'drawMs') });
  const counts = new Set(results.map((r) => r.points));
  if (counts.size !== 1) throw new Error(`the runs drew different numbers of points: ${[...counts].join(', ')}`);
  const arrowMs = p50(of('arrow'), 'totalMs');
  const jsonMs = p50(of('json'), 'totalMs');
  return { points: results[0].points, runs, arrowMs, jsonMs, ratio: arrowMs / jsonMs, arrow: phases(of('arrow')), json: phases(of('json')) };
}
