/** The chapter checklist in real Chromium: saving, reloading, keyboard, tabs, damaged and blocked storage. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, ownErrors, progressKey, readProgress } from '../support/browser';

const CHAPTER = 'devops/containers';
const PAGE = `${CHAPTER}/`;

let browser: Browser;
let context: BrowserContext;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());
beforeEach(async () => {
  context = await browser.newContext();
});
afterEach(() => context.close());

const boxes = (page: Page) => page.locator('handbook-checklist input[type=checkbox]');
const count = (page: Page) => page.locator('handbook-checklist [data-count]');
const notice = (page: Page) => page.locator('handbook-checklist [data-notice]');

describe('chapter checklist', () => {
  it('keeps ticks across a reload and shows the count', async () => {
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
    expect(saved.version).toBe(2);
    const ids = await boxes(page).evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(Object.keys(saved.items[CHAPTER]).sort()).toEqual([ids[0], ids[2]].sort());
    expect(errors).toEqual([]);
  });

  it('can be ticked with the keyboard alone', async () => {
    const { page } = await openPage(context, PAGE);
    const ids = await boxes(page).evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    const focusedBox = () =>
      page.evaluate(() => {
        const active = document.activeElement as HTMLInputElement | null;
        return active?.closest('handbook-checklist') && active.type === 'checkbox' ? active.value : null;
      });
    // Tab through the page as a keyboard user would, until the wanted box has focus.
    const tabTo = async (id: string) => {
      for (let presses = 0; presses < 300; presses++) {
        await page.keyboard.press('Tab');
        if ((await focusedBox()) === id) return;
      }
      throw new Error(`Tab never reached the checkbox "${id}"`);
    };
    await tabTo(ids[0]!);
    await page.keyboard.press('Space');
    await tabTo(ids[1]!);
    await page.keyboard.press('Space');
    await expect.poll(() => count(page).textContent()).toMatch(/^2 of \d+ done$/);
    expect(await boxes(page).nth(1).isChecked()).toBe(true);
    expect(Object.keys((await readProgress(page)).items[CHAPTER]).sort()).toEqual([ids[0], ids[1]].sort());
  });

  it('shows a tick made in one tab in another tab', async () => {
    const first = await openPage(context, PAGE);
    const second = await openPage(context, PAGE);
    await boxes(first.page).nth(3).check();
    await expect.poll(() => boxes(second.page).nth(3).isChecked()).toBe(true);
    await expect.poll(() => count(second.page).textContent()).toMatch(/^1 of \d+ done$/);
  });

  it('keeps ticks of items the page no longer shows', async () => {
    await context.addInitScript(
      ({ key, chapter }) => {
        if (!localStorage.getItem(key)) {
          localStorage.setItem(key, JSON.stringify({ version: 2, items: { [chapter]: { 'retired-item': '2026-01-01T00:00:00.000Z' } }, updatedAt: null }));
        }
      },
      { key: progressKey(), chapter: CHAPTER },
    );
    const { page } = await openPage(context, PAGE);
    await expect.poll(() => count(page).textContent()).toMatch(/^0 of \d+ done$/);
    await boxes(page).nth(0).check();
    await expect.poll(async () => Object.keys((await readProgress(page)).items[CHAPTER] ?? {}).length).toBe(2);
    expect((await readProgress(page)).items[CHAPTER]['retired-item']).toBe('2026-01-01T00:00:00.000Z');
  });

  it('resets this chapter only after the reader confirms', async () => {
    const { page } = await openPage(context, PAGE);
    await boxes(page).nth(0).check();
    await boxes(page).nth(1).check();
    page.once('dialog', (dialog) => dialog.dismiss());
    await page.getByRole('button', { name: 'Reset this chapter' }).click();
    expect(await boxes(page).nth(0).isChecked()).toBe(true);
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Reset this chapter' }).click();
    await expect.poll(() => count(page).textContent()).toMatch(/^0 of \d+ done$/);
    expect(await boxes(page).nth(0).isChecked()).toBe(false);
    expect((await readProgress(page)).items[CHAPTER]).toBeUndefined();
  });

  it('survives a corrupted stored value: a notice, no exception, ticking still saves', async () => {
    await context.addInitScript((key) => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem(key, '{"version":2,"items":{"devops/cont');
        sessionStorage.setItem('seeded', '1');
      }
    }, progressKey());
    const { page, errors } = await openPage(context, PAGE);
    await expect.poll(() => notice(page).isVisible()).toBe(true);
    expect(await notice(page).textContent()).toMatch(/could not be read/);
    await boxes(page).nth(0).check();
    await expect.poll(() => count(page).textContent()).toMatch(/^1 of \d+ done$/);
    expect(Object.keys((await readProgress(page)).items[CHAPTER])).toHaveLength(1);
    const backup = await page.evaluate((key) => localStorage.getItem(`${key}:unreadable`), progressKey());
    expect(backup).toBe('{"version":2,"items":{"devops/cont');
    expect(errors).toEqual([]);
  });

  it('works for the visit when the browser blocks storage, and says so', async () => {
    await context.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    });
    const { page, errors } = await openPage(context, PAGE);
    await expect.poll(() => notice(page).isVisible()).toBe(true);
    expect(await notice(page).textContent()).toMatch(/not letting this site save data/);
    await boxes(page).nth(1).check();
    await expect.poll(() => count(page).textContent()).toMatch(/^1 of \d+ done$/);
    expect(await boxes(page).nth(1).isChecked()).toBe(true);
    // Starlight's own theme scripts throw when storage is blocked (upstream); ours must not.
    expect(ownErrors(errors)).toEqual([]);
  });

  it('is a readable list of native checkboxes with labels without JavaScript', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const { page } = await openPage(noScript, PAGE);
    const total = await boxes(page).count();
    expect(total).toBeGreaterThanOrEqual(6);
    expect(await count(page).textContent()).toBe(`${total} items`);
    for (let index = 0; index < total; index++) {
      const id = await boxes(page).nth(index).getAttribute('id');
      expect((await page.locator(`label[for="${id}"]`).textContent())?.trim().length).toBeGreaterThan(0);
    }
    await noScript.close();
  });
});
