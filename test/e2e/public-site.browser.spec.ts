/**
 * The public site (/public) in headless Chromium against the built server, read by an anonymous browser (no
 * sign-in). Data: ~600 generated case lifecycles in last month (Asia/Shanghai), ingested over HTTP; the admin
 * publishes the district ranking through POST /api/v1/evaluations/publish, then corrects it. The pages must show
 * the published ranks and scores exactly as GET /api/public/rankings/{id} gives them, draw the score chart and
 * the grade map, switch language, list the scheme's items on the methodology page, print on A4 without map and
 * controls, never call /api/v1 or send a token, and never show an ingested case id, description or point.
 * Screenshots: docs/images/public-ranking.png, -en, -print.
 *
 * Chromium missing fails this suite (plain describe, and BrowserSession.launch throws naming the path): the print
 * layout and the maps can only be checked in a real browser.
 */
import type { PublicationDetail, PublicRanking, PublicRankingRow } from '@gridlens/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatScore } from '../../apps/web/src/lib/public/public-format';
import { gradeColor } from '../../apps/web/src/lib/public/ranking-lists';
import { BrowserSession } from '../support/browser';
import { Api } from '../support/e2e-harness';
import { batches, factoryCategories, generateDataset } from '../support/event-factory';
import { startServer, type ServerProcess } from '../support/server-process';
import { PublicSitePage } from './public-site.page';

const HOUR = 3600_000;
const CST = 8 * HOUR;

/** Last month in the city (UTC+8, no DST): its label and [start, end) as epoch ms. */
function lastMonth(now: number): { label: string; start: number; end: number } {
  const local = new Date(now + CST);
  const end = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - CST;
  const startLocal = new Date(end + CST - 24 * HOUR);
  const start = Date.UTC(startLocal.getUTCFullYear(), startLocal.getUTCMonth(), 1) - CST;
  return { label: `${startLocal.getUTCFullYear()}-${String(startLocal.getUTCMonth() + 1).padStart(2, '0')}`, start, end };
}

describe('the public site in headless Chromium, anonymous: ranking, chart, map, language, methodology, print (pglite)', () => {
  let server: ServerProcess;
  let api: Api;
  let browser: BrowserSession;
  let month: ReturnType<typeof lastMonth>;
  let published: PublicationDetail;
  let ranking: PublicRanking;
  let site: PublicSitePage | null = null;
  /** Case-level values that were ingested: no public page may show any of them. */
  let caseLevel: string[] = [];

  const anonymous = async <T>(path: string): Promise<T> => {
    const answer = await api.request<T>('GET', path);
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.text}`);
    return answer.body;
  };
  const adminPost = async <T>(path: string, body: unknown): Promise<T> => {
    const answer = await api.request<T>('POST', path, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.adminToken()}` },
      body: JSON.stringify(body),
    });
    if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${answer.text}`);
    return answer.body;
  };
  const open = async (name: string, path: string) => (site = await PublicSitePage.open(browser, name, `${server.url}${path}`));

  beforeAll(async () => {
    const [launched, started] = await Promise.allSettled([BrowserSession.launch(), startServer()]);
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'fulfilled') server = started.value;
    for (const r of [launched, started]) if (r.status === 'rejected') throw r.reason;
    api = new Api(() => server.url);
    month = lastMonth(Date.now());
    const categories = factoryCategories(await api.categories());
    const spanHours = (month.end - month.start) / HOUR - 2;
    const data = generateDataset({ seed: 5151, cases: 600, now: month.end - HOUR, categories, spanHours, idPrefix: 'public' });
    for (const part of batches(data.events, 2000)) expect((await api.ingestOk(part)).rejected).toEqual([]);
    const reported = data.events.filter((e) => e.type === 'reported') as unknown as { caseId: string; description?: string; lon: number; lat: number }[];
    caseLevel = [...reported.map((e) => e.caseId), ...reported.flatMap((e) => (e.description ? [e.description] : [])), ...reported.map((e) => String(e.lon).slice(0, 9))];
    expect(caseLevel.length).toBeGreaterThan(2 * 600); // ids and points of every case, and the descriptions given
    published = await adminPost<PublicationDetail>('/api/v1/evaluations/publish', { period: month.label, level: 'district', schemeVersion: 'default-2026.1', note: '' });
    ranking = await anonymous<PublicRanking>(`/api/public/rankings/${published.id}`);
    expect(ranking.rows.filter((r) => r.rank !== null).length).toBeGreaterThanOrEqual(3);
  });

  afterEach(async () => {
    const page = site;
    site = null;
    await page?.tp.close();
    if (page) expect(page.privateRequests()).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('from /public to the ranking: ranks and scores equal to the API, best/worst, chart and map drawn', async () => {
    const page = await open('ranking', '/public');
    await page.tp.byTestId('latest-district').click();
    await page.page.waitForURL(`**/public/district/${month.label}`);
    expect(await page.heading()).toContain('区县综合评价排名');
    expect(await page.tp.byTestId('publication-id').innerText()).toContain(published.id);
    expect(await page.tp.byTestId('publication-hash').innerText()).toBe(published.hash);
    const formula = await page.tp.byTestId('ranking-formula').innerText();
    for (const item of ranking.scheme.definition.levels.district ?? []) expect(formula).toContain(`× ${item.weight}%`);

    const rows = await page.tableRows();
    expect(rows.map((r) => r.code)).toEqual(ranking.rows.map((r) => r.code));
    expect(rows.map((r) => [r.rank, r.score])).toEqual(ranking.rows.map((r) => [r.rank, r.score]));
    expect(rows.map((r) => r.scoreText.replace('*', ''))).toEqual(ranking.rows.map((r) => formatScore(r.score)));
    const best = ranking.rows.filter((r) => r.rank !== null && r.rank <= 3).map((r) => r.code);
    expect(await page.tp.byTestId('best-list').locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-code')))).toEqual(best);

    // The score chart: bars on its canvas (ECharts draws into one).
    await expect.poll(() => page.chartInk(), { timeout: 30_000 }).toBeGreaterThan(2000);

    // The grade map: every grade a region has is drawn in its colour.
    await expect.poll(() => page.tp.byTestId('grade-map').getAttribute('data-drawn'), { timeout: 60_000 }).toBe('true');
    expect(Number(await page.tp.byTestId('grade-map').getAttribute('data-regions'))).toBeGreaterThanOrEqual(ranking.rows.length);
    const grades = [...new Set(ranking.rows.map((r) => r.grade).filter((g): g is string => g !== null))];
    const colours = grades.map((g) => gradeColor(g, ranking.scheme.definition.grades).slice(0, 3) as [number, number, number]);
    await expect
      .poll(async () => (await page.mapColourCounts(colours)).every((n) => n > 200), { timeout: 60_000, interval: 1000 })
      .toBe(true);

    expect(await page.leaks(caseLevel)).toEqual([]);
    await page.saveScreenshot('docs/images/public-ranking.png');
  });

  it('switches to English (remembered, in the URL); the methodology lists the scheme items; a unit has its rank history', async () => {
    const page = await open('language', `/public/district/${month.label}`);
    await page.tp.byTestId('ranking-table').waitFor();
    await page.tp.byTestId('lang-en').click();
    await expect.poll(() => page.heading()).toContain('District');
    expect(new URL(page.page.url()).searchParams.get('lang')).toBe('en');
    await page.page.reload();
    await expect.poll(() => page.heading()).toContain('ranking');
    await expect.poll(() => page.tp.byTestId('grade-map').getAttribute('data-drawn'), { timeout: 60_000 }).toBe('true');
    await page.saveScreenshot('docs/images/public-ranking-en.png');

    await page.tp.byTestId('method-link').click();
    await page.tp.byTestId('method-page').waitFor();
    const items = ranking.scheme.definition.levels.district ?? [];
    const listed = await page.tp.byTestId('method-items').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-indicator'), Number(tr.getAttribute('data-weight'))]));
    expect(listed).toEqual(items.map((i) => [i.indicator, i.weight]));
    expect(await page.tp.byTestId('method-suppression').innerText()).toContain(`fewer than ${ranking.minCount} cases`);
    expect(await page.tp.byTestId('method-ranking').innerText()).toContain(String(ranking.scheme.definition.minDueToRank));
    expect(await page.leaks(caseLevel)).toEqual([]);
    await page.tp.byTestId('lang-zh').click();
    await expect.poll(() => page.heading()).toContain('评价方法');

    const first = ranking.rows.find((r) => r.rank === 1) as PublicRankingRow;
    await page.page.goto(`${server.url}/public/district/${month.label}/unit/${first.code}`);
    await expect.poll(() => page.tp.byTestId('unit-rank').innerText()).toContain('第 1 名');
    expect(await page.tp.byTestId('unit-score').innerText()).toBe(formatScore(first.score));
    // The score re-added from the published figures and the scheme equals the published score.
    expect(await page.tp.byTestId('breakdown-total').innerText()).toBe(formatScore(first.score));
    await expect.poll(() => page.tp.byTestId('unit-history').locator(`tr[data-period="${month.label}"]`).getAttribute('data-rank')).toBe('1');
    expect(await page.leaks(caseLevel)).toEqual([]);
  });

  it('prints on A4: no map, chart or controls; the table across the page with the publication in its header', async () => {
    const page = await open('print', `/public/district/${month.label}`);
    await page.tp.byTestId('ranking-table').waitFor();
    await page.page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
    await page.page.emulateMedia({ media: 'print' });
    for (const hidden of ['grade-map', 'score-chart', 'ranking-actions', 'lang-en', 'best-list']) expect(await page.tp.byTestId(hidden).isVisible(), hidden).toBe(false);
    expect(await page.tp.byTestId('ranking-table').isVisible()).toBe(true);
    expect(await page.tp.byTestId('publication-id').isVisible()).toBe(true);
    expect(await page.tp.byTestId('print-method').innerText()).toContain(`/public/district/${month.label}/method`);
    const fits = await page.page.evaluate(() => {
      const table = document.querySelector('[data-testid="ranking-table"]') as HTMLElement;
      return { table: table.getBoundingClientRect().right, page: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth };
    });
    expect(fits.table).toBeLessThanOrEqual(fits.page);
    expect(fits.scroll).toBeLessThanOrEqual(fits.page);
    await page.saveScreenshot('docs/images/public-ranking-print.png');
    const pdf = await page.page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
  });

  it('a correction: the new publication says what changed and why; the old one links to it', async () => {
    const corrected = await adminPost<PublicationDetail>(`/api/v1/evaluations/${published.id}/corrections`, { reason: '补录遗漏的案件 / late cases added' });
    const page = await open('correction', `/public/p/${published.id}`);
    await page.tp.byTestId('superseded-banner').waitFor();
    await page.tp.byTestId('current-version-link').click();
    await page.page.waitForURL(`**/public/p/${corrected.id}`);
    expect(await page.tp.byTestId('correction-reason').innerText()).toContain('补录遗漏的案件');
    await page.page.goto(`${server.url}/public/district/${month.label}`);
    expect(await page.tp.byTestId('ranking-page').getAttribute('data-publication')).toBe(corrected.id);
  });
});
