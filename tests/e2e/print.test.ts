/**
 * The print view: a track's chapters gathered with the reader's ticks, rendered to PDF by Chromium
 * and read back with pdftotext (poppler-utils): chapters and ticks in, site chrome out.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPage, useBrowser } from '../support/browser';

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

describe('print view', () => {
  it('gathers the DevOps chapters with the reader’s ticks into a clean PDF', async () => {
    const context = await browser.context();
    const chapter = await openPage(context, 'devops/containers/');
    await chapter.page.locator('handbook-checklist input').nth(0).check();
    await chapter.page.locator('handbook-checklist input').nth(2).check();
    const ticked = (await chapter.page.locator('handbook-checklist label').nth(0).textContent())!.trim().split(/\s+/).slice(0, 2);

    const { page, errors } = await openPage(context, 'print/?include=devops');
    await page.locator('handbook-print-view[data-ready="devops"]').waitFor();
    const catalog = await page.evaluate(() => JSON.parse(document.querySelector('[data-print-pages]')!.textContent!));
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
  });

  it('keeps every element id unique and every in-page link working on an assembled page, which is valid HTML', async () => {
    const { page } = await openPage(await browser.context(), 'print/?include=devops');
    await page.locator('handbook-print-view[data-ready="devops"]').waitFor();
    const report = await page.evaluate(() => {
      const ids = [...document.querySelectorAll('[id]')].map((element) => element.id);
      const repeated = [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
      const broken = [...document.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')]
        .map((link) => decodeURIComponent(link.getAttribute('href')!.slice(1)))
        .filter((id) => id && !document.getElementById(id));
      const references = [...document.querySelectorAll('[for], [aria-describedby], [aria-labelledby]')].flatMap((element) =>
        ['for', 'aria-describedby', 'aria-labelledby'].flatMap((name) => (element.getAttribute(name) ?? '').split(/\s+/).filter(Boolean)),
      );
      return { count: ids.length, repeated, broken, dangling: references.filter((id) => !document.getElementById(id)) };
    });
    expect(report.count).toBeGreaterThan(100);
    expect(report.repeated).toEqual([]);
    expect(report.broken).toEqual([]);
    expect(report.dangling).toEqual([]);
    // A chapter's own "Read more" link lands on its own section, not the first chapter's.
    const second = page.locator('.hb-print-chapter').nth(1);
    const anchor = await second.locator('a.hb-checklist-link[href^="#"]').first().getAttribute('href');
    expect(await second.locator(anchor!).count()).toBe(1);

    // The same assembled page is valid HTML.
    const { FileSystemConfigLoader, HtmlValidate } = await import('html-validate');
    const html = await page.evaluate(() => `<!DOCTYPE html>${document.documentElement.outerHTML}`);
    // The browser serialises boolean attributes as hidden="": how it writes them, not an error in the page.
    const serialisation = new Set(['attribute-boolean-style', 'attribute-empty-style']);
    const validation = await new HtmlValidate(new FileSystemConfigLoader()).validateString(html, 'print.html');
    const errors = validation.results
      .flatMap((result) => result.messages)
      .filter((message) => !serialisation.has(message.ruleId))
      // Expressive Code's <div> inside <code>/<button> (see tests/quality/html.test.ts).
      .filter((message) => !(message.ruleId === 'element-permitted-content' && /^<div> element is not permitted as content under <(code|button)>$/.test(message.message)))
      .map((message) => `[${message.ruleId}] ${message.message} (${message.selector})`);
    expect(errors).toEqual([]);
  });
});
