// `node tools/dashboard-screenshot.mjs URL PASSWORD OUT.png [en]`: sign in to a running gridlens in headless
// Chromium (CHROMIUM_PATH, default /usr/bin/chromium) and save a screenshot of the dashboard: how the README's
// picture is made (start the demo with `npm start` first and wait for the history to load). WINDOW=today|7d|30d
// picks the time window, LAYERS=hexagons,heatmap,… switches layers on (README: WINDOW=30d LAYERS=hexagons).
import { chromium } from 'playwright-core';

const [url = 'http://localhost:3000', password, out = 'docs/images/dashboard.png', lang = 'zh'] = process.argv.slice(2);
if (!password) {
  console.error('usage: node tools/dashboard-screenshot.mjs URL ADMIN_PASSWORD OUT.png [zh|en]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: lang === 'en' ? 'en-GB' : 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  await page.addInitScript((l) => localStorage.setItem('gridlens.language', JSON.stringify(l)), lang);
  await page.goto(url);
  await page.locator('input[autocomplete="username"], input[name="username"]').first().fill('admin');
  await page.locator('input[type="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.getByTestId('map').waitFor();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="map"]')?.getAttribute('data-points') ?? 0) > 0);
  await page.getByTestId('live-feed-item').first().waitFor();
  if (process.env.WINDOW) await page.getByTestId('filter-window').selectOption(process.env.WINDOW);
  for (const layer of (process.env.LAYERS ?? '').split(',').filter(Boolean)) await page.getByTestId(`layer-toggle-${layer}`).check();
  // Let the layers draw (software WebGL is slow): wait until two frames a second apart look the same size.
  let previous = 0;
  for (let i = 0; i < 30; i++) {
    const size = (await page.screenshot()).length;
    if (Math.abs(size - previous) < size * 0.01) break;
    previous = size;
    await page.waitForTimeout(1000);
  }
  await page.screenshot({ path: out });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
}
