/**
 * The team progress page of the example overlay (teamView: true), in real Chromium under /handbook/:
 * a cohort of exports, a hostile one among them, becomes the right matrix and CSV, sorts, stays
 * accessible, and no request leaves the page while it reads the files.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { applyChange, emptyRecord, type ProgressChange } from '../../src/lib/progress-record';
import { exportText, toExportFile } from '../../src/lib/progress-transfer';
import { VIEWPORTS, bothThemes } from '../support/axe';
import { openPage, pageCatalog, url, useBrowser } from '../support/browser';

const browser = useBrowser();

const T = '2026-12-01T10:00:00.000Z';
function exportFile(changes: ProgressChange[], name: string | undefined, site = url()): string {
  const record = changes.reduce((current, change) => applyChange(current, change, T), emptyRecord());
  return exportText(toExportFile(record, site, T, name));
}
const tick = (chapter: string, item: string): ProgressChange => ({ type: 'tick', chapter, item, done: true });
const json = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

async function cohort(page: Page) {
  const catalog = await pageCatalog(page);
  const containers = catalog.flatMap((group) => group.chapters).find((chapter) => chapter.id === 'devops/containers')!;
  const welcome = catalog.flatMap((group) => group.chapters).find((chapter) => chapter.id === 'team/welcome')!;
  const [first, second] = containers.items;
  return {
    containers,
    welcome,
    files: [
      json('ana.json', exportFile([tick('devops/containers', first!.id), tick('devops/containers', second!.id), { type: 'answer', chapter: 'team/welcome', question: welcome.questions[0]!.id, choices: ['join-and-watch'], correct: true }], 'Ana')),
      // Hostile: markup and a formula in the name, script in ids, an id named like a prototype member.
      json('mallory.json', exportFile([tick('devops/containers', first!.id), tick('devops/containers', '<script>alert(1)</script>'), tick('__proto__', 'constructor')], '=HYPERLINK("http://x")<img src=x onerror=alert(1)>')),
      json('elsewhere.json', exportFile([tick('devops/containers', first!.id)], 'Cy', 'https://other.example/handbook/')),
      json('broken.json', '{"format": "backend-devops-mlops-handbook/progress", "version": 3, "items": {'),
    ],
  };
}

describe('team progress page', () => {
  it('shows the cohort’s matrix, the other handbook’s file and the broken one apart, sorts, and exports CSV, with no request', async () => {
    const context = await browser.context({ acceptDownloads: true });
    const { page, errors } = await openPage(context, 'team-progress/');
    // Reading the files sends nothing: any request after this point may only fetch the site's own
    // assets (Starlight loads its search UI when idle), never carry data or go elsewhere.
    await page.waitForLoadState('networkidle');
    const origin = new URL(url()).origin;
    const requests: string[] = [];
    page.on('request', (request) => {
      if (/^(blob|data):/.test(request.url())) return;
      const sendsData = request.method() !== 'GET' || request.postData() !== null || new URL(request.url()).origin !== origin || new URL(request.url()).search !== '';
      if (sendsData) requests.push(`${request.method()} ${request.url()}`);
    });
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    expect(await page.getByText('Files you add are not uploaded.').isVisible()).toBe(true);
    const { containers, files } = await cohort(page);

    await page.locator('input[type=file][data-files]').setInputFiles(files);
    const status = page.locator('handbook-team-progress [data-status]');
    await expect.poll(() => status.textContent()).toBe('2 people in the table; 1 file from another handbook, shown apart; 1 file could not be read.');
    const table = page.getByRole('table');
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).locator('th').textContent()).toMatch(/^=HYPERLINK\("http:\/\/x"\)<img src=x onerror=alert\(1\)>/);
    expect(await table.locator('img').count()).toBe(0);

    // Columns follow the catalog; Ana has 2 ticks in the containers chapter and a right answer on the team page.
    const headers = await table.locator('thead th').allTextContents();
    const column = headers.indexOf(containers.title);
    expect(column).toBeGreaterThan(0);
    const ana = rows.filter({ has: page.locator('th', { hasText: /^Ana/ }) });
    expect(await ana.locator('td').nth(column - 1).textContent()).toBe(`2 of ${containers.items.length}${containers.questions.length ? `0 of ${containers.questions.length} right` : ''}`);
    const welcomeColumn = headers.indexOf('Welcome to the Acme platform team');
    expect(await ana.locator('td').nth(welcomeColumn - 1).textContent()).toBe('0 of 3' + '1 of 2 right');
    expect(await page.locator('[data-other]').textContent()).toMatch(/elsewhere\.json\): exported from https:\/\/other\.example\/handbook\//);
    expect(await page.locator('[data-other]').textContent()).toMatch(/broken\.json: This file is not valid JSON/);

    // Sorting by total puts the one with more ticks last, then first.
    await table.getByRole('button', { name: 'Total' }).click();
    await expect.poll(() => page.locator('th[aria-sort="ascending"]').textContent()).toMatch(/^Total/);
    expect(await rows.nth(1).locator('th').textContent()).toMatch(/^Ana/);
    await table.getByRole('button', { name: 'Total' }).click();
    await expect.poll(() => page.locator('th[aria-sort="descending"]').textContent()).toMatch(/^Total/);
    expect(await rows.nth(0).locator('th').textContent()).toMatch(/^Ana/);

    // Only the DevOps track: fewer columns.
    await page.locator('[data-scope]').selectOption('devops');
    await expect.poll(async () => (await table.locator('thead th').allTextContents()).includes('Welcome to the Acme platform team')).toBe(false);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download as CSV' }).click()]);
    const csv = readFileSync(await browser.save(download), 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/^Name,File,/);
    expect(csv[1]).toMatch(/^Ana,ana\.json,/);
    expect(csv[2]).toMatch(/^"'=HYPERLINK\(""http:\/\/x""\)<img src=x onerror=alert\(1\)>",mallory\.json,/);

    expect(dialogs).toBe(0);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('has no accessibility violation with a cohort shown, in both themes, at desktop and phone width', async () => {
    const found: string[] = [];
    for (const viewport of VIEWPORTS) {
      const context = await browser.context({ viewport });
      const { page } = await openPage(context, 'team-progress/');
      await page.locator('input[type=file][data-files]').setInputFiles((await cohort(page)).files);
      await page.getByRole('table').waitFor();
      found.push(...(await bothThemes(page, `team-progress/ ${viewport.name}`)));
    }
    expect(found).toEqual([]);
  });
});
