/** The progress page in real Chromium: counts, export, reset, import (merge, replace, refusal), report. */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, readProgress, url } from '../support/browser';

const CHAPTER = 'devops/containers';
const work = mkdtempSync(join(tmpdir(), 'handbook-progress-'));

let browser: Browser;
let context: BrowserContext;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());
beforeEach(async () => {
  context = await browser.newContext({ acceptDownloads: true });
});
afterEach(() => context.close());

const row = (page: Page) => page.locator(`tr[data-chapter="${CHAPTER}"]`);
const message = (page: Page) => page.locator('[data-message]');

async function tickOnChapter(indexes: number[]): Promise<Page> {
  const { page } = await openPage(context, `${CHAPTER}/`);
  for (const index of indexes) await page.locator('handbook-checklist input').nth(index).check();
  return page;
}

async function importFile(page: Page, name: string, contents: string) {
  const path = join(work, name);
  writeFileSync(path, contents);
  await page.locator('input[type=file][data-import]').setInputFiles(path);
}

describe('progress page', () => {
  it('shows the ticks made in a chapter, per chapter and overall', async () => {
    const chapterPage = await tickOnChapter([0, 1, 4]);
    const total = await chapterPage.locator('handbook-checklist input').count();
    const { page, errors } = await openPage(context, 'progress/');
    await expect.poll(() => row(page).locator('[data-chapter-count]').textContent()).toBe(`3 of ${total} done`);
    expect(await row(page).locator('a').getAttribute('href')).toBe(new URL(url(`${CHAPTER}/`)).pathname);
    expect(await page.locator('[data-overall]').textContent()).toMatch(/^3 of \d+ done: \d+% of the handbook’s checklists\.$/);
    expect(errors).toEqual([]);
  });

  it('exports, resets all after confirmation, and restores from the export', async () => {
    await tickOnChapter([0, 2]);
    const { page } = await openPage(context, 'progress/');
    const before = await readProgress(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export progress (JSON)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^handbook-progress-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = join(work, 'export.json');
    await download.saveAs(exported);
    const file = JSON.parse(readFileSync(exported, 'utf8'));
    expect(file.format).toBe('backend-devops-mlops-handbook/progress');
    expect(file.items).toEqual(before.items);

    page.once('dialog', (dialog) => dialog.dismiss());
    await page.getByRole('button', { name: 'Reset all progress' }).click();
    expect((await readProgress(page)).items).toEqual(before.items);

    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Reset all progress' }).click();
    await expect.poll(() => row(page).locator('[data-chapter-count]').textContent()).toMatch(/^0 of \d+ done$/);
    expect((await readProgress(page)).items).toEqual({});

    await page.locator('input[type=file][data-import]').setInputFiles(exported);
    await expect.poll(() => page.locator('[data-import-summary]').textContent()).toMatch(/holds 2 ticked items in 1 chapter/);
    await page.getByRole('button', { name: 'Replace my progress' }).click();
    await expect.poll(() => row(page).locator('[data-chapter-count]').textContent()).toMatch(/^2 of \d+ done$/);
    expect((await readProgress(page)).items).toEqual(before.items);

    const chapter = await openPage(context, `${CHAPTER}/`);
    expect(await chapter.page.locator('handbook-checklist input').nth(2).isChecked()).toBe(true);
  });

  it('merges an import into current progress, or replaces it, as the reader chooses', async () => {
    await tickOnChapter([0]);
    const { page } = await openPage(context, 'progress/');
    const ids = await page.evaluate(() => JSON.parse(document.querySelector('[data-catalog]')!.textContent!));
    const items = ids.flatMap((group: any) => group.chapters).find((c: any) => c.id === CHAPTER).items.map((i: any) => i.id);
    const other = JSON.stringify({
      format: 'backend-devops-mlops-handbook/progress',
      version: 2,
      site: 'elsewhere',
      exportedAt: '2026-11-01T00:00:00.000Z',
      items: { [CHAPTER]: { [items[3]]: '2026-11-01T00:00:00.000Z' } },
    });

    await importFile(page, 'other.json', other);
    await page.getByRole('button', { name: 'Merge into my progress' }).click();
    await expect.poll(async () => Object.keys((await readProgress(page)).items[CHAPTER]).sort()).toEqual([items[0], items[3]].sort());

    await importFile(page, 'other.json', other);
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await message(page).textContent()).toMatch(/nothing was changed/);

    await importFile(page, 'other.json', other);
    await page.getByRole('button', { name: 'Replace my progress' }).click();
    await expect.poll(async () => Object.keys((await readProgress(page)).items[CHAPTER])).toEqual([items[3]]);
  });

  it('refuses an invalid or foreign file with a clear message and leaves progress intact', async () => {
    await tickOnChapter([1]);
    const { page, errors } = await openPage(context, 'progress/');
    const before = await readProgress(page);

    await importFile(page, 'package.json', JSON.stringify({ name: 'some-app', version: '1.0.0' }));
    await expect.poll(() => message(page).textContent()).toMatch(/package\.json: This is not a progress export from this handbook/);
    expect(await message(page).getAttribute('role')).toBe('alert');
    expect(await page.locator('[data-import-choice]').isVisible()).toBe(false);

    await importFile(page, 'broken.json', '{"format": "backend-devops-mlops-handbook/progress", "items": ');
    await expect.poll(() => message(page).textContent()).toMatch(/broken\.json: This file is not valid JSON/);
    expect(await readProgress(page)).toEqual(before);
    await expect.poll(() => row(page).locator('[data-chapter-count]').textContent()).toMatch(/^1 of \d+ done$/);
    expect(errors).toEqual([]);
  });

  it('copies a readable Markdown report', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url()).origin });
    await tickOnChapter([0]);
    const { page } = await openPage(context, 'progress/');
    const firstItem = await page.evaluate(
      (chapter) => JSON.parse(document.querySelector('[data-catalog]')!.textContent!).flatMap((g: any) => g.chapters).find((c: any) => c.id === chapter).items[0].text,
      CHAPTER,
    );
    await page.getByRole('button', { name: 'Copy as Markdown' }).click();
    await expect.poll(() => message(page).textContent()).toMatch(/Copied the report/);
    const report = await page.evaluate(() => navigator.clipboard.readText());
    expect(report).toMatch(/^# .+: my progress\n/);
    expect(report).toContain(`- [x] ${firstItem}`);
    expect(report).toMatch(/### \[Containers and orchestration\]\(http:\/\/127\.0\.0\.1:\d+\/.*devops\/containers\/\): 1 of \d+/);
  });

  it('falls back to a text box when the clipboard is refused', async () => {
    const { page } = await openPage(context, 'progress/');
    await page.evaluate(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } });
    });
    await page.getByRole('button', { name: 'Copy as Markdown' }).click();
    await expect.poll(() => page.locator('[data-report] textarea').inputValue()).toMatch(/: my progress/);
  });
});
