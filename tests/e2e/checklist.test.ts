/** The chapter checklist in real Chromium: saving, reloading, keyboard, tabs, damaged, full and blocked storage. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { itAtRootOnly, openPage, progressKey, readProgress, tabTo, ticked, useBrowser } from '../support/browser';

const CHAPTER = 'devops/containers';
const PAGE = `${CHAPTER}/`;
const browser = useBrowser();

const boxes = (page: Page) => page.locator('handbook-checklist input[type=checkbox]');
const count = (page: Page) => page.locator('handbook-checklist [data-count]');
const notice = (page: Page) => page.locator('handbook-checklist handbook-progress-notice');
const idsOf = (page: Page) => boxes(page).evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));

describe('chapter checklist', () => {
  it('keeps ticks across a reload and shows the count', async () => {
    const context = await browser.context();
    const { page, errors } = await openPage(context, PAGE);
    const total = await boxes(page).count();
    expect(total).toBeGreaterThanOrEqual(6);
    await expect.poll(() => count(page).textContent()).toBe(`0 of ${total} done`);

    await page.locator('handbook-checklist label').nth(0).click();
    await boxes(page).nth(2).check();
    await expect.poll(() => count(page).textContent()).toBe(`2 of ${total} done`);
    expect(await page.locator('handbook-checklist progress').evaluate((bar: HTMLProgressElement) => bar.value)).toBe(2);

    await page.reload();
    await expect.poll(() => count(page).textContent()).toBe(`2 of ${total} done`);
    expect(await boxes(page).nth(0).isChecked()).toBe(true);
    expect(await boxes(page).nth(1).isChecked()).toBe(false);
    expect(await boxes(page).nth(2).isChecked()).toBe(true);

    const saved = await readProgress(page);
    expect(saved.version).toBe(3);
    const ids = await idsOf(page);
    expect(ticked(saved, CHAPTER)).toEqual([ids[0], ids[2]].sort());
    expect(errors).toEqual([]);
  });

  itAtRootOnly('can be ticked with the keyboard alone', async () => {
    const { page } = await openPage(await browser.context(), PAGE);
    const ids = await idsOf(page);
    await tabTo(page, `handbook-checklist input[value="${ids[0]}"]`);
    await page.keyboard.press('Space');
    await tabTo(page, `handbook-checklist input[value="${ids[1]}"]`);
    await page.keyboard.press('Space');
    await expect.poll(() => count(page).textContent()).toMatch(/^2 of \d+ done$/);
    expect(ticked(await readProgress(page), CHAPTER)).toEqual([ids[0], ids[1]].sort());
  });

  itAtRootOnly('shows a tick made in one tab in another tab', async () => {
    const context = await browser.context();
    const first = await openPage(context, PAGE);
    const second = await openPage(context, PAGE);
    await boxes(first.page).nth(3).check();
    await expect.poll(() => boxes(second.page).nth(3).isChecked()).toBe(true);
    await expect.poll(() => count(second.page).textContent()).toMatch(/^1 of \d+ done$/);
  });

  itAtRootOnly('two tabs ticking at the same moment lose nothing, and unticks cross tabs too', async () => {
    const context = await browser.context();
    const tabA = (await openPage(context, PAGE)).page;
    const tabB = (await openPage(context, PAGE)).page;
    const ids = await idsOf(tabA);
    expect(ids.length).toBeGreaterThanOrEqual(10);
    const [mine, theirs] = [ids.slice(0, 5), ids.slice(5, 10)];
    // Each tab ticks five items within one task, both at once: neither has heard of the other's writes.
    const tickAll = (page: Page, list: string[]) =>
      page.evaluate((values) => {
        for (const value of values) document.querySelector<HTMLInputElement>(`handbook-checklist input[value="${value}"]`)!.click();
      }, list);
    await Promise.all([tickAll(tabA, mine), tickAll(tabB, theirs)]);
    await expect.poll(async () => ticked(await readProgress(tabA), CHAPTER)).toEqual([...mine, ...theirs].sort());
    await expect.poll(() => count(tabA).textContent()).toMatch(/^10 of/);
    await expect.poll(() => count(tabB).textContent()).toMatch(/^10 of/);
    // Across tabs: B unticks two of A's items while A unticks one of B's and re-ticks one of its own.
    await Promise.all([tickAll(tabB, [mine[0]!, mine[1]!]), tickAll(tabA, [theirs[0]!])]);
    await expect.poll(() => count(tabA).textContent()).toMatch(/^7 of/);
    await tickAll(tabA, [mine[0]!]);
    const expected = [mine[0]!, ...mine.slice(2), ...theirs.slice(1)].sort();
    await expect.poll(async () => ticked(await readProgress(tabB), CHAPTER)).toEqual(expected);
    await tabA.reload();
    await tabB.reload();
    for (const page of [tabA, tabB]) {
      await expect.poll(async () => (await idsOf(page)).filter((_, index) => index < 10)).toHaveLength(10);
      const checked = await boxes(page).evaluateAll((inputs) => inputs.filter((input) => (input as HTMLInputElement).checked).map((input) => (input as HTMLInputElement).value).sort());
      expect(checked).toEqual(expected);
    }
  });

  itAtRootOnly('a tab whose ticks could not be saved (storage full) keeps them when another tab frees space and ticks', async () => {
    const context = await browser.context();
    const tabA = (await openPage(context, PAGE)).page;
    const tabB = (await openPage(context, PAGE)).page;
    // Fill this origin's storage to the quota.
    await tabA.evaluate(() => {
      const chunk = 'x'.repeat(256 * 1024);
      for (let i = 0; ; i++) {
        try {
          localStorage.setItem(`filler-${i}`, chunk);
        } catch {
          // Fill what is left with ever smaller values, each size until it no longer fits.
          for (let size = 128 * 1024, n = 0; size >= 8; size /= 2) {
            try {
              for (;;) localStorage.setItem(`filler-tail-${n++}`, 'y'.repeat(size));
            } catch {
              // smaller next time
            }
          }
          return;
        }
      }
    });
    await boxes(tabA).nth(0).check();
    await boxes(tabA).nth(1).check();
    await expect.poll(() => notice(tabA).textContent()).toMatch(/storage for this site is full/);
    expect(await readProgress(tabA)).toBeNull();
    // Tab B frees space and ticks another item.
    await tabB.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('filler-')).forEach((key) => localStorage.removeItem(key)));
    await boxes(tabB).nth(5).check();
    await expect.poll(() => count(tabA).textContent()).toMatch(/^3 of/);
    const ids = await idsOf(tabA);
    await expect.poll(async () => ticked(await readProgress(tabA), CHAPTER)).toEqual([ids[0], ids[1], ids[5]].sort());
    await expect.poll(() => notice(tabA).isVisible()).toBe(false);
  });

  itAtRootOnly('keeps ticks of items the page no longer shows, says so, and names them before a reset', async () => {
    const context = await browser.context();
    await context.addInitScript(
      ({ key, chapter }) => {
        if (!localStorage.getItem(key)) localStorage.setItem(key, JSON.stringify({ version: 2, items: { [chapter]: { 'retired-item': '2026-01-01T00:00:00.000Z' } }, updatedAt: null }));
      },
      { key: progressKey(), chapter: CHAPTER },
    );
    const { page } = await openPage(context, PAGE);
    await expect.poll(() => count(page).textContent()).toMatch(/^0 of \d+ done$/);
    expect(await page.locator('handbook-checklist [data-unknown]').textContent()).toMatch(/1 tick of items this version no longer has \(retired-item\)/);
    await boxes(page).nth(0).check();
    await expect.poll(async () => ticked(await readProgress(page), CHAPTER)).toHaveLength(2);
    expect((await readProgress(page)).items[CHAPTER]['retired-item']).toEqual({ done: true, changedAt: '2026-01-01T00:00:00.000Z', tickedAt: '2026-01-01T00:00:00.000Z' });
    const asked = new Promise<string>((resolve) => page.once('dialog', (dialog) => (resolve(dialog.message()), void dialog.dismiss())));
    await page.getByRole('button', { name: 'Reset this chapter’s checklist' }).click();
    expect(await asked).toMatch(/also removes 1 tick of items this version no longer has \(retired-item\)/);
  });

  itAtRootOnly('resets this chapter only after the reader confirms', async () => {
    const { page } = await openPage(await browser.context(), PAGE);
    await boxes(page).nth(0).check();
    await boxes(page).nth(1).check();
    page.once('dialog', (dialog) => dialog.dismiss());
    await page.getByRole('button', { name: 'Reset this chapter’s checklist' }).click();
    expect(await boxes(page).nth(0).isChecked()).toBe(true);
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Reset this chapter’s checklist' }).click();
    await expect.poll(() => count(page).textContent()).toMatch(/^0 of \d+ done$/);
    expect(await boxes(page).nth(0).isChecked()).toBe(false);
    expect(ticked(await readProgress(page), CHAPTER)).toEqual([]);
  });

  itAtRootOnly('sets a damaged value aside, keeps offering it across ticks and reloads until dismissed, and keeps saving', async () => {
    const context = await browser.context({ acceptDownloads: true });
    const damaged = '{"version":2,"items":{"devops/cont';
    await context.addInitScript(
      ({ key, value }) => {
        if (!sessionStorage.getItem('seeded')) {
          localStorage.setItem(key, value);
          sessionStorage.setItem('seeded', '1');
        }
      },
      { key: progressKey(), value: damaged },
    );
    const { page, errors } = await openPage(context, PAGE);
    await expect.poll(() => notice(page).textContent()).toMatch(/could not be read was set aside/);
    await boxes(page).nth(0).check();
    await expect.poll(() => count(page).textContent()).toMatch(/^1 of \d+ done$/);
    await page.reload();
    await expect.poll(() => notice(page).textContent()).toMatch(/could not be read was set aside/);
    const [download] = await Promise.all([page.waitForEvent('download'), notice(page).getByRole('link', { name: 'Download it' }).click()]);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(await browser.save(download), 'utf8')).toBe(damaged);
    await notice(page).getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => notice(page).isVisible()).toBe(false);
    await page.reload();
    await expect.poll(() => count(page).textContent()).toMatch(/^1 of \d+ done$/);
    expect(await notice(page).isVisible()).toBe(false);
    expect(errors).toEqual([]);
  });

  itAtRootOnly('works for the visit when the browser blocks storage, says so, and the theme picker still works', async () => {
    const context = await browser.context({ colorScheme: 'dark' });
    await context.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    });
    const { page, errors } = await openPage(context, PAGE);
    await expect.poll(() => notice(page).textContent()).toMatch(/not letting this site keep data/);
    await boxes(page).nth(1).check();
    await expect.poll(() => count(page).textContent()).toMatch(/^1 of \d+ done$/);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.locator('starlight-theme-select select').first().selectOption('light');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(errors).toEqual([]);
  });

  itAtRootOnly('is a readable list of native checkboxes with labels without JavaScript, and says ticks are not kept', async () => {
    const { page } = await openPage(await browser.context({ javaScriptEnabled: false }), PAGE);
    const total = await boxes(page).count();
    expect(total).toBeGreaterThanOrEqual(6);
    expect(await count(page).textContent()).toBe(`${total} items`);
    for (let index = 0; index < total; index++) {
      const id = await boxes(page).nth(index).getAttribute('id');
      expect((await page.locator(`label[for="${id}"]`).textContent())?.trim().length).toBeGreaterThan(0);
    }
    // Playwright's text engine skips <noscript>, so the notice is found by its place.
    const noScript = page.locator('handbook-checklist noscript p');
    expect(await noScript.textContent()).toMatch(/^Without JavaScript, ticks here are not saved/);
    expect(await noScript.isVisible()).toBe(true);
  });
});
