/** The progress page works with the keyboard alone: export, import (with the merge choice) and reset. */
import { describe, expect, it } from 'vitest';
import { openPage, readProgress, tabTo, ticked, useBrowser } from '../support/browser';

const browser = useBrowser();


describe('progress page by keyboard', () => {
  it('exports, imports with a merge, and resets without a mouse', async () => {
    const context = await browser.context({ acceptDownloads: true });
    const chapter = await openPage(context, 'devops/containers/');
    await chapter.page.locator('handbook-checklist input').nth(0).check();
    const { page } = await openPage(context, 'progress/');

    await tabTo(page, '[data-export]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const exported = await browser.save(download);

    await tabTo(page, 'input[type=file][data-import]');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles(exported);
    await expect.poll(() => page.evaluate(() => document.activeElement?.matches('[data-merge]'))).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-message]').textContent()).toMatch(/merged/);

    await tabTo(page, '[data-reset-all]');
    page.once('dialog', (dialog) => dialog.accept());
    await page.keyboard.press('Enter');
    await expect.poll(async () => ticked(await readProgress(page), 'devops/containers')).toEqual([]);
    await context.close();
  });
});
