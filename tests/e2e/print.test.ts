/**
 * The print view: a track's chapters gathered with the reader's ticks, rendered to PDF by Chromium
 * and read back with pdftotext (poppler-utils): chapters and ticks in, site chrome out.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from '../support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

function pdfText(pdf: Buffer): { text: string; pages: number } {
  const file = join(mkdtempSync(join(tmpdir(), 'handbook-print-')), 'print.pdf');
  writeFileSync(file, pdf);
  const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  if (text.error) throw new Error('The print test reads the PDF with pdftotext: sudo apt-get install -y poppler-utils');
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
  return { text: text.stdout, pages: Number(info.match(/Pages:\s+(\d+)/)?.[1]) };
}

describe('print view', () => {
  it('gathers the DevOps chapters with the reader’s ticks into a clean PDF', async () => {
    const context = await browser.newContext();
    const chapter = await openPage(context, 'devops/containers/');
    await chapter.page.locator('handbook-checklist input').nth(0).check();
    await chapter.page.locator('handbook-checklist input').nth(2).check();
    const ticked = (await chapter.page.locator('handbook-checklist label').nth(0).textContent())!.trim().split(/\s+/).slice(0, 2);

    const { page, errors } = await openPage(context, 'print/?include=devops');
    await page.locator('handbook-print[data-ready="devops"]').waitFor();
    const catalog = await page.evaluate(() => JSON.parse(document.querySelector('[data-print-catalog]')!.textContent!));
    const devops = catalog.find((group: { track: string }) => group.track === 'devops').pages;
    expect(await page.locator('.hb-print-chapter').count()).toBe(devops.length);
    expect(await page.locator('.hb-print-chapter handbook-checklist input:checked').count()).toBe(2);

    const { text, pages } = pdfText(await page.pdf({ format: 'A4' }));
    expect(pages).toBeGreaterThan(devops.length);
    for (const { title } of devops) expect(text).toContain(title);
    expect(text).toMatch(new RegExp(`\\[x\\]\\s+${ticked.join('\\s+')}`));
    expect(text).toMatch(/\[ \]\s+\S/);
    // Controls and navigation stay on screen.
    expect(text).not.toContain('Assemble');
    expect(text).not.toContain('Your progress');
    expect(errors).toEqual([]);
    await context.close();
  });
});
