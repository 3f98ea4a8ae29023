/**
 * Headless Chromium for the browser tests, driven by playwright-core (never a downloaded browser): the system's
 * Chromium at CHROMIUM_PATH (default /usr/bin/chromium), one browser per test file, a fresh context per test.
 *
 * Missing Chromium: in CI (CI set) the suites are declared and launching fails them with a clear message; locally
 * they are skipped, saying why. A page's uncaught errors fail the test when its page is closed; console errors are
 * kept and printed with it. Screenshots go to test-artifacts/screenshots/<name>.png (gitignored).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { describe } from 'vitest';
import { decodePng, type Image } from './png';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SCREENSHOT_DIR = resolve('test-artifacts/screenshots');
/** The viewport every test page gets (device scale 1, so screenshot pixels are CSS pixels). */
export const VIEWPORT = { width: 1280, height: 800 } as const;

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const inCi = () => Boolean(process.env.CI) && process.env.CI !== 'false';

/** `describe` when Chromium is there or in CI (where launching then fails); locally without it `describe.skip`. */
export const describeBrowser = (() => {
  if (existsSync(CHROMIUM_PATH) || inCi()) return describe;
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM_PATH} (install the chromium package or set CHROMIUM_PATH)`);
  return describe.skip as unknown as typeof describe;
})();

export class BrowserSession {
  private constructor(readonly browser: Browser) {}

  /**
   * Launch Chromium; throws, naming the path, when it is missing. playwright-core gives every launch a fresh
   * temporary profile (--user-data-dir) and removes it on close.
   */
  static async launch(): Promise<BrowserSession> {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(`Chromium is required for the browser tests but is missing at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
    }
    return new BrowserSession(await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS }));
  }

  /** A new context (no shared storage) with one page; `name` prefixes its screenshots. */
  async open(name: string, options: { locale?: string } = {}): Promise<TestPage> {
    const context = await this.browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: options.locale ?? 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(30_000); // roomy: a busy 2-core machine renders WebGL in software
    const page = await context.newPage();
    return new TestPage(name, context, page);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

export class TestPage {
  /** Uncaught exceptions in the page: any fails the test at close(). */
  readonly pageErrors: string[] = [];
  /** console.error messages (failed requests while the server restarts end up here too): printed, not failed on. */
  readonly consoleErrors: string[] = [];
  private shots = 0;

  constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('pageerror', (error) => this.pageErrors.push(error.stack ?? error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
  }

  byTestId(id: string) {
    return this.page.getByTestId(id);
  }

  /** Full-page screenshot to test-artifacts/screenshots/<name>-<nn>-<step>.png; returns the path. */
  async screenshot(step: string): Promise<string> {
    const file = join(SCREENSHOT_DIR, `${safe(this.name)}-${String(++this.shots).padStart(2, '0')}-${safe(step)}.png`);
    mkdirSync(dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
    return file;
  }

  /**
   * What deck.gl drew: a screenshot of the `map` element with every other element hidden (panels, legends and
   * tooltips over the map would otherwise count as drawn pixels). `step` also saves it as an artefact.
   */
  async mapImage(step?: string): Promise<Image> {
    const map = this.byTestId('map');
    await map.waitFor({ state: 'visible' });
    const clip = await map.boundingBox();
    if (!clip) throw new Error('the map element has no box');
    // The element itself is hidden below (its canvas is not): a page screenshot of its box, not an element screenshot.
    const style = await this.page.addStyleTag({
      content: 'body * { visibility: hidden !important; } [data-testid="map"] canvas { visibility: visible !important; }',
    });
    try {
      const path = step ? join(SCREENSHOT_DIR, `${safe(this.name)}-${String(++this.shots).padStart(2, '0')}-${safe(step)}-canvas.png`) : undefined;
      if (path) mkdirSync(dirname(path), { recursive: true });
      return decodePng(await this.page.screenshot({ path, clip, animations: 'disabled' }));
    } finally {
      await style.evaluate((node) => node.parentNode?.removeChild(node));
    }
  }

  /** The map element's top-left corner in page pixels (to turn map pixels into click positions). */
  async mapOrigin(): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await this.byTestId('map').boundingBox();
    if (!box) throw new Error('the map element has no box (not visible)');
    return box;
  }

  /** Screenshot the final state ('end', whatever the outcome), close the context; throws when the page had uncaught errors. */
  async close(): Promise<void> {
    await this.screenshot('end').catch(() => undefined);
    if (this.consoleErrors.length) {
      const counts = new Map<string, number>();
      for (const message of this.consoleErrors) counts.set(message, (counts.get(message) ?? 0) + 1);
      const lines = [...counts].map(([message, n]) => (n > 1 ? `${n}× ${message}` : message));
      console.log(`[${this.name}] console errors in the page:\n  ${lines.join('\n  ')}`);
    }
    await this.context.close();
    if (this.pageErrors.length) throw new Error(`[${this.name}] uncaught errors in the page:\n${this.pageErrors.join('\n')}`);
  }
}

const safe = (s: string) => s.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);

// ---- The dashboard's hooks (data-testid), as the browser specs read them ----

export const LAYER_KEYS = ['boundaries', 'cases', 'heatmap', 'hexagons', 'choropleth'] as const;
export type LayerKey = (typeof LAYER_KEYS)[number];
export const KPI_COUNTS = ['reported', 'registered', 'closed', 'closedOnTime', 'open', 'overdue', 'due'] as const;
export const KPI_RATES = ['closureRate', 'onTimeClosureRate'] as const;

/** Open the app at `url` and sign in through the form; resolves when the map element is there. */
export async function signIn(tp: TestPage, url: string, username: string, password: string): Promise<void> {
  await tp.page.goto(url);
  await tp.page.locator('input[name="username"]').fill(username);
  await tp.page.locator('input[name="password"]').fill(password);
  await tp.page.locator('form button[type="submit"]').click();
  await tp.byTestId('map').waitFor({ state: 'visible', timeout: 30_000 });
}

/** A formatted whole number ("1,234", "1234") → 1234; NaN when there are no digits. */
export function parseCount(text: string): number {
  const digits = text.replace(/[^\d]/g, '');
  return digits ? Number(digits) : NaN;
}

/** A formatted percentage ("45.5%", "45.5 %") → 45.5; null for a dash (no denominator). */
export function parsePercent(text: string): number | null {
  const match = /(\d+(?:\.\d+)?)/.exec(text);
  return match ? Number(match[1]) : null;
}

/** The KPI panel's figures as numbers (counts) and percentages (rates, null for "—"), plus its data-seq. */
export async function readKpis(tp: TestPage): Promise<{ seq: number; counts: Record<string, number>; rates: Record<string, number | null> }> {
  const counts: Record<string, number> = {};
  for (const name of KPI_COUNTS) counts[name] = parseCount(await tp.byTestId(`kpi-${name}`).innerText());
  const rates: Record<string, number | null> = {};
  for (const name of KPI_RATES) rates[name] = parsePercent(await tp.byTestId(`kpi-${name}`).innerText());
  const seq = Number(await tp.byTestId('kpi-panel').getAttribute('data-seq'));
  return { seq, counts, rates };
}

/** Check or uncheck a layer's switch. */
export async function setLayer(tp: TestPage, key: LayerKey, on: boolean): Promise<void> {
  await tp.byTestId(`layer-toggle-${key}`).setChecked(on);
}

/** Only the given layers on. */
export async function onlyLayers(tp: TestPage, keys: readonly LayerKey[]): Promise<void> {
  for (const key of LAYER_KEYS) await setLayer(tp, key, keys.includes(key));
}

/**
 * Click the map at page point (x, y) once and wait for `target` to show. One click must do: on software WebGL a
 * click used to be dropped as a long press when deck's pick at pointerdown took longer than its 250 ms tap window
 * (400–700 ms here on busy cores); the app now tells a click by movement alone there (apps/web/src/lib/map/tap-options.ts),
 * and this helper no longer clicks again to hide it. `waitMs` only allows for a slow frame, not for a lost click.
 */
export async function clickMap(tp: TestPage, x: number, y: number, target: Locator, waitMs = 30_000): Promise<void> {
  await tp.page.mouse.click(x, y);
  await target.waitFor({ state: 'visible', timeout: waitMs });
}

/** Is the topmost element at page point (x, y) the map's canvas (no panel over it)? */
export function canvasAt(tp: TestPage, x: number, y: number): Promise<boolean> {
  return tp.page.evaluate(([px, py]) => {
    const element = document.elementFromPoint(px, py);
    return element instanceof HTMLCanvasElement && Boolean(element.closest('[data-testid="map"]'));
  }, [x, y] as const);
}
