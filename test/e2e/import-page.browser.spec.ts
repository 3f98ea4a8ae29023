/**
 * The admin upload page (/admin/import) in headless Chromium against the built server (PGlite, the seed city): an
 * admin picks a CSV and a mapping file, presses Import, and sees the progress bar reach done, the counts (read =
 * imported + rejected, equal to the job GET /api/v1/imports lists), the rejects by reason and the unmapped values,
 * the rejects download; the page is linked from the header for admins. Waits on the DOM, never on time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportJob } from '@gridlens/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, describeBrowser, signIn, type TestPage } from '../support/browser';
import { Api } from '../support/e2e-harness';
import { TIANNING, ZHONGLOU } from '../support/ingest-cases';
import { startServer, TEST_ADMIN_PASSWORD, type ServerProcess } from '../support/server-process';

const MAPPING = {
  source: 'page',
  columns: { id: 'id', category: 'type', department: 'dept', status: 'status', created: 'created', closed: 'closed', coordinates: { lon: 'lon', lat: 'lat' } },
  dates: { formats: ['yyyy-MM-dd HH:mm'], zone: 'Asia/Shanghai' },
  categories: { table: { litter: 'E0101' }, other: 'E0102' },
  departments: { table: { sanitation: 'D02' }, other: 'D09' },
  statuses: { table: { closed: 'closed', open: 'registered' } },
};

/** 30 rows: every fifth has no coordinates, every seventh an unmapped category; open and closed alternate. */
function csv(): { text: string; noPoint: number; unmapped: number } {
  const lines = ['id,type,dept,status,created,closed,lon,lat'];
  let noPoint = 0;
  let unmapped = 0;
  for (let i = 0; i < 30; i++) {
    const [lon, lat] = i % 2 ? TIANNING : ZHONGLOU;
    const missing = i % 5 === 0;
    const type = i % 7 === 0 ? 'pothole' : 'litter';
    if (missing) noPoint += 1;
    else if (type === 'pothole') unmapped += 1;
    const day = String(1 + (i % 20)).padStart(2, '0');
    lines.push([`P${i}`, type, 'sanitation', i % 2 ? 'closed' : 'open', `2026-10-${day} 09:00`, i % 2 ? `2026-10-${day} 16:00` : '', missing ? '' : lon, missing ? '' : lat].join(','));
  }
  return { text: `${lines.join('\n')}\n`, noPoint, unmapped };
}

describeBrowser('the admin import page in headless Chromium (pglite)', () => {
  let server: ServerProcess;
  let browser: BrowserSession;
  let tp: TestPage | null = null;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gridlens-import-page-'));
    const [launched, started] = await Promise.allSettled([BrowserSession.launch(), startServer()]);
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'fulfilled') server = started.value;
    for (const r of [launched, started]) if (r.status === 'rejected') throw r.reason;
  });

  afterAll(async () => {
    await tp?.close();
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads a CSV with a mapping file and shows the finished job as the API reports it', async () => {
    const data = csv();
    writeFileSync(join(dir, 'cases.csv'), data.text);
    writeFileSync(join(dir, 'mapping.json'), JSON.stringify(MAPPING));
    tp = await browser.open('import-page', { locale: 'en-GB' });
    await signIn(tp, server.url, 'admin', TEST_ADMIN_PASSWORD);
    // The header links the page for admins (followed by address: the live map keeps a busy page's clicks waiting).
    expect(await tp.byTestId('nav-admin/import').getAttribute('href')).toBe('/admin/import');
    await tp.page.goto(`${server.url}/admin/import`);
    await tp.byTestId('import-page').waitFor();
    await tp.byTestId('import-file').setInputFiles(join(dir, 'cases.csv'));
    await tp.page.locator('input[type="radio"][value="file"]').check();
    await tp.byTestId('import-mapping').setInputFiles(join(dir, 'mapping.json'));
    await tp.byTestId('import-start').click();
    await tp.page.locator('[data-testid="import-progress"][data-state="done"]').waitFor({ timeout: 60_000 });
    await tp.screenshot('done');

    const jobs = await new Api(() => server.url).getOk<ImportJob[]>('/api/v1/imports');
    const job = jobs[0];
    expect(job).toMatchObject({ state: 'done', rowsRead: 30, rowsRejected: data.noPoint, rowsImported: 30 - data.noPoint });
    const rowsText = await tp.byTestId('import-rows').textContent();
    expect(rowsText?.replace(/\D+/g, ' ').trim().split(' ').map(Number)).toEqual([job.rowsRead, job.rowsImported, job.rowsRejected]);
    expect(await tp.byTestId('import-rejects').textContent()).toContain(`no-coordinates${data.noPoint}`);
    expect(await tp.page.locator('li', { hasText: 'pothole' }).textContent()).toBe(`pothole: ${data.unmapped}`);
    const download = tp.page.waitForEvent('download');
    await tp.byTestId('import-rejects-download').click();
    expect((await download).suggestedFilename()).toBe(`import-${job.id}-rejects.csv`);
    expect(tp.pageErrors).toEqual([]);
  });
});
