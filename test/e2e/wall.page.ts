/**
 * The command wall's hooks for the browser tests: open /wall… signed in at a given viewport, read what it shows
 * (data-* of the root and the numerals as text), measure scrolling, click a district on the map.
 */
import { WebMercatorViewport } from '@deck.gl/core';
import type { WallSnapshot } from '@gridlens/contracts';
import type { BrowserSession, TestPage } from '../support/browser';
import { parseCount, parsePercent } from '../support/browser';

export const COUNTERS = ['reported', 'registered', 'closed', 'closedOnTime', 'overdueNow'] as const;

/** Sign in through the form at `url` + `path` (the wall asks for it) and wait for the wall's first frame. */
export async function openWall(browser: BrowserSession, name: string, url: string, path: string, viewport: { width: number; height: number }, password: string, username = 'admin'): Promise<TestPage> {
  const tp = await browser.open(name);
  await tp.page.setViewportSize(viewport);
  await tp.page.goto(`${url}${path}`);
  await tp.page.locator('input[name="username"]').fill(username);
  await tp.page.locator('input[name="password"]').fill(password);
  await tp.page.locator('form button[type="submit"]').click();
  await tp.page.locator('[data-testid="wall"][data-seq]:not([data-seq=""])').waitFor({ timeout: 60_000 });
  return tp;
}

export const wallAttr = (tp: TestPage, name: string) => tp.byTestId('wall').getAttribute(`data-${name}`).then((v) => v ?? '');

/** What the wall shows, as numbers, with the seq of the frame it shows (read in one evaluation: no frame between). */
export interface WallFigures {
  seq: number;
  scope: string;
  counters: Record<string, number>;
  /** Each counter yesterday at this time and last week on this weekday: `<counter>-yesterday`, `<counter>-lastWeek`. */
  references: Record<string, number>;
  /** Open cases by timer colour: "red,yellow,green". */
  timers: string;
  /** Top categories as "code:count", in order. */
  top: string[];
  rates: Record<string, number | null>;
}

export async function readWall(tp: TestPage): Promise<WallFigures> {
  const raw = await tp.page.evaluate((counters) => {
    const root = document.querySelector('[data-testid="wall"]') as HTMLElement;
    const text = (id: string) => (document.querySelector(`[data-testid="${id}"]`) as HTMLElement | null)?.innerText ?? '';
    const timers = document.querySelector('[data-testid="wall-timers"]') as HTMLElement | null;
    return {
      seq: root.dataset.seq ?? '',
      scope: root.dataset.scope ?? '',
      counters: Object.fromEntries(counters.map((k) => [k, text(`wall-value-${k}`)])),
      references: Object.fromEntries(counters.flatMap((k) => [[`${k}-yesterday`, text(`wall-ref-${k}-yesterday`)], [`${k}-lastWeek`, text(`wall-ref-${k}-lastWeek`)]])),
      timers: timers ? [timers.dataset.red, timers.dataset.yellow, timers.dataset.green].join(',') : '',
      top: Array.from(document.querySelectorAll<HTMLElement>('[data-testid="wall-top-categories"] li')).map((li) => `${li.dataset.code}:${li.innerText.trim().split(/\s+/).pop()}`),
      rates: Object.fromEntries(['closure-today', 'closure-month', 'onTimeClosure-today', 'onTimeClosure-month'].map((k) => [k, text(`wall-rate-${k}`)])),
    };
  }, [...COUNTERS]);
  return {
    seq: Number(raw.seq),
    scope: raw.scope,
    counters: Object.fromEntries(Object.entries(raw.counters).map(([k, v]) => [k, parseCount(v)])),
    references: Object.fromEntries(Object.entries(raw.references).map(([k, v]) => [k, parseCount(v)])),
    timers: raw.timers,
    top: raw.top.map((t) => t.replace(/:([\d,]+)$/, (_, n: string) => `:${parseCount(n)}`)),
    rates: Object.fromEntries(Object.entries(raw.rates).map(([k, v]) => [k, parsePercent(v)])),
  };
}

/** The same figures from a snapshot of the API, rounded as the wall shows them (rates in % with one decimal). */
export function expectedFrom(snapshot: WallSnapshot): WallFigures {
  const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  const t = snapshot.timers.total;
  return {
    seq: snapshot.seq,
    scope: snapshot.scope.kind === 'city' ? 'city' : snapshot.scope.code,
    counters: Object.fromEntries(COUNTERS.map((k) => [k, snapshot.today[k].value])),
    references: Object.fromEntries(COUNTERS.flatMap((k) => [[`${k}-yesterday`, snapshot.today[k].yesterday], [`${k}-lastWeek`, snapshot.today[k].lastWeek]])),
    timers: [t.red, t.yellow, t.green].join(','),
    top: snapshot.topCategories.map((c) => `${c.code}:${c.reported}`),
    rates: {
      'closure-today': pct(snapshot.rates.today.closure.value),
      'closure-month': pct(snapshot.rates.month.closure.value),
      'onTimeClosure-today': pct(snapshot.rates.today.onTimeClosure.value),
      'onTimeClosure-month': pct(snapshot.rates.month.onTimeClosure.value),
    },
  };
}

/**
 * Scrolling: the document's scroll size against the viewport, and every panel of the wall whose content must fit
 * ([data-fit]) — content taller than its box would be cut off.
 */
export function scrollState(tp: TestPage) {
  return tp.page.evaluate(() => {
    const doc = document.scrollingElement ?? document.documentElement;
    const overflowing = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="wall"] [data-fit], [data-testid="wall"] [data-fit] > *'))
      .filter((e) => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1)
      .map((e) => `${e.dataset.testid ?? e.className} ${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight}`);
    const root = document.querySelector('[data-testid="wall"]')!.getBoundingClientRect();
    return {
      viewport: [window.innerWidth, window.innerHeight],
      document: [doc.scrollWidth, doc.scrollHeight],
      body: [document.body.scrollWidth, document.body.scrollHeight],
      root: [Math.round(root.width), Math.round(root.height)],
      overflowing,
    };
  });
}

/** The page point of a WGS84 position on the wall's map (from the fitted view it exposes), once the map is ready for clicks. */
export async function mapPoint(tp: TestPage, lonLat: readonly [number, number]): Promise<[number, number]> {
  const map = tp.byTestId('wall-map');
  await expectAttr(tp, 'wall-map', 'view');
  // The map has loaded: a click before it has its event handling would be lost.
  await tp.page.locator('[data-testid="wall-map"][data-ready="true"]').waitFor({ timeout: 30_000 });
  const [longitude, latitude, zoom] = ((await map.getAttribute('data-view')) ?? '').split(',').map(Number);
  const box = (await map.boundingBox())!;
  // The deck canvas fills the map element less its 1 px border.
  const width = box.width - 2;
  const height = box.height - 2;
  const [x, y] = new WebMercatorViewport({ longitude, latitude, zoom, width, height }).project([lonLat[0], lonLat[1]]);
  return [box.x + 1 + x, box.y + 1 + y];
}

async function expectAttr(tp: TestPage, testid: string, name: string): Promise<void> {
  await tp.page.locator(`[data-testid="${testid}"][data-${name}]:not([data-${name}=""])`).waitFor({ timeout: 30_000 });
}
