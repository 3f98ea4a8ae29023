import { existsSync, readFileSync } from 'node:fs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { repoPath } from './db/repo-path';

/**
 * Paths the dashboard never answers: the API, the live stream, and files that do not exist. Under /public every
 * path is a page (publication ids may end in `.1`, periods hold dots), so the file-extension rule skips it.
 */
export const NOT_THE_APP = /^\/(api|socket\.io|open311)(\/|$)|^(?!\/public(\/|$)).*\.[a-z0-9]+$/i;

/**
 * The dashboard's index.html with the deployment's default language (DEFAULT_LANGUAGE): `<html lang>` and a
 * `<meta name="gridlens-language">` the app reads at start when the user has not chosen a language yet.
 */
export function indexWithLanguage(html: string, language: 'zh' | 'en'): string {
  const tag = language === 'en' ? 'en' : 'zh-CN';
  return html
    .replace(/<html lang="[^"]*"/, `<html lang="${tag}"`)
    .replace('<head>', `<head>\n    <meta name="gridlens-language" content="${language}" />`);
}

/**
 * Serve the built dashboard (dist/apps/web, `nx run web:build`) at `/`: its files, and its index.html (with the
 * default language) for any other GET that is not the API, so the app's own routes load directly. Returns false when
 * it has not been built.
 */
export function serveDashboard(app: NestExpressApplication, language: 'zh' | 'en' = 'zh'): boolean {
  const dir = repoPath('dist', 'apps', 'web');
  const index = `${dir}/index.html`;
  if (!existsSync(index)) return false;
  const html = indexWithLanguage(readFileSync(index, 'utf8'), language);
  app.useStaticAssets(dir, { index: false, maxAge: '1h', setHeaders: (res, path) => path.endsWith('.html') && res.setHeader('Cache-Control', 'no-cache') });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || NOT_THE_APP.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(html);
  });
  return true;
}
