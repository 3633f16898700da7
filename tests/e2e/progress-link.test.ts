/**
 * "Move to another device": progress carried by a link from one browser profile to another (two browser
 * contexts share nothing), read from its QR code as a phone camera would, merged by the import's rules;
 * bad, cut, altered and foreign links change nothing and say why.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { applyChange, emptyRecord } from '../../src/lib/progress-record';
import { toExportFile } from '../../src/lib/progress-transfer';
import { encodeProgressFragment } from '../../src/lib/progress-link';
import { itAtRootOnly, openPage, pageCatalog, readProgress, recordErrors, ticked, url, useBrowser } from '../support/browser';

const CHAPTER = 'devops/containers';
const browser = useBrowser();
const jsQR = readFileSync(createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js'), 'utf8');

const message = (page: Page) => page.locator('[data-message]');
const summary = (page: Page) => page.locator('[data-import-summary]');

async function tick(context: BrowserContext, indexes: number[]): Promise<void> {
  const { page } = await openPage(context, `${CHAPTER}/`);
  for (const index of indexes) await page.locator('handbook-checklist input').nth(index).check();
  await page.close();
}

/** The text of a QR code in a PNG, decoded by jsQR in a blank page (no site policy applies there). */
async function readQr(context: BrowserContext, png: Buffer): Promise<string | null> {
  const page = await context.newPage();
  await page.setContent('<canvas></canvas>');
  await page.addScriptTag({ content: jsQR });
  const text = await page.evaluate(async (data) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = document.querySelector('canvas')!;
    canvas.width = image.width;
    canvas.height = image.height;
    const context2d = canvas.getContext('2d')!;
    context2d.drawImage(image, 0, 0);
    const pixels = context2d.getImageData(0, 0, image.width, image.height);
    return (window as any).jsQR(pixels.data, image.width, image.height)?.data ?? null;
  }, png.toString('base64'));
  await page.close();
  return text;
}

async function linkFrom(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Move to another device' }).click();
  const input = page.locator('[data-move-link]');
  await expect.poll(() => input.inputValue()).toMatch(/#move=1\.[A-Za-z0-9_-]+$/);
  return input.inputValue();
}

describe('progress moved by a link', () => {
  it('carries ticks to another browser profile, by the link or its QR code, and merges them with what is there', async () => {
    const laptop = await browser.context();
    await tick(laptop, [0, 1]);
    const { page: from, errors } = await openPage(laptop, 'progress/');
    const link = await linkFrom(from);
    expect(new URL(link).pathname).toBe(new URL(url('progress/')).pathname);
    // Said once the QR code's encoder has loaded, after the link is in the field.
    await expect.poll(() => message(from).textContent()).toMatch(/holds 2 ticks/);
    // What a phone camera reads off the screen is the same link.
    const qr = from.locator('[data-move-qr] svg');
    expect(await qr.getAttribute('role')).toBe('img');
    expect(await readQr(laptop, await qr.screenshot())).toBe(link);

    const phone = await browser.context({ viewport: { width: 390, height: 844 } });
    await tick(phone, [2]);
    const to = await phone.newPage();
    const phoneErrors = recordErrors(to);
    await to.goto(link);
    await expect.poll(() => summary(to).textContent()).toMatch(/^This link holds 2 ticked items and 0 answered questions in 1 chapter, exported \d{4}-\d{2}-\d{2}\. Merge/);
    // Nothing changes before the reader chooses, and the address no longer carries the progress.
    expect(ticked(await readProgress(to), CHAPTER)).toHaveLength(1);
    expect(new URL(to.url()).hash).toBe('');
    await to.getByRole('button', { name: 'Merge into my progress' }).click();
    await expect.poll(() => message(to).textContent()).toMatch(/^Imported: the link’s progress was merged into yours, and saved in this browser\.$/);
    const ids = (await pageCatalog(to)).flatMap((group) => group.chapters).find((chapter) => chapter.id === CHAPTER)!.items.map((item) => item.id);
    expect(ticked(await readProgress(to), CHAPTER).sort()).toEqual([ids[0], ids[1], ids[2]].sort());
    await to.reload();
    await expect.poll(() => to.locator('[data-chapter="devops/containers"] [data-chapter-count]').textContent()).toMatch(/^3 of/);
    expect(await to.locator('[data-import-choice]').isHidden()).toBe(true);
    expect([...errors, ...phoneErrors]).toEqual([]);
    await laptop.close();
    await phone.close();
  });

  itAtRootOnly('reads a link pasted into the open progress page', async () => {
    const context = await browser.context();
    const { page } = await openPage(context, 'progress/');
    let record = applyChange(emptyRecord(), { type: 'tick', chapter: CHAPTER, item: 'pasted-item', done: true }, '2026-11-01T10:00:00.000Z');
    record = applyChange(record, { type: 'answer', chapter: CHAPTER, question: 'q', choices: ['a'], correct: false }, '2026-11-01T10:00:00.000Z');
    const fragment = await encodeProgressFragment(toExportFile(record, url(), '2026-11-02T10:00:00.000Z'));
    await page.evaluate((hash) => (location.hash = hash), fragment);
    await expect.poll(() => summary(page).textContent()).toMatch(/^This link holds 1 ticked item and 1 answered question in 1 chapter, exported 2026-11-02\. Merge/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await message(page).textContent()).toBe('The link was not used: nothing was changed.');
    expect(ticked(await readProgress(page), CHAPTER)).toEqual([]);
    await context.close();
  });

  it('changes nothing for a cut, altered or foreign link, and says why', async () => {
    const context = await browser.context();
    await tick(context, [0]);
    const record = applyChange(emptyRecord(), { type: 'tick', chapter: CHAPTER, item: 'x', done: true }, '2026-11-01T10:00:00.000Z');
    const good = await encodeProgressFragment(toExportFile(record, url(), '2026-11-02T10:00:00.000Z'));
    const data = good.slice('move=1.'.length);
    const altered = `move=1.${data.slice(0, 10)}${data[10] === 'A' ? 'B' : 'A'}${data.slice(11)}`;
    for (const bad of [good.slice(0, good.length - 6), altered, 'move=1.', `move=9.${data}`]) {
      const { page } = await openPage(context, `progress/#${bad}`);
      await expect.poll(() => page.locator('[data-message][role=alert]').textContent()).toMatch(/^This link: .*Nothing was changed\.$/);
      expect(await page.locator('[data-import-choice]').isHidden()).toBe(true);
      expect(ticked(await readProgress(page), CHAPTER)).toHaveLength(1);
      await page.close();
    }

    const foreign = await encodeProgressFragment(toExportFile(record, 'https://other.example/handbook/', '2026-11-02T10:00:00.000Z'));
    const { page } = await openPage(context, `progress/#${foreign}`);
    await expect.poll(() => summary(page).textContent()).toContain('It was exported from another handbook, https://other.example/handbook/, not from this one');
    expect(ticked(await readProgress(page), CHAPTER)).toHaveLength(1);
    await context.close();
  });
});
