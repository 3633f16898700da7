/**
 * The print view assembled: a track's chapters gathered with the reader's ticks, every element id unique,
 * every in-page link working, valid HTML, wide code blocks focusable. The PDF it prints is checked by
 * tests/team/print-pdf.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { PRINT_READY_MS, openPage, useBrowser } from '../support/browser';

const browser = useBrowser();

describe('print view', () => {
  it('gathers a track with the reader’s ticks, keeps every id unique and every in-page link working, in valid HTML, its wide code blocks focusable', async () => {
    const context = await browser.context();
    const chapter = await openPage(context, 'devops/containers/');
    await chapter.page.locator('handbook-checklist input').nth(0).check();
    await chapter.page.locator('handbook-checklist input').nth(2).check();
    await chapter.page.close();

    const { page, errors } = await openPage(context, 'print/?include=devops');
    await page.locator('handbook-print-view[data-ready="devops"]').waitFor({ timeout: PRINT_READY_MS });
    const catalog = await page.evaluate(() => JSON.parse(document.querySelector('[data-print-pages]')!.textContent!));
    const devops = catalog.find((group: { track: string }) => group.track === 'devops').pages;
    expect(await page.locator('.hb-print-chapter').count()).toBe(devops.length);
    expect(await page.locator('.hb-print-chapter handbook-checklist input:checked').count()).toBe(2);

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

    // The assembled page is valid HTML. Validated with its first two chapters (the second with its ids
    // rewritten): the others are the same markup, and the whole track is 3.6 MB that html-validate
    // reads in 15 s. Ids across all chapters are checked above.
    const { FileSystemConfigLoader, HtmlValidate } = await import('html-validate');
    const html = await page.evaluate(() => {
      const copy = document.documentElement.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.hb-print-chapter:nth-child(n+3)').forEach((article) => article.remove());
      return `<!DOCTYPE html>${copy.outerHTML}`;
    });
    // The browser serialises boolean attributes as hidden="": how it writes them, not an error in the page.
    const serialisation = new Set(['attribute-boolean-style', 'attribute-empty-style']);
    const validation = await new HtmlValidate(new FileSystemConfigLoader()).validateString(html, 'print.html');
    const invalid = validation.results
      .flatMap((result) => result.messages)
      .filter((message) => !serialisation.has(message.ruleId))
      // Expressive Code's <div> inside <code>/<button> (see tests/quality/html.test.ts).
      .filter((message) => !(message.ruleId === 'element-permitted-content' && /^<div> element is not permitted as content under <(code|button)>$/.test(message.message)))
      .map((message) => `[${message.ruleId}] ${message.message} (${message.selector})`);
    expect(invalid).toEqual([]);

    // Chapters out of view are not drawn until the reader nears them (content-visibility), so their wide
    // code blocks and tables are made focusable then: the last chapter with one, once scrolled to.
    // Each chapter's wide regions, as src/scripts/page-enhancements.ts judges them, and whether each is focusable.
    const wideRegions = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('.hb-print-chapter')].map((chapter) =>
          [...chapter.querySelectorAll<HTMLElement>('.sl-markdown-content table, .expressive-code pre')]
            .filter((region) => region.scrollWidth > region.clientWidth + 1)
            .map((region) => region.tabIndex === 0),
        ),
      );
    const last = (await wideRegions()).findLastIndex((regions) => regions.length > 0);
    expect(last).toBeGreaterThan(1);
    await page.locator('.hb-print-chapter').nth(last).scrollIntoViewIfNeeded();
    await expect.poll(async () => (await wideRegions())[last]!.every(Boolean)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
