/**
 * The example team overlay (examples/team-overlay), built under /handbook/ by `npm run build:example`:
 * the team's name and theme, its pages in the sidebar, search and progress page, and its own
 * learning path mixing upstream chapters with team pages, showing the reader's progress.
 */
import type { BrowserContext } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPage, search, url, useBrowser } from '../support/browser';

const browser = useBrowser();

let context: BrowserContext;
beforeEach(async () => {
  context = await browser.context({ colorScheme: 'light' });
});
afterEach(() => context.close());

describe('a team’s overlay', () => {
  it('brands the site and gives a first visit the team’s default theme', async () => {
    const { page } = await openPage(context, 'devops/containers/');
    expect(await page.title()).toMatch(/\| Acme Engineering Handbook$/);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  });

  it('lists the team’s pages in the sidebar under the team’s label, under the base path', async () => {
    const { page } = await openPage(context, 'devops/containers/');
    const group = page.locator('nav[aria-label="Main"] details', { hasText: 'Acme platform team' });
    const links = await group.locator('a').evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).pathname));
    expect(links).toEqual(expect.arrayContaining([new URL(url('team/welcome/')).pathname, new URL(url('team/platform-path/')).pathname]));
  });

  it('finds team pages in search', async () => {
    const { page } = await openPage(context, '');
    const results = await search(page, 'onboarding buddy');
    expect(results, JSON.stringify(results)).toContain(new URL(url('team/welcome/')).pathname);
  });

  it('counts team checklists on the progress page and in the team’s learning path', async () => {
    const welcome = await openPage(context, 'team/welcome/');
    await welcome.page.locator('handbook-checklist input').nth(1).check();
    const chapter = await openPage(context, 'devops/containers/');
    await chapter.page.locator('handbook-checklist input').nth(0).check();

    const progress = await openPage(context, 'progress/');
    expect(await progress.page.locator('#track-team').textContent()).toBe('Acme platform team');
    await expect.poll(() => progress.page.locator('tr[data-chapter="team/welcome"] [data-chapter-count]').textContent()).toBe('1 of 3 done');

    const path = await openPage(context, 'team/platform-path/');
    const counts = path.page.locator('handbook-learning-path li[data-chapter="team/welcome"] [data-path-count]');
    await expect.poll(() => counts.first().textContent()).toBe('1 of 3 done');
    await expect.poll(() => path.page.locator('handbook-learning-path li[data-chapter="devops/containers"] [data-path-count]').first().textContent()).toMatch(/^1 of \d+ done$/);
    expect(await path.page.locator('handbook-learning-path a').first().getAttribute('href')).toBe(new URL(url('team/welcome/')).pathname);
    expect(path.errors).toEqual([]);
  });

  it('keeps and counts answers to a team page’s knowledge check', async () => {
    const welcome = await openPage(context, 'team/welcome/');
    const question = welcome.page.locator('handbook-knowledge-check form[data-question="where-team-pages-live"]');
    await question.locator('input[value="team-folder"]').check();
    await question.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => question.locator('[data-verdict]').textContent()).toMatch(/^Right\./);
    const progress = await openPage(context, 'progress/');
    await expect.poll(() => progress.page.locator('tr[data-chapter="team/welcome"] [data-chapter-quiz]').textContent()).toBe('1 of 2 right');
    expect([...welcome.errors, ...progress.errors]).toEqual([]);
  });
});
