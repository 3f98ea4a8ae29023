/**
 * DEFAULT_LANGUAGE in the browser: a server configured for New York (DEFAULT_LANGUAGE=en) opens the dashboard in
 * English for a first visit, even in a browser whose locale is Chinese; a user who chose Chinese keeps it. A Chinese
 * deployment (the default) still opens in Chinese.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BrowserSession, describeBrowser } from '../support/browser';
import { startServer, type ServerProcess } from '../support/server-process';

describeBrowser('the dashboard language of a deployment (DEFAULT_LANGUAGE)', () => {
  let browser: BrowserSession;
  let english: ServerProcess;
  let chinese: ServerProcess;

  beforeAll(async () => {
    browser = await BrowserSession.launch();
    english = await startServer({ env: { DEFAULT_LANGUAGE: 'en', TZ_CITY: 'America/New_York', WORK_CALENDAR: 'weekends' } });
    chinese = await startServer();
  });
  afterAll(async () => {
    await english?.stop();
    await chinese?.stop();
    await browser?.close();
  });

  it('opens in English on a DEFAULT_LANGUAGE=en server, whatever the browser locale', async () => {
    const tp = await browser.open('nyc-first-visit', { locale: 'zh-CN' });
    try {
      await tp.page.goto(english.url);
      await expect.poll(() => tp.page.locator('h1').first().textContent()).toBe('Sign in');
      expect(await tp.page.evaluate(() => document.documentElement.lang)).toMatch(/^en/); // the app sets its locale (en-GB)
      expect(await tp.page.locator('form button[type="submit"]').textContent()).toBe('Sign in');
      await tp.screenshot('sign-in');
    } finally {
      await tp.close();
    }
  });

  it("keeps a user's own choice of Chinese there", async () => {
    const tp = await browser.open('nyc-chose-chinese');
    try {
      await tp.context.addInitScript(() => localStorage.setItem('gridlens.language', JSON.stringify('zh')));
      await tp.page.goto(english.url);
      await expect.poll(() => tp.page.locator('h1').first().textContent()).toBe('登录');
    } finally {
      await tp.close();
    }
  });

  it('opens in Chinese on a default server', async () => {
    const tp = await browser.open('changzhou-first-visit', { locale: 'en-US' });
    try {
      await tp.page.goto(chinese.url);
      await expect.poll(() => tp.page.locator('h1').first().textContent()).toBe('登录');
      expect(await tp.page.evaluate(() => document.documentElement.lang)).toMatch(/^zh/);
    } finally {
      await tp.close();
    }
  });
});
