/** Glossary tooltips on hover and keyboard focus, dismissed with Escape; search narrowed by track. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeAtRootOnly, openPage, search, useBrowser } from '../support/browser';

const browser = useBrowser();


const resultPaths = (page: Page) =>
  page.locator('.pagefind-ui__result-link').evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).pathname));

/** Pagefind fills results in as it loads them: wait until two readings in a row agree. */
async function settledResults(page: Page): Promise<string[]> {
  let previous = '';
  for (let attempt = 0; attempt < 50; attempt++) {
    const paths = await resultPaths(page);
    const current = JSON.stringify(paths);
    if (paths.length && current === previous) return paths;
    previous = current;
    await page.waitForTimeout(200);
  }
  throw new Error('search results never settled');
}

describeAtRootOnly('glossary terms in chapters', () => {
  it('show their definition on hover and on keyboard focus, and hide it on Escape', async () => {
    const context = await browser.context({ viewport: { width: 1280, height: 900 } });
    const { page, errors } = await openPage(context, 'devops/containers/');
    const term = page.locator('.hb-term').first();
    const link = term.locator('a');
    const tip = page.locator(`#${await link.getAttribute('aria-describedby')}`);
    expect(await tip.getAttribute('role')).toBe('tooltip');
    expect(await tip.isVisible()).toBe(false);

    await link.hover();
    expect(await tip.isVisible()).toBe(true);
    expect((await tip.textContent())!.length).toBeGreaterThan(20);
    await page.keyboard.press('Escape');
    expect(await tip.isVisible()).toBe(false);
    await page.mouse.move(0, 0);

    await link.focus();
    expect(await tip.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await tip.isVisible()).toBe(false);
    // Moving on and coming back shows it again.
    await page.keyboard.press('Tab');
    await link.focus();
    expect(await tip.isVisible()).toBe(true);

    expect(new URL((await link.getAttribute('href'))!, page.url()).hash).toMatch(/^#[a-z0-9-]+$/);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describeAtRootOnly('search filters', () => {
  it('narrow results to one track', async () => {
    const context = await browser.context({ viewport: { width: 1280, height: 900 } });
    const { page } = await openPage(context, '');
    await search(page, 'kubernetes');
    const before = await settledResults(page);
    expect(before.some((path) => !path.includes('/devops/'))).toBe(true);

    const devops = page.locator('.pagefind-ui__filter-panel label', { hasText: /^DevOps/ });
    if (!(await devops.isVisible())) await page.locator('.pagefind-ui__filter-panel summary', { hasText: /track/i }).click();
    await devops.click();
    await expect.poll(async () => (await resultPaths(page)).every((path) => path.includes('/devops/'))).toBe(true);
    // Only DevOps pages remain: the other tracks' pages that matched are gone.
    const after = new Set(await settledResults(page));
    expect(after.size).toBeGreaterThan(0);
    for (const path of before.filter((path) => !path.includes('/devops/'))) expect(after.has(path)).toBe(false);
    await context.close();
  });
});

describe('learning paths', () => {
  it('show the reader’s checklist progress for each chapter of the DevOps path', async () => {
    const context = await browser.context();
    const chapter = await openPage(context, 'devops/containers/');
    const total = await chapter.page.locator('handbook-checklist input').count();
    await chapter.page.locator('handbook-checklist input').nth(0).check();
    await chapter.page.locator('handbook-checklist input').nth(1).check();

    const { page, errors } = await openPage(context, 'start/devops-path/');
    const containers = page.locator('handbook-learning-path li[data-chapter="devops/containers"] [data-path-count]');
    await expect.poll(() => containers.textContent()).toBe(`2 of ${total} done`);
    const ciCd = page.locator('handbook-learning-path li[data-chapter="devops/ci-cd"] [data-path-count]');
    await expect.poll(() => ciCd.textContent()).toMatch(/^0 of \d+ done$/);
    // Every chapter of the DevOps track is on the path.
    const onPath = new Set(await page.locator('handbook-learning-path li[data-chapter]').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.chapter)));
    const sidebar = await page.locator('nav[aria-label="Main"] a[href*="/devops/"]').evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname.replace(/^.*\/(devops\/[^/]+)\/$/, '$1')));
    for (const slug of sidebar) expect(onPath.has(slug), slug).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describeAtRootOnly('search ranking for glossary terms', () => {
  it('puts a term’s glossary entry or a chapter that teaches it first, for nearly every term', async () => {
    const { parse } = await import('yaml');
    const { readFileSync } = await import('node:fs');
    const terms: { term: string; chapters: string[] }[] = parse(readFileSync('src/data/glossary.yaml', 'utf8'));
    const context = await browser.context();
    const { page } = await openPage(context, '');
    const base = new URL(page.url()).pathname;
    const ranked: { first: string; top: string[]; chapters: string[] }[] = await page.evaluate(
      async ({ terms, base }) => {
        // A dynamic import written as text: the test runner would otherwise rewrite import() itself.
        const pagefind = await new Function('url', 'return import(url)')(`${base}pagefind/pagefind.js`);
        const slug = (url: string) => url.slice(base.length).replace(/\/$/, '');
        const out = [];
        for (const term of terms) {
          const search = await pagefind.search(term.term.replace(/\s*\([^)]*\)/g, ''));
          const top = (await Promise.all(search.results.slice(0, 3).map((result: any) => result.data()))).map((data: any) => slug(data.url));
          out.push({ first: top[0] ?? '', top, chapters: term.chapters });
        }
        return out;
      },
      { terms, base },
    );
    const firstIsEntryOrTeacher = ranked.filter((r) => r.first === 'reference/glossary' || r.chapters.includes(r.first)).length;
    const teacherInTop3 = ranked.filter((r) => r.chapters.some((chapter) => r.top.includes(chapter))).length;
    // Pagefind matches words, not phrases: a page that repeats one word of a term ("budget") can still
    // win. Weighted glossary headings and "Key terms" lines keep that rare; these floors keep it rare.
    expect(firstIsEntryOrTeacher / ranked.length).toBeGreaterThanOrEqual(0.8);
    expect(teacherInTop3 / ranked.length).toBeGreaterThanOrEqual(0.9);
    await context.close();
  }, 120_000);
});
