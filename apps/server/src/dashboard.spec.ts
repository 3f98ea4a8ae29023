import { describe, expect, it } from 'vitest';
import { NOT_THE_APP, indexWithLanguage } from './dashboard';

describe('which GET paths fall back to the dashboard (index.html)', () => {
  it('app pages, public pages with dots included', () => {
    for (const path of ['/', '/explore', '/public', '/public/district/2026-10', '/public/p/2026-10.district.1', '/public/p/2026-10.district.2/unit/320402', '/public/community/2026-10-01..2026-10-15/method']) {
      expect(NOT_THE_APP.test(path), path).toBe(false);
    }
  });

  it('never the API, the live stream or a missing file', () => {
    for (const path of ['/api/v1/kpis', '/api/public/rankings/2026-10.district.1.csv', '/api', '/socket.io/', '/open311/services.json', '/assets/missing.js', '/favicon.ico', '/publications.json']) {
      expect(NOT_THE_APP.test(path), path).toBe(true);
    }
  });
});

describe('indexWithLanguage (DEFAULT_LANGUAGE)', () => {
  const html = '<!doctype html>\n<html lang="zh-CN">\n  <head>\n    <meta charset="UTF-8" />\n  </head>\n</html>';
  it('marks the page English for en, with the meta tag the app reads', () => {
    const out = indexWithLanguage(html, 'en');
    expect(out).toContain('<html lang="en">');
    expect(out).toContain('<meta name="gridlens-language" content="en" />');
  });
  it('keeps Chinese for zh', () => {
    const out = indexWithLanguage(html, 'zh');
    expect(out).toContain('<html lang="zh-CN">');
    expect(out).toContain('<meta name="gridlens-language" content="zh" />');
  });
});
