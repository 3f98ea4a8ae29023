/**
 * The dashboard in headless Chromium against the built server (issue 3): sign-in in Chinese and English; the map
 * canvas drawn where the cases are (every case point, then the status filter's); every layer switch changing what is
 * drawn, with its legend; the hexagon size control; a clicked hexagon's / region's count equal to the grid / region
 * counts endpoint's; a clicked case's timeline equal to GET /api/v1/cases/{id}; filters (window, district, category,
 * custom days) making the KPI panel equal GET /api/v1/kpis for the same scope.
 *
 * Screen positions: the dashboard fits the view to the city's bbox on load (apps/web view-state fitBbox), so a
 * WGS84 point maps to the same pixel here (nothing pans the map). Pixels come from screenshots of the map's box with
 * every other element hidden. One server and data set for the file (nothing here changes the data after seeding);
 * a fresh browser context per test. Screenshots of each step: test-artifacts/screenshots/.
 */
import { WebMercatorViewport } from '@deck.gl/core';
import { PNG } from 'pngjs';
import type { CaseDetail, CasePointsResponse, GridResponse, KpiSnapshot } from '@gridlens/contracts';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { fitBbox, PANEL_PADDING, unionBbox, type Bbox } from '../../apps/web/src/lib/map/view-state';
import {
  BrowserSession,
  canvasAt,
  clickMap,
  describeBrowser,
  KPI_COUNTS,
  LAYER_KEYS,
  onlyLayers,
  parseCount,
  readKpis,
  setLayer,
  signIn,
  type TestPage,
} from '../support/browser';
import { Api, qs } from '../support/e2e-harness';
import { batches, DISTRICT_ANCHORS, factoryCategories, generateDataset, isoCst, type Dataset } from '../support/event-factory';
import { boxAround, countDifferent, countNonBackground, decodePng, dominantColour, type Image } from '../support/png';
import { startServer, TEST_ADMIN_PASSWORD, type ServerProcess } from '../support/server-process';

const DAY = 86_400_000;
/** The isolated case clicked for its timeline: between two 溧阳 anchors, ~10 km from any generated case. */
const LONE_POINT: [number, number] = [119.3326, 31.5603];

describeBrowser('the dashboard in headless Chromium: sign-in, map, layers, filters, panels (pglite)', () => {
  let server: ServerProcess;
  let api: Api;
  let browser: BrowserSession;
  let data: Dataset;
  let cityBbox: Bbox;
  let now: number;
  let tp: TestPage | null = null;
  const lone = { caseId: 'browser-lone', events: 3 };

  beforeAll(async () => {
    const [launched, started] = await Promise.allSettled([BrowserSession.launch(), startServer()]);
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'fulfilled') server = started.value;
    for (const r of [launched, started]) if (r.status === 'rejected') throw r.reason;
    api = new Api(() => server.url);
    now = Date.now();
    const categories = factoryCategories(await api.categories());
    data = generateDataset({ seed: 6262, cases: 240, now, categories, spanHours: 60, idPrefix: 'browser' });
    for (const part of batches(data.events, 2000)) {
      const result = await api.ingestOk(part);
      expect(result.rejected).toEqual([]);
    }
    const { code: category, department } = categories[0];
    const t = now - 2 * 3600_000;
    const loneResult = await api.ingestOk([
      { eventId: 'browser-lone-0', caseId: lone.caseId, type: 'reported', at: isoCst(t), category, lon: LONE_POINT[0], lat: LONE_POINT[1], source: 'hotline' },
      { eventId: 'browser-lone-1', caseId: lone.caseId, type: 'registered', at: isoCst(t + 10 * 60_000) },
      { eventId: 'browser-lone-2', caseId: lone.caseId, type: 'dispatched', at: isoCst(t + 20 * 60_000), department },
    ]);
    expect(loneResult.accepted, JSON.stringify(loneResult)).toBe(lone.events);
    const cities = (await api.getOk<{ regions: { bbox: Bbox }[] }>('/api/v1/regions?level=city')).regions;
    cityBbox = unionBbox(cities.map((c) => c.bbox))!;
    expect(cityBbox).not.toBeNull();
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

  async function open(name: string): Promise<TestPage> {
    tp = await browser.open(`map-${name}`);
    await signIn(tp, server.url, 'admin', TEST_ADMIN_PASSWORD);
    return tp;
  }

  /** Map-element pixel of a WGS84 point in the view the dashboard fits to the city on load. */
  async function projector(page: TestPage): Promise<(lon: number, lat: number) => [number, number]> {
    const { width, height } = await page.mapOrigin();
    const viewport = new WebMercatorViewport({ ...fitBbox(cityBbox, width, height, PANEL_PADDING), width, height });
    return (lon, lat) => viewport.project([lon, lat]) as [number, number];
  }

  /** Re-screenshot the map until `done(image)` holds (layers load asynchronously); returns that image. */
  async function mapUntil(page: TestPage, what: string, done: (image: Image) => boolean, timeoutMs = 15_000): Promise<Image> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const image = await page.mapImage();
      if (done(image)) return image;
      if (Date.now() > deadline) {
        await page.mapImage(`timeout-${what}`);
        throw new Error(`timed out after ${timeoutMs} ms waiting for the map to show ${what}`);
      }
    }
  }

  /** The dashboard's windows: whole days in the city (UTC+8, no DST), `days` of them up to and including today. */
  const windowOf = (days: number) => {
    const startOfToday = Math.floor((now + 8 * 3600_000) / DAY) * DAY - 8 * 3600_000;
    return { from: startOfToday - (days - 1) * DAY, to: startOfToday + DAY };
  };

  const kpiQuery = (scope: { region?: string; categories?: string; days: number }) => {
    const { from, to } = windowOf(scope.days);
    return api.kpis({ region: scope.region, categories: scope.categories, from: isoCst(from), to: isoCst(to) });
  };

  /** The panel shows the API's snapshot: the same counts, the same rates to the panel's one decimal. */
  async function expectPanelEquals(page: TestPage, expected: KpiSnapshot, what: string) {
    const want = {
      counts: Object.fromEntries(KPI_COUNTS.map((k) => [k, expected.counts[k]])),
      rates: {
        closureRate: expected.rates.closure.value === null ? null : Math.round(expected.rates.closure.value * 1000) / 10,
        onTimeClosureRate: expected.rates.onTimeClosure.value === null ? null : Math.round(expected.rates.onTimeClosure.value * 1000) / 10,
      },
    };
    await expect
      .poll(async () => {
        const shown = await readKpis(page);
        return { counts: shown.counts, rates: shown.rates };
      }, { timeout: 15_000, interval: 250 })
      .toEqual(want);
    await page.screenshot(what);
  }

  it('the PNG helpers count what differs (self-check)', () => {
    const png = new PNG({ width: 4, height: 3 });
    png.data.fill(0);
    for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255;
    const plain = decodePng(PNG.sync.write(png));
    png.data[(1 * 4 + 2) * 4] = 200; // pixel (2, 1) red
    const marked = decodePng(PNG.sync.write(png));
    expect(dominantColour(marked)).toEqual([0, 0, 0]);
    expect(countNonBackground(marked, [0, 0, 0])).toBe(1);
    expect(countNonBackground(marked, [0, 0, 0], { x: 0, y: 0, width: 2, height: 3 })).toBe(0);
    expect(countDifferent(plain, marked)).toBe(1);
    expect(countDifferent(plain, plain)).toBe(0);
  });

  it('signs in from a Chinese page, in English after the switch', async () => {
    tp = await browser.open('sign-in');
    await tp.page.goto(server.url);
    const form = tp.page.locator('form');
    await expect.poll(() => form.innerText()).toContain('用户名');
    expect(await form.innerText()).toContain('密码');
    expect(await tp.page.locator('html').getAttribute('lang')).toMatch(/^zh/);
    await tp.screenshot('sign-in-zh');
    await tp.page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => form.innerText()).toContain('Username');
    expect(await form.innerText()).toContain('Password');
    await tp.screenshot('sign-in-en');
    await tp.page.locator('input[name="username"]').fill('admin');
    await tp.page.locator('input[name="password"]').fill('wrong-password');
    await tp.page.locator('form button[type="submit"]').click();
    await tp.page.getByRole('alert').waitFor();
    await tp.screenshot('sign-in-refused');
    await tp.page.locator('input[name="password"]').fill(TEST_ADMIN_PASSWORD);
    await tp.page.locator('form button[type="submit"]').click();
    await tp.byTestId('map').waitFor({ state: 'visible' });
    await tp.byTestId('kpi-panel').waitFor({ state: 'visible' });
    expect(await tp.byTestId('demo-banner').count(), 'no demo banner with DEMO=off').toBe(0);
    await tp.screenshot('signed-in-en');
  });

  it('draws case points where the cases are (all of them, then the status filter\'s), and nothing else with every other layer off', async () => {
    const page = await open('cases-drawn');
    await page.byTestId('filter-window').selectOption('30d');
    await onlyLayers(page, []);
    const empty = await mapUntil(page, 'nothing', (image) => countNonBackground(image, dominantColour(image)) < image.width * image.height * 0.001);
    const background = dominantColour(empty);
    await setLayer(page, 'cases', true);
    const project = await projector(page);
    const origin = await page.mapOrigin();
    const points = [...data.cases.map((c) => [c.lon, c.lat] as const), LONE_POINT].map(([lon, lat]) => project(lon, lat));
    const visible: [number, number][] = [];
    for (const [x, y] of points) {
      if (x < 5 || y < 5 || x > origin.width - 5 || y > origin.height - 5) continue;
      if (await canvasAt(page, origin.x + x, origin.y + y)) visible.push([x, y]);
    }
    expect(visible.length, 'case points not under a panel').toBeGreaterThan(points.length / 2);
    const image = await mapUntil(page, 'case points', (img) => visible.every(([x, y]) => countNonBackground(img, background, boxAround(x, y, 3)) > 0));
    await page.mapImage('cases-only');
    await page.screenshot('cases-only');
    // Drawn pixels are at the cases: nearly all of them within 25 px of some case.
    let drawn = 0;
    let nearCases = 0;
    for (let y = 0; y < image.height; y += 2) {
      for (let x = 0; x < image.width; x += 2) {
        if (countNonBackground(image, background, { x, y, width: 1, height: 1 }) === 0) continue;
        drawn++;
        if (points.some(([px, py]) => Math.abs(px - x) <= 25 && Math.abs(py - y) <= 25)) nearCases++;
      }
    }
    expect(drawn).toBeGreaterThan(0);
    expect(nearCases / drawn, `${nearCases} of ${drawn} sampled drawn pixels near a case`).toBeGreaterThan(0.95);
    const map = page.byTestId('map');
    await expect.poll(() => map.getAttribute('data-points')).toBe(String(points.length));

    // The status filter: only closed cases, as GET /api/v1/cases counts them; fewer points drawn.
    const { from, to } = windowOf(30);
    const closed = await api.getOk<CasePointsResponse>(`/api/v1/cases${qs({ format: 'json', status: 'closed', from: isoCst(from), to: isoCst(to) })}`);
    expect(closed.cases.length).toBeGreaterThan(0);
    expect(closed.cases.length).toBeLessThan(points.length);
    await page.byTestId('filter-status').locator('input[value="closed"]').check();
    await expect.poll(() => map.getAttribute('data-points')).toBe(String(closed.cases.length));
    const closedImage = await mapUntil(page, 'closed cases only', (img) => countDifferent(image, img) > 20);
    expect(countNonBackground(closedImage, background)).toBeLessThan(countNonBackground(image, background));
    await page.mapImage('closed-only');
  });

  it('each layer switch changes what is drawn and shows its legend while on', async () => {
    const page = await open('layers');
    await page.byTestId('filter-window').selectOption('30d');
    await onlyLayers(page, []);
    const empty = await mapUntil(page, 'nothing', (image) => countNonBackground(image, dominantColour(image)) < image.width * image.height * 0.001);
    for (const key of LAYER_KEYS) {
      await setLayer(page, key, true);
      await mapUntil(page, `the ${key} layer`, (image) => countDifferent(empty, image) > 200);
      await page.byTestId(`legend-${key}`).waitFor({ state: 'visible' });
      await page.mapImage(`${key}-on`);
      await page.screenshot(`${key}-on`);
      await setLayer(page, key, false);
      await mapUntil(page, `no ${key} layer`, (image) => countDifferent(empty, image) < 50);
      await page.byTestId(`legend-${key}`).waitFor({ state: 'hidden' });
    }
  });

  it('the hexagon size control redraws the grid, and a clicked hexagon shows the grid endpoint\'s count', async () => {
    const page = await open('hexagons');
    const gridRequests: string[] = [];
    page.page.on('request', (r) => {
      if (r.url().includes('/api/v1/grid')) gridRequests.push(decodeURIComponent(r.url().replace(server.url, '')));
    });
    await page.byTestId('filter-window').selectOption('30d');
    await onlyLayers(page, ['hexagons']);
    const sizeControl = page.byTestId('hex-size');
    const sizeOf = async () => Number(await sizeControl.inputValue());
    const first = await sizeOf();
    expect(first, 'hex-size value in metres').toBeGreaterThan(0);
    const before = await mapUntil(page, 'hexagons', (image) => countNonBackground(image, dominantColour(image)) > 20);
    // The largest size on offer (bigger cells: a bigger change, an easier click).
    if ((await sizeControl.evaluate((e) => e.tagName)) === 'SELECT') {
      const options = await sizeControl.locator('option').evaluateAll((os) => os.map((o) => Number((o as unknown as { value: string }).value)));
      await sizeControl.selectOption(String(Math.max(...options)));
    } else {
      await sizeControl.fill(String(first * 4));
    }
    const size = await sizeOf();
    expect(size).toBeGreaterThan(first);
    const after = await mapUntil(page, 'hexagons of the new size', (image) => countDifferent(before, image) > 50);
    expect(countNonBackground(after, dominantColour(after)), 'bigger cells cover more pixels').toBeGreaterThan(countNonBackground(before, dominantColour(before)));
    await page.mapImage(`hexagons-${size}m`);

    const grid = await api.getOk<GridResponse>(`/api/v1/grid${qs({ cell: 'hex', size: String(size), from: isoCst(windowOf(30).from), to: isoCst(windowOf(30).to) })}`);
    const project = await projector(page);
    const origin = await page.mapOrigin();
    let target: { x: number; y: number; count: number; id: string; mx: number; my: number } | null = null;
    for (const cell of [...grid.cells].sort((a, b) => b.count - a.count)) {
      const [x, y] = project(cell.lon, cell.lat);
      if (x > 5 && y > 5 && x < origin.width - 5 && y < origin.height - 5 && (await canvasAt(page, origin.x + x, origin.y + y))) {
        target = { x: origin.x + x, y: origin.y + y, count: cell.count, id: cell.id, mx: x, my: y };
        break;
      }
    }
    expect(target, 'a grid cell not under a panel').not.toBeNull();
    const drawn = countNonBackground(after, dominantColour(after), boxAround(target!.mx, target!.my, 2));
    expect(
      drawn,
      `the densest visible cell ${target!.id} (${target!.count} cases) is drawn at its centre (${Math.round(target!.mx)}, ${Math.round(target!.my)}); the page asked ${gridRequests.join(' , ')}`,
    ).toBeGreaterThan(0);
    const details = page.byTestId('area-details');
    await clickMap(page, target!.x, target!.y, details);
    await expect.poll(async () => parseCount(await details.getByTestId('area-count').innerText()), { timeout: 10_000 }).toBe(target!.count);
    await page.screenshot('hexagon-clicked');
  });

  it('a clicked region of the choropleth shows the count of GET /api/v1/regions/counts', async () => {
    const page = await open('choropleth');
    await page.byTestId('filter-window').selectOption('30d');
    await onlyLayers(page, ['choropleth']);
    const image = await mapUntil(page, 'the choropleth', (img) => countNonBackground(img, dominantColour(img)) > 1000);
    await page.mapImage('choropleth');
    const { from, to } = windowOf(30);
    const counts = await api.getOk<{ counts: { code: string; count: number }[] }>(`/api/v1/regions/counts${qs({ level: 'district', from: isoCst(from), to: isoCst(to) })}`);
    const project = await projector(page);
    const origin = await page.mapOrigin();
    const district = '320402';
    let at: [number, number] | null = null;
    for (const [lon, lat] of DISTRICT_ANCHORS[district]) {
      const [x, y] = project(lon, lat);
      if (x > 5 && y > 5 && x < origin.width - 5 && y < origin.height - 5 && (await canvasAt(page, origin.x + x, origin.y + y))) {
        at = [x, y];
        break;
      }
    }
    expect(at, `a point of ${district} not under a panel`).not.toBeNull();
    expect(countNonBackground(image, dominantColour(image), boxAround(at![0], at![1], 2)), `${district} is filled`).toBeGreaterThan(0);
    const details = page.byTestId('area-details');
    await clickMap(page, origin.x + at![0], origin.y + at![1], details);
    const expected = counts.counts.find((c) => c.code === district)?.count ?? 0;
    expect(expected).toBeGreaterThan(0);
    await expect.poll(async () => parseCount(await details.getByTestId('area-count').innerText()), { timeout: 10_000 }).toBe(expected);
    await page.screenshot('region-clicked');
  });

  it('a clicked case opens its timeline: every event, the timer colour of GET /api/v1/cases/{id}', async () => {
    const page = await open('case-timeline');
    await page.byTestId('filter-window').selectOption('30d');
    await onlyLayers(page, ['cases']);
    const project = await projector(page);
    const origin = await page.mapOrigin();
    const [x, y] = project(...LONE_POINT);
    expect(await canvasAt(page, origin.x + x, origin.y + y), 'the lone case is not under a panel').toBe(true);
    const empty = dominantColour(await page.mapImage());
    await mapUntil(page, 'the lone case', (image) => countNonBackground(image, empty, boxAround(x, y, 3)) > 0);
    const timeline = page.byTestId('case-timeline');
    await clickMap(page, origin.x + x, origin.y + y, timeline);
    const detail = await api.getOk<CaseDetail>(`/api/v1/cases/${lone.caseId}`);
    expect(detail.timeline).toHaveLength(lone.events);
    await expect.poll(() => timeline.getByTestId('timeline-event').count(), { timeout: 10_000 }).toBe(detail.timeline.length);
    expect(await timeline.getByTestId('timer').first().getAttribute('data-colour')).toBe(detail.timer!.colour);
    // Each event row carries the timer as it stood right after that event (null before registration).
    const rowColours = await timeline
      .getByTestId('timeline-event')
      .evaluateAll((rows) => rows.map((row) => row.querySelector('[data-testid="event-timer"]')?.getAttribute('data-colour') ?? null));
    expect(rowColours).toEqual(detail.timeline.map((e) => e.timer?.colour ?? null));
    await page.screenshot('case-timeline');
  });

  it('filters (district, category, window) make the KPI panel equal GET /api/v1/kpis for that scope', async () => {
    const page = await open('filters');
    // The default window is today in the city (UTC+8).
    await page.byTestId('kpi-panel').waitFor({ state: 'visible' });
    await expectPanelEquals(page, await kpiQuery({ days: 1 }), 'kpis-today');

    await page.byTestId('filter-window').selectOption('30d');
    const city = await kpiQuery({ days: 30 });
    await expectPanelEquals(page, city, 'kpis-30d');

    const district = '320402';
    const inDistrict = await kpiQuery({ region: district, days: 30 });
    expect(inDistrict.counts.reported, 'the district filter narrows the figures').toBeLessThan(city.counts.reported);
    await page.byTestId('filter-district').selectOption(district);
    await expectPanelEquals(page, inDistrict, `kpis-30d-${district}`);

    const family = data.cases[0].category.slice(0, 1);
    const picker = page.byTestId('filter-category');
    if ((await picker.evaluate((e) => e.tagName)) === 'SELECT') await picker.selectOption(family);
    else {
      await picker.fill(family);
      await picker.press('Enter');
    }
    const inFamily = await kpiQuery({ region: district, categories: family, days: 30 });
    await expectPanelEquals(page, inFamily, `kpis-30d-${district}-${family}`);

    await page.byTestId('filter-district').selectOption('');
    await page.byTestId('filter-window').selectOption('7d');
    await expectPanelEquals(page, await kpiQuery({ categories: family, days: 7 }), `kpis-7d-${family}`);

    // Custom: whole days, both included (the day before yesterday to today).
    const { from: customFrom, to: customTo } = windowOf(3);
    const day = (ms: number) => isoCst(ms).slice(0, 10);
    await page.byTestId('filter-window').selectOption('custom');
    await page.byTestId('filter-from').fill(day(customFrom));
    await page.byTestId('filter-to').fill(day(customTo - DAY));
    await expectPanelEquals(page, await api.kpis({ categories: family, from: isoCst(customFrom), to: isoCst(customTo) }), `kpis-custom-${family}`);
  });
});
