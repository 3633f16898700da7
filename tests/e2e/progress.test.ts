/** The progress page in real Chromium: counts, export, reset, import (merge, replace, refusal), report, storage states. */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { itAtRootOnly, openPage, pageCatalog, progressKey, readProgress, ticked, url, useBrowser } from '../support/browser';

const CHAPTER = 'devops/containers';
const FORMAT = 'backend-devops-mlops-handbook/progress';
const work = mkdtempSync(join(tmpdir(), 'handbook-progress-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const browser = useBrowser();

const row = (page: Page, chapter = CHAPTER) => page.locator(`tr[data-chapter="${chapter}"]`);
const message = (page: Page) => page.locator('[data-message]');

async function tickOnChapter(context: BrowserContext, indexes: number[]): Promise<Page> {
  const { page } = await openPage(context, `${CHAPTER}/`);
  for (const index of indexes) await page.locator('handbook-checklist input').nth(index).check();
  return page;
}

async function importFile(page: Page, name: string, contents: string | Buffer) {
  const path = join(work, name);
  writeFileSync(path, contents);
  await page.locator('input[type=file][data-import]').setInputFiles(path);
}

async function itemIds(page: Page): Promise<string[]> {
  return (await pageCatalog(page)).flatMap((group) => group.chapters).find((chapter) => chapter.id === CHAPTER)!.items.map((item) => item.id);
}

const exportOf = (items: Record<string, Record<string, string>>, site = url()) =>
  JSON.stringify({ format: FORMAT, version: 2, site, exportedAt: '2026-11-01T00:00:00.000Z', items });

describe('progress page', () => {
  it('shows the ticks and knowledge-check answers made in a chapter, per chapter and overall', async () => {
    const context = await browser.context();
    const chapterPage = await tickOnChapter(context, [0, 1, 4]);
    const total = await chapterPage.locator('handbook-checklist input').count();
    const question = chapterPage.locator('handbook-knowledge-check form').first();
    await question.locator('input').first().check();
    await question.getByRole('button', { name: 'Check' }).click();
    const { page, errors } = await openPage(context, 'progress/');
    await expect.poll(() => row(page).locator('[data-chapter-count]').textContent()).toBe(`3 of ${total} done`);
    await expect.poll(() => row(page).locator('[data-chapter-quiz]').textContent()).toMatch(/^[01] of \d+ right$/);
    expect(await row(page).locator('a').getAttribute('href')).toBe(new URL(url(`${CHAPTER}/`)).pathname);
    expect(await page.locator('[data-overall]').textContent()).toMatch(/^3 of \d+ done: \d+% of the handbook’s checklists\. [01] of \d+ knowledge-check questions answered correctly\.$/);
    expect(errors).toEqual([]);
  });

  it('shows progress saved by the previous version of the handbook as it was', async () => {
    const context = await browser.context();
    const fixture = JSON.parse(readFileSync('tests/fixtures/progress-v2/local-storage.json', 'utf8'))['handbook-progress:/'];
    await context.addInitScript(({ key, value }) => localStorage.getItem(key) ?? localStorage.setItem(key, value), { key: progressKey(), value: fixture });
    const { page } = await openPage(context, 'progress/');
    await expect.poll(() => row(page).locator('[data-chapter-count]').textContent()).toMatch(/^2 of \d+ done$/);
    await expect.poll(() => row(page, 'devops/ci-cd').locator('[data-chapter-count]').textContent()).toMatch(/^1 of \d+ done$/);
    // The tick of an item the ci-cd chapter no longer has is listed, not lost.
    expect(await page.locator('[data-unknown-list]').textContent()).toMatch(/CI\/CD.*1 tick for items this version no longer has: item-removed-since/);
    expect(await readProgress(page)).toEqual(JSON.parse(fixture));
  });

  it('exports with the reader’s name, resets all after confirmation, and restores from the export', async () => {
    const context = await browser.context({ acceptDownloads: true });
    await tickOnChapter(context, [0, 2]);
    const { page } = await openPage(context, 'progress/');
    const before = await readProgress(page);

    await page.getByLabel(/Your name in the export/).fill('Ada Lovelace');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export progress (JSON)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^handbook-progress-\d{4}-\d{2}-\d{2}\.json$/);
    await expect.poll(() => message(page).textContent()).toMatch(/Exported handbook-progress-.*\.json with 2 ticked items and 0 answers\./);
    const exported = join(work, 'export.json');
    await download.saveAs(exported);
    const file = JSON.parse(readFileSync(exported, 'utf8'));
    expect(file).toMatchObject({ format: FORMAT, version: 3, name: 'Ada Lovelace', site: url() });
    expect(file.items).toEqual(before.items);

    page.once('dialog', (dialog) => dialog.dismiss());
    await page.getByRole('button', { name: 'Reset all progress' }).click();
    expect((await readProgress(page)).items).toEqual(before.items);

    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Reset all progress' }).click();
    await expect.poll(() => row(page).locator('[data-chapter-count]').textContent()).toMatch(/^0 of \d+ done$/);
    expect(ticked(await readProgress(page), CHAPTER)).toEqual([]);

    await page.locator('input[type=file][data-import]').setInputFiles(exported);
    await expect.poll(() => page.locator('[data-import-summary]').textContent()).toMatch(/holds 2 ticked items and 0 answered questions in 1 chapter, exported \d{4}-\d{2}-\d{2} by Ada Lovelace\./);
    expect(await page.locator('[data-import-summary]').textContent()).not.toMatch(/another handbook/);
    await page.getByRole('button', { name: 'Replace my progress' }).click();
    await expect.poll(() => row(page).locator('[data-chapter-count]').textContent()).toMatch(/^2 of \d+ done$/);
    expect(ticked(await readProgress(page), CHAPTER)).toEqual(ticked(before, CHAPTER));
    expect(await message(page).textContent()).toMatch(/saved in this browser/);

    const chapter = await openPage(context, `${CHAPTER}/`);
    expect(await chapter.page.locator('handbook-checklist input').nth(2).isChecked()).toBe(true);
  });

  itAtRootOnly('merges an import into current progress, or replaces it, as the reader chooses', async () => {
    const context = await browser.context();
    await tickOnChapter(context, [0]);
    const { page } = await openPage(context, 'progress/');
    const items = await itemIds(page);
    const other = exportOf({ [CHAPTER]: { [items[3]!]: '2026-11-01T00:00:00.000Z' } });

    await importFile(page, 'other.json', other);
    await page.getByRole('button', { name: 'Merge into my progress' }).click();
    await expect.poll(async () => ticked(await readProgress(page), CHAPTER)).toEqual([items[0]!, items[3]!].sort());

    await importFile(page, 'other.json', other);
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await message(page).textContent()).toMatch(/nothing was changed/);

    await importFile(page, 'other.json', other);
    await page.getByRole('button', { name: 'Replace my progress' }).click();
    await expect.poll(async () => ticked(await readProgress(page), CHAPTER)).toEqual([items[3]]);
  });

  it('says when a file comes from another handbook before bringing it in', async () => {
    const context = await browser.context();
    const { page } = await openPage(context, 'progress/');
    const items = await itemIds(page);
    await importFile(page, 'theirs.json', exportOf({ [CHAPTER]: { [items[1]!]: '2026-11-01T00:00:00.000Z' } }, 'https://other.example/handbook/'));
    await expect.poll(() => page.locator('[data-import-summary]').textContent()).toMatch(/exported from another handbook, https:\/\/other\.example\/handbook\/, not from this one/);
  });

  itAtRootOnly('imports ids named like Object.prototype members as ids: no phantom ticks, nothing lost on reload', async () => {
    const context = await browser.context();
    const { page, errors } = await openPage(context, 'progress/');
    const items = await itemIds(page);
    const hostile = `{"format":"${FORMAT}","version":2,"site":"${url()}","items":{"__proto__":{"${items[0]}":"2026-11-01T00:00:00.000Z"},"constructor":{"constructor":"2026-11-01T00:00:00.000Z"},"hasOwnProperty":{"x":"2026-11-01T00:00:00.000Z"},"valueOf":{"y":"2026-11-01T00:00:00.000Z"},"${CHAPTER}":{"constructor":"2026-11-01T00:00:00.000Z"}}}`;
    await importFile(page, 'hostile.json', hostile);
    await expect.poll(() => page.locator('[data-import-summary]').textContent()).toMatch(/holds 5 ticked items and 0 answered questions in 5 chapters/);
    await page.getByRole('button', { name: 'Merge into my progress' }).click();
    await expect.poll(() => message(page).textContent()).toMatch(/merged/);
    expect(await page.evaluate((id) => (Object.prototype as Record<string, unknown>)[id], items[0]!)).toBeUndefined();
    expect(await row(page).locator('[data-chapter-count]').textContent()).toMatch(/^0 of \d+ done$/);
    const listed = async () => (await page.locator('[data-unknown-list]').textContent()) ?? '';
    for (const id of ['__proto__', 'constructor', 'hasOwnProperty', 'valueOf']) expect(await listed()).toContain(id);
    await page.reload();
    for (const id of ['__proto__', 'constructor', 'hasOwnProperty', 'valueOf']) await expect.poll(listed).toContain(id);
    const saved = await readProgress(page);
    expect(Object.keys(saved.items).sort()).toEqual(['__proto__', 'constructor', CHAPTER, 'hasOwnProperty', 'valueOf'].sort());
    expect(errors).toEqual([]);
  });

  itAtRootOnly('refuses an invalid, foreign or oversized file with a clear message and leaves progress intact', async () => {
    const context = await browser.context();
    await tickOnChapter(context, [1]);
    const { page, errors } = await openPage(context, 'progress/');
    const before = await readProgress(page);

    await importFile(page, 'package.json', JSON.stringify({ name: 'some-app', version: '1.0.0' }));
    await expect.poll(() => message(page).textContent()).toMatch(/package\.json: This is not a progress export of this handbook/);
    expect(await message(page).getAttribute('role')).toBe('alert');
    expect(await page.locator('[data-import-choice]').isVisible()).toBe(false);

    await importFile(page, 'broken.json', '{"format": "backend-devops-mlops-handbook/progress", "items": ');
    await expect.poll(() => message(page).textContent()).toMatch(/broken\.json: This file is not valid JSON/);

    await importFile(page, 'huge.json', Buffer.alloc(9_000_000, 32));
    await expect.poll(() => message(page).textContent()).toMatch(/huge\.json: This file is 9\.0 MB.*so it was not read/);

    const longId = 'x'.repeat(10_000);
    await importFile(page, 'long.json', exportOf({ [CHAPTER]: { [longId]: 'soon' } }));
    await expect.poll(() => message(page).textContent()).toMatch(/damaged/);
    expect((await message(page).textContent())!.length).toBeLessThan(400);

    expect(await readProgress(page)).toEqual(before);
    await expect.poll(() => row(page).locator('[data-chapter-count]').textContent()).toMatch(/^1 of \d+ done$/);
    expect(errors).toEqual([]);
  });

  itAtRootOnly('with storage blocked, says an import lasts for the visit and what an export holds', async () => {
    const context = await browser.context({ acceptDownloads: true });
    await context.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    });
    const { page, errors } = await openPage(context, 'progress/');
    await expect.poll(() => page.locator('handbook-progress-notice').first().textContent()).toMatch(/not letting this site keep data/);
    const items = await itemIds(page);
    await importFile(page, 'file.json', exportOf({ [CHAPTER]: { [items[0]!]: '2026-11-01T00:00:00.000Z' } }));
    await page.getByRole('button', { name: 'Merge into my progress' }).click();
    await expect.poll(() => message(page).textContent()).toMatch(/merged into yours for this visit only: it could not be saved/);
    await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export progress (JSON)' }).click()]);
    await expect.poll(() => message(page).textContent()).toMatch(/with 1 ticked item and 0 answers from this visit; your browser is not keeping them/);
    expect(errors).toEqual([]);
  });

  itAtRootOnly('with a record from a newer handbook stored, leaves it untouched and says the export holds only this visit', async () => {
    const context = await browser.context({ acceptDownloads: true });
    const newer = JSON.stringify({ version: 99, items: { [CHAPTER]: { a: 'future' } } });
    await context.addInitScript(({ key, value }) => localStorage.getItem(key) ?? localStorage.setItem(key, value), { key: progressKey(), value: newer });
    const { page } = await openPage(context, 'progress/');
    await expect.poll(() => page.locator('handbook-progress-notice').first().textContent()).toMatch(/saved by a newer version/);
    await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export progress (JSON)' }).click()]);
    await expect.poll(() => message(page).textContent()).toMatch(/only this visit’s 0 ticked items.*newer version/);
    expect(await page.evaluate((key) => localStorage.getItem(key), progressKey())).toBe(newer);
  });

  it('copies a readable Markdown report', async () => {
    const context = await browser.context();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url()).origin });
    await tickOnChapter(context, [0]);
    // One knowledge-check question answered right.
    const chapter = (await openPage(context, 'devops/containers/')).page;
    const question = chapter.locator('handbook-knowledge-check form').first();
    const right = await question.locator('[data-why][data-correct="true"]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-why')!));
    for (const id of right) await question.locator(`input[value="${id}"]`).check();
    await question.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => question.locator('[data-verdict]').textContent()).toMatch(/^Right\./);
    const { page } = await openPage(context, 'progress/');
    const firstItem = (await pageCatalog(page)).flatMap((group) => group.chapters).find((chapter) => chapter.id === CHAPTER)!.items[0]!.text;
    await page.getByRole('button', { name: 'Copy as Markdown' }).click();
    await expect.poll(() => message(page).textContent()).toMatch(/Copied the report/);
    const report = await page.evaluate(() => navigator.clipboard.readText());
    expect(report).toMatch(/^# .+: my progress\n/);
    expect(report).toContain(`- [x] ${firstItem}`);
    expect(report).toMatch(/### \[Containers and orchestration\]\(http:\/\/127\.0\.0\.1:\d+\/.*devops\/containers\/\): 1 of \d+, knowledge check 1 of \d+ right/);
  });

  itAtRootOnly('falls back to a text box when the clipboard is refused', async () => {
    const { page } = await openPage(await browser.context(), 'progress/');
    await page.evaluate(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } });
    });
    await page.getByRole('button', { name: 'Copy as Markdown' }).click();
    await expect.poll(() => page.locator('[data-report] textarea').inputValue()).toMatch(/: my progress/);
  });
});
