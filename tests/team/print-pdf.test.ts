/**
 * The print view rendered to PDF by Chromium and read back with pdftotext (poppler-utils): a track's
 * pages and the reader's ticks in, site chrome out. The team's own track of the example overlay: two
 * pages print in seconds, where the DevOps track is over a hundred A4 pages and took 25-60 s. How a
 * whole track is gathered (ids, links, ticks, valid HTML) is checked by tests/e2e/print.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRINT_READY_MS, openPage, useBrowser } from '../support/browser';

const browser = useBrowser();
const work = mkdtempSync(join(tmpdir(), 'handbook-print-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function pdfText(pdf: Buffer): { text: string; pages: number } {
  const file = join(work, 'print.pdf');
  writeFileSync(file, pdf);
  const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  if (text.error) throw new Error('The print test reads the PDF with pdftotext: sudo apt-get install -y poppler-utils');
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
  return { text: text.stdout, pages: Number(info.match(/Pages:\s+(\d+)/)?.[1]) };
}

describe('print view as PDF', () => {
  it('prints the team’s track with the reader’s ticks and without the site chrome', async () => {
    const context = await browser.context();
    const welcome = await openPage(context, 'team/welcome/');
    await welcome.page.locator('handbook-checklist input').nth(0).check();
    const ticked = (await welcome.page.locator('handbook-checklist label').nth(0).textContent())!.trim().split(/\s+/).slice(0, 3);
    await welcome.page.close();

    const { page, errors } = await openPage(context, 'print/?include=team');
    await page.locator('handbook-print-view[data-ready="team"]').waitFor({ timeout: PRINT_READY_MS });
    const catalog = await page.evaluate(() => JSON.parse(document.querySelector('[data-print-pages]')!.textContent!));
    const team = catalog.find((group: { track: string }) => group.track === 'team').pages;
    expect(team.length).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.hb-print-chapter').count()).toBe(team.length);

    const { text, pages } = pdfText(await page.pdf({ format: 'A4' }));
    // Each page of the track starts on a new sheet.
    expect(pages).toBeGreaterThanOrEqual(team.length);
    for (const { title } of team) expect(text).toContain(title);
    expect(text).toMatch(new RegExp(`\\[x\\]\\s+${ticked.join('\\s+')}`));
    expect(text).toMatch(/\[ \]\s+\S/);
    // Controls and navigation stay on screen.
    expect(text).not.toContain('Assemble');
    expect(text).not.toContain('Your progress');
    expect(errors).toEqual([]);
    await context.close();
  });
});
