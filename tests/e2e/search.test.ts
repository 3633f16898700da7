/** Search on the production build: Pagefind finds chapter text and skips the progress page. */
import { describe, expect, it } from 'vitest';
import { openPage, search, useBrowser } from '../support/browser';

const browser = useBrowser();


describe('search', () => {
  it('finds the containers chapter by a term from its text', async () => {
    const context = await browser.context();
    const { page, errors } = await openPage(context, '');
    const results = await search(page, 'readOnlyRootFilesystem');
    expect(results.some((path) => path.endsWith('/devops/containers/'))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('does not offer the progress page as a result', async () => {
    const context = await browser.context();
    const { page } = await openPage(context, '');
    // "mentor" is on the landing page and the progress page: only the landing page may come back.
    const results = await search(page, 'mentor');
    expect(results.length).toBeGreaterThan(0);
    expect(results.some((path) => path.endsWith('/progress/'))).toBe(false);
    await context.close();
  });
});
