// The bytes and requests one search makes: Pagefind's files read from opening the dialog to the
// results of "kubernetes", whether they come from the network or (offline) the worker's cache.
export async function searchFetches(page, term = 'kubernetes') {
  const bodies = [];
  const count = (response) => {
    if (response.url().includes('/pagefind/')) bodies.push(response.body().then((body) => body.length, () => 0));
  };
  page.on('response', count);
  await page.locator('site-search button[data-open-modal]').click();
  await page.locator('dialog[open] input').first().fill(term);
  await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 20_000 });
  await page.waitForLoadState('networkidle');
  page.off('response', count);
  const sizes = await Promise.all(bodies);
  return { bytes: sizes.reduce((sum, size) => sum + size, 0), requests: sizes.length };
}
