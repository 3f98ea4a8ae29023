/**
 * The command wall (/wall) and a department's view in headless Chromium against the built server (PGlite): at
 * 1920×1080 and 3840×2160 (and a 1366×768 laptop) nothing scrolls and every panel's content fits; the numerals equal
 * GET /api/v1/wall at the same seq; counters move when events are ingested over HTTP (waiting on the DOM, never on
 * time); a click on a district drills down to its wall; ?rotate= cycles the scopes; an emergency report reaches the
 * ticker as an alert, which the admin acknowledges there; the department view lists what
 * GET /api/v1/departments/{code}/view lists.
 *
 * No describeBrowser here: without Chromium this suite fails (BrowserSession.launch throws naming the path), it is
 * never skipped. Screenshots: docs/images/wall-1080p.png, docs/images/wall-4k.png (the README's), and every step in
 * test-artifacts/screenshots/wall-*.
 */
import { mkdirSync } from 'node:fs';
import type { AlertList, DepartmentView, WallSnapshot } from '@gridlens/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, clickMap, type TestPage } from '../support/browser';
import { Api } from '../support/e2e-harness';
import { batches, DISTRICT_ANCHORS, factoryCategories, generateDataset, isoCst } from '../support/event-factory';
import { startServer, TEST_ADMIN_PASSWORD, type ServerProcess } from '../support/server-process';
import { expectedFrom, mapPoint, openWall, readWall, scrollState } from './wall.page';

const HD = { width: 1920, height: 1080 };
const UHD = { width: 3840, height: 2160 };
const LAPTOP = { width: 1366, height: 768 };
const DRILL = '320402';

describe('the command wall in headless Chromium: no scrolling at 1080p and 4K, figures = API, live counters, drill-down (pglite)', () => {
  let server: ServerProcess;
  let api: Api;
  let browser: BrowserSession;
  let tp: TestPage | null = null;
  let emergencyCategory: string;
  let plainCategory: string;
  let injected = 0;

  beforeAll(async () => {
    const [launched, started] = await Promise.allSettled([BrowserSession.launch(), startServer()]);
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'fulfilled') server = started.value;
    for (const r of [launched, started]) if (r.status === 'rejected') throw r.reason;
    api = new Api(() => server.url);
    const all = await api.categories();
    const categories = factoryCategories(all);
    emergencyCategory = all.find((c) => c.level === 'minor' && c.emergency)!.code;
    plainCategory = categories.find((c) => !all.find((a) => a.code === c.code)?.emergency)!.code;
    // Eight days of cases: today, yesterday and the same weekday last week all have some.
    const data = generateDataset({ seed: 6060, cases: 360, now: Date.now(), categories, spanHours: 8 * 24, idPrefix: 'wall' });
    for (const part of batches(data.events, 2000)) expect((await api.ingestOk(part)).rejected).toEqual([]);
    mkdirSync('docs/images', { recursive: true });
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

  const wall = (scope = 'city') => api.getOk<WallSnapshot>(`/api/v1/wall?scope=${scope}`);

  /** New reports in a district, timed a second ago; returns their case ids. */
  async function report(n: number, category = plainCategory, district = DRILL): Promise<string[]> {
    const [lon, lat] = DISTRICT_ANCHORS[district][1];
    const events = Array.from({ length: n }, () => {
      const id = `wall-live-${++injected}`;
      return { eventId: id, caseId: id, type: 'reported', at: isoCst(Date.now() - 1000), category, lon, lat, source: 'public' };
    });
    expect((await api.ingestOk(events)).accepted).toBe(n);
    return events.map((e) => e.caseId);
  }

  /** Waits until the wall shows what GET /api/v1/wall answers at the same seq (frames follow events within ~0.5 s). */
  async function expectEqualToApi(page: TestPage, scope = 'city'): Promise<void> {
    let last = '';
    await expect
      .poll(
        async () => {
          const [shown, answer] = [await readWall(page), expectedFrom(await wall(scope))];
          last = JSON.stringify({ shown, answer });
          return shown.seq === answer.seq && JSON.stringify(shown) === JSON.stringify(answer);
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true)
      .catch((error: unknown) => {
        throw new Error(`the wall never showed the API's figures: ${last}`, { cause: error });
      });
  }

  async function expectNoScrolling(page: TestPage, size: { width: number; height: number }): Promise<void> {
    const s = await scrollState(page);
    expect(s.viewport).toEqual([size.width, size.height]);
    expect(s.document).toEqual([size.width, size.height]);
    expect(s.body[0]).toBeLessThanOrEqual(size.width);
    expect(s.body[1]).toBeLessThanOrEqual(size.height);
    expect(s.root).toEqual([size.width, size.height]);
    expect(s.overflowing).toEqual([]);
  }

  it('1920×1080: no scrolling, numerals equal the API, counters follow ingested events, an emergency alert acknowledged on the wall', async () => {
    tp = await openWall(browser, 'wall-1080p', server.url, '/wall', HD, TEST_ADMIN_PASSWORD);
    await expectNoScrolling(tp, HD);
    await expectEqualToApi(tp);
    expect(await tp.byTestId('wall-map').getAttribute('data-units')).toBe('6');

    const before = await readWall(tp);
    await report(3);
    await expect.poll(() => tp!.byTestId('wall-counter-reported').getAttribute('data-value'), { timeout: 30_000, interval: 100 }).toBe(String(before.counters.reported + 3));
    await expectEqualToApi(tp);

    // An emergency category: the server raises an alert (the ticker shows the report once, as the alert), and a
    // leader (here the admin) acknowledges it on the wall; the API then has it acknowledged by that user.
    const [emergency] = await report(1, emergencyCategory);
    const item = tp.page.locator(`[data-testid="wall-ticker"] li[data-case="${emergency}"][data-kind="alert"]`);
    await item.waitFor({ timeout: 30_000 });
    expect(await tp.page.locator(`[data-testid="wall-ticker"] li[data-case="${emergency}"]`).count()).toBe(1);
    await item.getByTestId('wall-ack').click();
    await item.locator('.acked').waitFor({ timeout: 30_000 });
    const acknowledged = await api.getOk<AlertList>('/api/v1/alerts?state=acknowledged');
    expect(acknowledged.alerts.find((a) => a.caseIds.includes(emergency))?.acknowledgement?.by).toBe('admin');
    await expectEqualToApi(tp);
    await expectNoScrolling(tp, HD);
    await tp.page.screenshot({ path: 'docs/images/wall-1080p.png' });
  });

  it('3840×2160: no scrolling, the same numerals, twice the size', async () => {
    tp = await openWall(browser, 'wall-4k', server.url, '/wall', UHD, TEST_ADMIN_PASSWORD);
    await expectNoScrolling(tp, UHD);
    await expectEqualToApi(tp);
    const font = await tp.byTestId('wall').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(font).toBeCloseTo(2160 * 0.0148, 1);
    await report(2);
    await expectEqualToApi(tp);
    await tp.page.screenshot({ path: 'docs/images/wall-4k.png' });
  });

  it('a click on a district opens its wall (same figures, filtered); back to the city', async () => {
    tp = await openWall(browser, 'wall-drill', server.url, '/wall', HD, TEST_ADMIN_PASSWORD);
    const [x, y] = await mapPoint(tp, DISTRICT_ANCHORS[DRILL][0]);
    await clickMap(tp, x, y, tp.page.locator(`[data-testid="wall"][data-scope="${DRILL}"]`));
    expect(new URL(tp.page.url()).pathname).toBe(`/wall/${DRILL}`);
    await expectEqualToApi(tp, DRILL);
    const answer = await wall(DRILL);
    expect(answer.units.level).toBe('street');
    // Its streets on the map, or (a city without streets there, as this test city) the district's outline.
    await expect.poll(async () => Number(await tp!.byTestId('wall-map').getAttribute('data-units')), { timeout: 30_000 }).toBe(Math.max(1, answer.units.items.length));
    await tp.screenshot('district');

    await tp.byTestId('wall-back').click();
    await tp.page.locator('[data-testid="wall"][data-scope="city"]').waitFor({ timeout: 30_000 });
    expect(new URL(tp.page.url()).pathname).toBe('/wall');
  });

  it('on a 1366×768 laptop nothing scrolls either, and ?rotate= cycles from the city to the districts', async () => {
    tp = await openWall(browser, 'wall-laptop', server.url, '/wall?rotate=5', LAPTOP, TEST_ADMIN_PASSWORD);
    await expectNoScrolling(tp, LAPTOP);
    await tp.byTestId('wall-rotation').waitFor();
    const districts = (await wall()).units.items.map((u) => u.code).sort();
    await tp.page.locator(`[data-testid="wall"][data-scope="${districts[0]}"]`).waitFor({ timeout: 30_000 });
    await tp.page.locator(`[data-testid="wall"][data-scope="${districts[1]}"]`).waitFor({ timeout: 30_000 });
    expect(new URL(tp.page.url()).pathname).toBe('/wall'); // rotation does not navigate
    await expectNoScrolling(tp, LAPTOP);
  });

  it("a department's view lists its open cases, most urgent first, as the API does", async () => {
    const departments = new Set((await api.getOk<{ departments: { code: string }[] }>('/api/v1/departments')).departments.map((d) => d.code));
    const groups = (await wall()).timers.byDepartment.filter((g) => departments.has(g.code)); // not the "not dispatched yet" group
    const code = groups.sort((a, b) => b.counts.red + b.counts.yellow - (a.counts.red + a.counts.yellow))[0].code;
    tp = await browser.open('department');
    await tp.page.setViewportSize(HD);
    await tp.page.goto(`${server.url}/department/${code}`);
    await tp.page.locator('input[name="username"]').fill('admin');
    await tp.page.locator('input[name="password"]').fill(TEST_ADMIN_PASSWORD);
    await tp.page.locator('form button[type="submit"]').click();
    await tp.page.locator('[data-testid="department"][data-seq]:not([data-seq=""])').waitFor({ timeout: 60_000 });
    const view = await api.getOk<DepartmentView>(`/api/v1/departments/${code}/view`);
    expect(Number(await tp.byTestId('department').getAttribute('data-open'))).toBe(view.openCases.length);
    const shown = await tp.page.locator('[data-testid="department-open"] tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.case));
    expect(shown).toEqual(view.openCases.slice(0, 200).map((c) => c.caseId));
    await tp.screenshot('department');
  });
});
