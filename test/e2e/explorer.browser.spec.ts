/**
 * The explorer (/explore) in headless Chromium against the built server: the Gi* layer with its legend and method
 * and a hot cell drawn where a planted cluster is; a shareable URL restoring the same view; playback stepping the
 * slider without a request storm; the CSV / GeoJSON / PNG exports, the CSV's rows equal to the API's answer.
 *
 * Data: ~300 generated cases over the last six days around the districts' anchors, plus a cluster of 45 reports
 * within ~60 m of CLUSTER (one H3 cell at resolution 8). The page exposes what it drew as data-* attributes of
 * [data-testid=explore] (area, cells, hot, bins, drawn-url, busy, requests, pos); the tests wait on those, never
 * on time. Screenshots: test-artifacts/screenshots/explore-*.
 */
import { readFileSync } from 'node:fs';
import { WebMercatorViewport } from '@deck.gl/core';
import type { EmergingResponse, HotspotResponse } from '@gridlens/contracts';
import { latLngToCell } from 'h3-js';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { periodInstants, sliderWindow } from '../../apps/web/src/lib/explore/slider';
import { parseView } from '../../apps/web/src/lib/explore/url-state';
import { addDays, dayOf } from '../../apps/web/src/lib/state/time-window';
import { BrowserSession, describeBrowser, signIn, type TestPage } from '../support/browser';
import { Api } from '../support/e2e-harness';
import { batches, factoryCategories, generateDataset, isoCst, prng } from '../support/event-factory';
import { decodePng } from '../support/png';
import { startServer, TEST_ADMIN_PASSWORD, type ServerProcess } from '../support/server-process';

const TZ = 'Asia/Shanghai';
const CLUSTER: [number, number] = [119.925, 31.762];

describeBrowser('the explorer in headless Chromium: Gi* layer, shareable URL, playback, exports (pglite)', () => {
  let server: ServerProcess;
  let api: Api;
  let browser: BrowserSession;
  let today: string;
  let clusterCategory: string;
  let tp: TestPage | null = null;

  beforeAll(async () => {
    const [launched, started] = await Promise.allSettled([BrowserSession.launch(), startServer()]);
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'fulfilled') server = started.value;
    for (const r of [launched, started]) if (r.status === 'rejected') throw r.reason;
    api = new Api(() => server.url);
    const now = Date.now();
    today = dayOf(now, TZ);
    const categories = factoryCategories(await api.categories());
    const data = generateDataset({ seed: 4747, cases: 300, now, categories, spanHours: 6 * 24, idPrefix: 'explore' });
    for (const part of batches(data.events, 2000)) expect((await api.ingestOk(part)).rejected).toEqual([]);
    clusterCategory = categories[0].code;
    const rand = prng(99);
    const todayStart = Date.parse(`${today}T00:00:00+08:00`);
    const cluster = Array.from({ length: 45 }, (_, i) => ({
      eventId: `explore-cluster-${i}`,
      caseId: `explore-cluster-${i}`,
      type: 'reported',
      // A third of the cluster today (local), so the last daily step is hot at any hour, also just after midnight.
      at: isoCst(i < 15 ? todayStart + Math.floor(rand() * Math.max(0, now - 1000 - todayStart)) : now - (1 + Math.floor(rand() * 4 * 24)) * 3600_000),
      category: clusterCategory,
      lon: CLUSTER[0] + (rand() - 0.5) * 0.001,
      lat: CLUSTER[1] + (rand() - 0.5) * 0.001,
      source: 'hotline',
    }));
    expect((await api.ingestOk(cluster)).accepted).toBe(45);
  });

  afterEach(async () => {
    const page = tp;
    tp = null;
    await page?.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openExplore(name: string, search = ''): Promise<TestPage> {
    tp = await browser.open(`explore-${name}`);
    await signIn(tp, server.url, 'admin', TEST_ADMIN_PASSWORD);
    await tp.page.goto(`${server.url}/explore${search}`);
    await tp.byTestId('explore').waitFor({ state: 'visible' });
    return tp;
  }

  const attr = (page: TestPage, name: string) => page.byTestId('explore').getAttribute(`data-${name}`).then((v) => v ?? '');

  /** Waits until the page drew an answer of `area` and nothing is loading; returns the URL it drew. */
  async function drawn(page: TestPage, area: string, urlPart = ''): Promise<string> {
    await expect
      .poll(async () => (await attr(page, 'area')) === area && (await attr(page, 'busy')) === 'false' && (await attr(page, 'drawn-url')).includes(urlPart), { timeout: 60_000, interval: 200 })
      .toBe(true);
    return attr(page, 'drawn-url');
  }

  async function hotspotsOf(url: string): Promise<HotspotResponse> {
    return api.getOk<HotspotResponse>(url);
  }

  /** The map canvas alone (panels hidden) as an image, with the view the URL holds. */
  async function canvasImage(page: TestPage, step: string) {
    const style = await page.page.addStyleTag({ content: '[data-testid="explore"] aside, [data-testid="explore"] .bottom { visibility: hidden !important; }' });
    try {
      const canvas = page.page.locator('[data-testid="explore"] canvas').first();
      const box = (await canvas.boundingBox())!;
      return { image: decodePng(await page.page.screenshot({ clip: box, path: `test-artifacts/screenshots/explore-${step}-canvas.png` })), box };
    } finally {
      await style.evaluate((node) => node.parentNode?.removeChild(node));
    }
  }

  it('switches to the Gi* layer: legend with 99/95/90 %, the method with n, and a hot cell drawn at the cluster', async () => {
    const page = await openExplore('gi', '?layer=h3');
    await drawn(page, 'counts');
    await page.byTestId('layer-hotspots').check();
    const url = await drawn(page, 'hotspots', '/api/v1/hotspots');
    const answer = await hotspotsOf(url);
    const clusterCell = latLngToCell(CLUSTER[1], CLUSTER[0], 8);
    expect(answer.cells.find((c) => c.id === clusterCell)?.bin).toBe(3);

    const method = await page.byTestId('explore-method').innerText();
    expect(method).toContain('Getis–Ord Gi*');
    expect(method).toContain(`${answer.n} 个单元`);
    expect(method).toContain('1 环邻域');
    const legend = page.byTestId('explore-legend');
    expect(await legend.locator('li[data-bin]').count()).toBe(7);
    for (const c of [99, 95, 90]) expect(await legend.innerText()).toContain(`${c}%`);
    expect(await legend.locator('li[data-bin="3"]').getAttribute('class')).toContain('seen');

    const hot = answer.cells.filter((c) => c.bin > 0).length;
    expect(Number(await attr(page, 'hot'))).toBe(hot);
    expect(hot).toBeGreaterThan(0);
    expect(Number(await attr(page, 'cells'))).toBe(answer.cells.filter((c) => c.count > 0 || c.bin !== 0).length);
    expect((await attr(page, 'bins')).split(',').map(Number)).toEqual([...new Set(answer.cells.map((c) => c.bin))].sort((a, b) => b - a));

    // The cluster's pixel turns the 99 % hot red once the frame with the cells is drawn.
    const at = parseView(new URL(page.page.url()).search, today).centre!;
    await expect
      .poll(async () => {
        const { image, box } = await canvasImage(page, 'gi');
        const viewport = new WebMercatorViewport({ longitude: at.lon, latitude: at.lat, zoom: at.zoom, width: box.width, height: box.height });
        const [x, y] = viewport.project(CLUSTER).map(Math.round);
        const i = (y * image.width + x) * 4;
        const [r, g, b] = [image.data[i], image.data[i + 1], image.data[i + 2]];
        return r > 150 && r > b + 60 && r > g + 30;
      }, { timeout: 30_000, interval: 500 })
      .toBe(true);
    await page.screenshot('gi-layer');
  });

  it('emerging hotspots: the legend names every pattern, draws the patterns of the API answer, a pattern click selects its cell', async () => {
    const page = await openExplore('emerging', '?layer=emerging');
    const url = await drawn(page, 'emerging', '/api/v1/hotspots/emerging');
    const answer = await api.getOk<EmergingResponse>(url);
    const legend = page.byTestId('explore-legend');
    const names = await legend.locator('li[data-pattern]').allInnerTexts();
    expect(names.map((n) => n.replace(/\s*\(\d+\)$/, '').trim())).toEqual(['新增热点', '连续热点', '加剧热点', '持续热点', '减弱热点', '零星热点', '振荡热点', '历史热点']);
    expect(await attr(page, 'patterns')).toBe([...new Set(answer.cells.filter((c) => c.pattern !== 'none').map((c) => c.pattern))].sort().join(','));
    expect(Number(await attr(page, 'cells'))).toBe(answer.cells.filter((c) => c.pattern !== 'none').length);
    const hot = answer.cells.filter((c) => c.hot === true);
    expect(hot.length).toBeGreaterThan(0);
    const pattern = hot[0].pattern;
    const strongest = hot.filter((c) => c.pattern === pattern).sort((a, b) => b.trend.z - a.trend.z)[0];
    await legend.locator(`li[data-pattern="${pattern}"] button`).click();
    await expect.poll(() => page.byTestId('explore-drill').getAttribute('data-id')).toBe(strongest.id);
    await expect.poll(() => new URL(page.page.url()).searchParams.get('sel')).toBe(strongest.id);
    await page.screenshot('emerging');
  });

  it('restores the whole view from a shared URL, and the same URL opens the same state again', async () => {
    const sel = latLngToCell(CLUSTER[1], CLUSTER[0], 7);
    const from = addDays(today, -6);
    const search = `?layer=hotspots&res=7&k=2&fdr=1&period=${from}~${today}&w=week&pos=0&cat=${clusterCategory}&at=119.93,31.76,10.5&sel=${sel}`;
    const page = await openExplore('share', search);
    const url = await drawn(page, 'hotspots', 'resolution=7');
    expect(url).toContain('k=2');
    expect(url).toContain('fdr=true');
    expect(url).toContain(`categories=${clusterCategory}`);
    expect(await page.byTestId('layer-hotspots').isChecked()).toBe(true);
    expect(await page.byTestId('explore-res').inputValue()).toBe('7');
    expect(await page.byTestId('explore-k').inputValue()).toBe('2');
    expect(await page.byTestId('explore-fdr').isChecked()).toBe(true);
    expect(await page.byTestId('slider-width').inputValue()).toBe('week');
    expect(await page.byTestId('explore-category').inputValue()).toBe(clusterCategory);
    await expect.poll(() => page.byTestId('explore-drill').getAttribute('data-id')).toBe(sel);
    await expect.poll(async () => Number(await page.byTestId('explore-drill').getAttribute('data-cases')), { timeout: 30_000 }).toBeGreaterThanOrEqual(45);
    const expected = parseView(search, today);
    expect(parseView(new URL(page.page.url()).search, today)).toEqual(expected);
    await page.screenshot('shared-view');

    const shared = page.page.url();
    const second = await browser.open('explore-share-again');
    try {
      await signIn(second, server.url, 'admin', TEST_ADMIN_PASSWORD);
      await second.page.goto(shared);
      expect(await drawn(second, 'hotspots', 'resolution=7')).toBe(url);
      expect(parseView(new URL(second.page.url()).search, today)).toEqual(expected);
      expect(await attr(second, 'hot')).toBe(await attr(page, 'hot'));
    } finally {
      await second.close();
    }
  });

  it('plays the slider: each step draws its own day, one request per shown step at most', async () => {
    // 14 positions at 2× (half a second each): pausing after the third step leaves seconds before the end.
    const period = { from: addDays(today, -13), to: today };
    const page = await openExplore('play', `?layer=h3&period=${period.from}~${period.to}`);
    await drawn(page, 'counts', '/api/v1/grid');
    const before = Number(await attr(page, 'requests'));
    await page.byTestId('slider-speed').selectOption('2');
    await page.byTestId('slider-play').click();
    await expect.poll(async () => Number(await page.byTestId('time-slider').getAttribute('data-pos')), { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(3);
    await page.byTestId('slider-play').click();
    await expect.poll(() => page.byTestId('time-slider').getAttribute('data-playing')).toBe('false');
    const pos = Number(await page.byTestId('time-slider').getAttribute('data-pos'));
    const day = periodInstants(sliderWindow(period, 'day', pos), TZ);
    const url = await drawn(page, 'counts', `from=${encodeURIComponent(day.from)}`);
    expect(url).toContain(`to=${encodeURIComponent(day.to)}`);
    expect(await page.byTestId('slider-window').innerText()).toContain(addDays(period.from, pos));
    expect(new URL(page.page.url()).searchParams.get('pos')).toBe(String(pos));
    expect(Number(await attr(page, 'requests')) - before).toBeLessThanOrEqual(pos + 1);
    await page.screenshot('playback');
  });

  it('exports the drawn cells as CSV and GeoJSON equal to the API answer, and the map as PNG', async () => {
    const page = await openExplore('export', '?layer=hotspots');
    const url = await drawn(page, 'hotspots', '/api/v1/hotspots');
    const answer = await hotspotsOf(url);
    const expected = answer.cells.filter((c) => c.count > 0 || c.bin !== 0);

    const [csvDownload] = await Promise.all([page.page.waitForEvent('download'), page.byTestId('export-csv').click()]);
    const csv = readFileSync((await csvDownload.path())!, 'utf8').replace(/^\ufeff/, '').trimEnd().split('\r\n');
    expect(csv[0]).toBe('id,lon,lat,count,z,p,bin,wkt');
    const rows = csv.slice(1).map((line) => line.split(','));
    expect(rows.map((r) => r[0])).toEqual(expected.map((c) => c.id));
    expect(rows.map((r) => [Number(r[3]), Number(r[4]), Number(r[5]), Number(r[6])])).toEqual(expected.map((c) => [c.count, c.z, c.p, c.bin]));

    const [geoDownload] = await Promise.all([page.page.waitForEvent('download'), page.byTestId('export-geojson').click()]);
    const geo = JSON.parse(readFileSync((await geoDownload.path())!, 'utf8')) as { features: { properties: { id: string; bin: number }; geometry: { type: string } }[] };
    expect(geo.features.map((f) => [f.properties.id, f.properties.bin])).toEqual(expected.map((c) => [c.id, c.bin]));
    expect(geo.features.every((f) => f.geometry.type === 'Polygon')).toBe(true);

    const [pngDownload] = await Promise.all([page.page.waitForEvent('download'), page.byTestId('export-png').click()]);
    const png = decodePng(readFileSync((await pngDownload.path())!));
    expect(png.width).toBeGreaterThan(500);
    let coloured = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i + 3] > 0 && png.data[i] > 150 && png.data[i] > png.data[i + 2] + 60) coloured++;
    expect(coloured).toBeGreaterThan(0); // the hot cells are in the exported image
    await page.screenshot('exports');
  });
});
