/**
 * Page helper of public-site.browser.spec.ts: opens public pages as an anonymous reader (a fresh context, no
 * sign-in), records every request the page makes, and reads what the page shows: the ranking table's rows, the
 * score chart's and the grade map's pixels.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Request } from 'playwright-core';
import type { BrowserSession, TestPage } from '../support/browser';
import { countNonBackground, decodePng, type Image, type Rgb } from '../support/png';

export interface TableRow {
  code: string;
  rank: number | null;
  score: number | null;
  scoreText: string;
}

export class PublicSitePage {
  /** Every request of the page: URL and whether it carried credentials. */
  readonly requests: { url: string; authorization: boolean }[] = [];

  private constructor(readonly tp: TestPage) {
    tp.page.on('request', (request: Request) => {
      this.requests.push({ url: request.url(), authorization: 'authorization' in request.headers() });
    });
  }

  static async open(browser: BrowserSession, name: string, url: string): Promise<PublicSitePage> {
    const site = new PublicSitePage(await browser.open(`public-${name}`));
    await site.tp.page.goto(url);
    await site.tp.byTestId('public-site').waitFor({ state: 'visible' });
    return site;
  }

  get page() {
    return this.tp.page;
  }

  /** Requests to the signed-in API (/api/v1) or with an Authorization header: the public site must make none. */
  privateRequests(): string[] {
    return this.requests.filter((r) => new URL(r.url).pathname.startsWith('/api/v1') || r.authorization).map((r) => r.url);
  }

  async heading(): Promise<string> {
    return this.tp.byTestId('public-heading').innerText();
  }

  /** The ranking table's rows, in page order, from their data-* attributes and the score cell's text. */
  async tableRows(): Promise<TableRow[]> {
    await this.tp.byTestId('ranking-table').waitFor({ state: 'visible' });
    const rows = this.tp.byTestId('ranking-row');
    const out: TableRow[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      const num = (v: string | null) => (v === null || v === '' ? null : Number(v));
      out.push({
        code: (await row.getAttribute('data-code')) ?? '',
        rank: num(await row.getAttribute('data-rank')),
        score: num(await row.getAttribute('data-score')),
        scoreText: await row.getByTestId('cell-score').innerText(),
      });
    }
    return out;
  }

  /** Which of `needles` (case ids, descriptions, reporter ids …) the page's HTML, text and attributes included, contains. */
  async leaks(needles: readonly string[]): Promise<string[]> {
    const html = await this.page.content();
    return needles.filter((n) => html.includes(n));
  }

  /** A screenshot of one element (by test id) as pixels. */
  async elementImage(testId: string, file?: string): Promise<Image> {
    const locator = this.tp.byTestId(testId);
    await locator.scrollIntoViewIfNeeded();
    const path = file ? resolve('test-artifacts/screenshots', file) : undefined;
    if (path) mkdirSync(dirname(path), { recursive: true });
    return decodePng(await locator.screenshot({ path, animations: 'disabled' }));
  }

  /** Pixels of the score chart that are not its white background (bars, axes, labels). */
  async chartInk(): Promise<number> {
    return countNonBackground(await this.elementImage('score-chart'), [255, 255, 255], undefined, 12);
  }

  /** How many pixels of the map show each of `colours` (within a small tolerance). */
  async mapColourCounts(colours: readonly Rgb[]): Promise<number[]> {
    const image = await this.elementImage('grade-map', 'public-grade-map.png');
    return colours.map((c) => countColour(image, c, 6));
  }

  /** Save a full-page screenshot where the docs want it (docs/images/…). */
  async saveScreenshot(path: string): Promise<void> {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    await this.page.screenshot({ path, fullPage: true, animations: 'disabled' });
  }
}

function countColour(image: Image, [r, g, b]: Rgb, tolerance: number): number {
  let n = 0;
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) {
    if (Math.abs(d[i] - r) <= tolerance && Math.abs(d[i + 1] - g) <= tolerance && Math.abs(d[i + 2] - b) <= tolerance) n++;
  }
  return n;
}
