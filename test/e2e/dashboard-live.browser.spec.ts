/**
 * The dashboard live, in headless Chromium against the built server (issue 3): events ingested through the
 * contract move `kpi-reported` and the live feed within 2 s (measured and printed), a clicked feed item opens the
 * case's timeline, and a server restart is survived: the connection status goes to reconnecting and back to
 * connected, and events ingested while the browser was cut off (by a server on the same data at another port)
 * appear, with the panel reaching the API's figures and head seq. One data dir and port for the file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseDetail, IngestEvent } from '@gridlens/contracts';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { BrowserSession, describeBrowser, parseCount, readKpis, signIn, type TestPage } from '../support/browser';
import { Api } from '../support/e2e-harness';
import { DISTRICT_ANCHORS, factoryCategories, generateDataset, isoCst, type FactoryCategory } from '../support/event-factory';
import { startServer, TEST_ADMIN_PASSWORD, type ServerProcess } from '../support/server-process';

const DAY = 86_400_000;
/** Within a second or two (issue 3): the median of the measured latencies; none may take more than the outlier bound. */
const LIVE_LATENCY_MS = 2_000;
const LIVE_OUTLIER_MS = 4_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describeBrowser('the dashboard live in headless Chromium: ingest → KPI and feed, a server restart survived (pglite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gridlens-browser-live-'));
  let server: ServerProcess;
  let port: number;
  let browser: BrowserSession;
  let categories: FactoryCategory[];
  let tp: TestPage | null = null;
  let n = 0;
  const api = new Api(() => server.url);

  beforeAll(async () => {
    const [launched, started] = await Promise.allSettled([BrowserSession.launch(), startServer({ dataDir })]);
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'fulfilled') server = started.value;
    for (const r of [launched, started]) if (r.status === 'rejected') throw r.reason;
    port = server.port;
    categories = factoryCategories(await api.categories());
    const data = generateDataset({ seed: 4242, cases: 40, categories, spanHours: 48, idPrefix: 'live-seed' });
    const result = await api.ingestOk(data.events);
    expect(result.rejected).toEqual([]);
  });

  afterEach(async () => {
    const page = tp;
    tp = null;
    await page?.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A new case reported now (one event), in 天宁区. */
  function newReport(): IngestEvent {
    const i = n++;
    const [lon, lat] = DISTRICT_ANCHORS['320402'][i % 6];
    return { eventId: `live-new-${i}-0`, caseId: `live-new-${i}`, type: 'reported', at: isoCst(Date.now() - 1000), category: categories[i % categories.length].code, lon, lat, source: 'public' };
  }

  /** Today in the city (UTC+8), as the dashboard's default window asks for it. */
  function todayKpis() {
    const now = Date.now();
    const from = Math.floor((now + 8 * 3600_000) / DAY) * DAY - 8 * 3600_000;
    return api.kpis({ from: isoCst(from), to: isoCst(from + DAY) });
  }

  async function openLive(name: string): Promise<TestPage> {
    tp = await browser.open(`live-${name}`);
    await signIn(tp, server.url, 'admin', TEST_ADMIN_PASSWORD);
    await expect.poll(() => tp!.byTestId('connection-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
    const expected = await todayKpis();
    await expect.poll(async () => (await readKpis(tp!)).counts.reported, { timeout: 15_000 }).toBe(expected.counts.reported);
    return tp;
  }

  /** Resolves with ms since `since` when the feed's newest item is `eventId`. */
  function feedShows(page: TestPage, eventId: string, since: number): Promise<number> {
    return page.page
      .waitForFunction((id) => document.querySelector('[data-testid="live-feed-item"]')?.getAttribute('data-event-id') === id, eventId, { polling: 25, timeout: 15_000 })
      .then(() => Date.now() - since);
  }

  /** Resolves with ms since `since` when `kpi-reported` shows `count`. */
  function reportedShows(page: TestPage, count: number, since: number): Promise<number> {
    return page.page
      .waitForFunction(
        (want) => (document.querySelector('[data-testid="kpi-reported"]')?.textContent ?? '').replace(/[^\d]/g, '') === String(want),
        count,
        { polling: 25, timeout: 15_000 },
      )
      .then(() => Date.now() - since);
  }

  it('ingested events move kpi-reported and the live feed within 2 s; a feed item opens its timeline', async () => {
    const page = await openLive('ingest');
    await page.screenshot('before-ingest');
    const latencies: { feed: number; kpi: number }[] = [];
    for (let round = 0; round < 5; round++) {
      const before = parseCount(await page.byTestId('kpi-reported').innerText());
      const event = newReport();
      const sent = Date.now();
      const [feed, kpi] = await Promise.all([feedShows(page, event.eventId, sent), reportedShows(page, before + 1, sent), api.ingestOk([event])]);
      latencies.push({ feed, kpi });
      await page.screenshot(`after-ingest-${round}`);
    }
    console.log(`ingest → live feed / kpi-reported latency (ms): ${latencies.map((l) => `${l.feed} / ${l.kpi}`).join(', ')}`);
    expect(median(latencies.map((l) => l.feed)), 'ingest → live feed, median').toBeLessThanOrEqual(LIVE_LATENCY_MS);
    expect(median(latencies.map((l) => l.kpi)), 'ingest → kpi-reported, median').toBeLessThanOrEqual(LIVE_LATENCY_MS);
    expect(Math.max(...latencies.flatMap((l) => [l.feed, l.kpi])), 'slowest ingest → feed or kpi-reported').toBeLessThanOrEqual(LIVE_OUTLIER_MS);
    const shown = await readKpis(page);
    const expected = await todayKpis();
    expect(shown.counts.reported).toBe(expected.counts.reported);
    expect(shown.seq, 'kpi-panel data-seq').toBe(expected.seq);

    const items = page.byTestId('live-feed-item');
    const newest = await items.first().getAttribute('data-event-id');
    expect(newest).toBe(`live-new-${n - 1}-0`);
    await items.first().locator('button').click();
    const timeline = page.byTestId('case-timeline');
    await timeline.waitFor({ state: 'visible' });
    const detail = await api.getOk<CaseDetail>(`/api/v1/cases/live-new-${n - 1}`);
    await expect.poll(() => timeline.getByTestId('timeline-event').count()).toBe(detail.timeline.length);
    if (detail.timer) expect(await timeline.getByTestId('timer').first().getAttribute('data-colour')).toBe(detail.timer.colour);
    await page.screenshot('feed-item-timeline');
  });

  it('survives a server restart: reconnecting, connected again, and nothing ingested meanwhile is lost', async () => {
    const page = await openLive('restart');
    const status = page.byTestId('connection-status');
    await server.stop();
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).not.toBe('connected');
    expect(await status.getAttribute('data-state')).toBe('reconnecting');
    await page.screenshot('server-down-reconnecting');

    // While the browser cannot reach its server, events arrive through another process on the same data.
    const meanwhile = [newReport(), newReport(), newReport()];
    const side = await startServer({ dataDir });
    try {
      const result = await new Api(() => side.url).ingestOk(meanwhile);
      expect(result.accepted).toBe(meanwhile.length);
    } finally {
      await side.stop();
    }

    server = await startServer({ dataDir, port });
    const down = Date.now();
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 30_000, interval: 100 }).toBe('connected');
    console.log(`reconnected ${Date.now() - down} ms after the server listened again`);
    await page.screenshot('server-back-connected');

    const ids = meanwhile.map((e) => e.eventId);
    await page.page.waitForFunction(
      (wanted) => {
        const shown = new Set(Array.from(document.querySelectorAll('[data-testid="live-feed-item"]'), (li) => li.getAttribute('data-event-id')));
        return wanted.every((id) => shown.has(id));
      },
      ids,
      { polling: 100, timeout: 15_000 },
    );
    const feedOrder = await page.byTestId('live-feed-item').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-event-id')));
    expect(feedOrder.slice(0, 3), 'newest first').toEqual([...ids].reverse());
    const expected = await todayKpis();
    await expect.poll(async () => (await readKpis(page)).counts.reported, { timeout: 15_000 }).toBe(expected.counts.reported);
    expect((await readKpis(page)).seq, 'kpi-panel data-seq = the head of the log').toBe(await api.headSeq());
    await page.screenshot('caught-up');

    // And live again.
    const event = newReport();
    const sent = Date.now();
    const [feed] = await Promise.all([feedShows(page, event.eventId, sent), api.ingestOk([event])]);
    console.log(`after the restart: ingest → live feed ${feed} ms`);
    expect(feed).toBeLessThanOrEqual(LIVE_OUTLIER_MS);
  });
});
