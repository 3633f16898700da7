/** The progress page works with the keyboard alone: export, import (with the merge choice) and reset. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, readProgress } from '../support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

/** Presses Tab until the element matching `selector` has focus, as a keyboard user would. */
async function tabTo(page: Page, selector: string) {
  for (let presses = 0; presses < 200; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe('progress page by keyboard', () => {
  it('exports, imports with a merge, and resets without a mouse', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const chapter = await openPage(context, 'devops/containers/');
    await chapter.page.locator('handbook-checklist input').nth(0).check();
    const { page } = await openPage(context, 'progress/');

    await tabTo(page, '[data-export]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const exported = await download.path();

    await tabTo(page, 'input[type=file][data-import]');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles(exported!);
    await expect.poll(() => page.evaluate(() => document.activeElement?.matches('[data-merge]'))).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-message]').textContent()).toMatch(/merged/);

    await tabTo(page, '[data-reset-all]');
    page.once('dialog', (dialog) => dialog.accept());
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await readProgress(page)).items).toEqual({});
    await context.close();
  });
});
