/** Search on the production build: Pagefind finds chapter text and skips the progress page. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from '../support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

async function search(page: Page, term: string): Promise<string[]> {
  await page.locator('site-search button[data-open-modal]').click();
  const input = page.locator('dialog[open] input[type=search], dialog[open] .pagefind-ui__search-input').first();
  await input.fill(term);
  const results = page.locator('.pagefind-ui__result-link');
  await results.first().waitFor({ timeout: 15_000 }).catch(() => undefined);
  return results.evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).pathname));
}

describe('search', () => {
  it('finds the containers chapter by a term from its text', async () => {
    const context = await browser.newContext();
    const { page, errors } = await openPage(context, '');
    const results = await search(page, 'readOnlyRootFilesystem');
    expect(results.some((path) => path.endsWith('/devops/containers/'))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('does not offer the progress page as a result', async () => {
    const context = await browser.newContext();
    const { page } = await openPage(context, '');
    // "mentor" is on the landing page and the progress page: only the landing page may come back.
    const results = await search(page, 'mentor');
    expect(results.length).toBeGreaterThan(0);
    expect(results.some((path) => path.endsWith('/progress/'))).toBe(false);
    await context.close();
  });
});
