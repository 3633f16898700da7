/**
 * What the browser tests share: the project's one Chromium (launched once by global-setup.ts and
 * reached over its WebSocket), contexts that close themselves, pages that record every error, site
 * URLs, keyboard and search helpers, and the saved progress of a page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Download, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, inject, it } from 'vitest';

const CLOSE_MS = 15_000;

/**
 * Connects this test file to the shared browser; each test's contexts are closed after it.
 * Call at the top level of a test file: `const browser = useBrowser();` then `await browser.context()`.
 */
export function useBrowser() {
  let browser: Browser | undefined;
  let downloads: string | undefined;
  const open: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await chromium.connect(inject('browserEndpoint'));
  });
  afterEach(async () => {
    // Chromium can stall closing a context whose service worker is mid-navigation (seen after the
    // offline worker removed itself): the test's assertions have passed by then, so a close that takes
    // longer than CLOSE_MS is left to the browser's own shutdown rather than failing the hook.
    await Promise.all(open.splice(0).map((context) => Promise.race([context.close(), new Promise((done) => setTimeout(done, CLOSE_MS))])));
  });
  afterAll(async () => {
    await browser?.close();
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });
  return {
    /**
     * A fresh browser context (its own storage), closed after the test. The offline worker is blocked
     * unless a test asks for it (`serviceWorkers: 'allow'`): otherwise every context would download
     * the whole handbook in the background while the test runs.
     */
    async context({ syncServer = false, ...options }: BrowserContextOptions & { syncServer?: boolean } = {}): Promise<BrowserContext> {
      if (!browser) throw new Error('useBrowser(): the browser is not connected yet (call context() inside a test or hook)');
      const context = await browser.newContext({ serviceWorkers: 'block', ...options });
      open.push(context);
      // The example team's build syncs progress, which `astro preview` does not serve: its 404s would
      // be console errors in every test. Unless a test runs the real server (tests/deploy/sync.test.ts),
      // the sync requests get what a signed-in person with nothing synced yet gets.
      if (!syncServer && process.env.BASE_PATH) {
        await context.route(/\/_sync\//, (route) => route.fulfill(route.request().method() === 'PUT' ? { status: 201 } : { status: 200, contentType: 'application/json', body: '[]' }));
      }
      return context;
    },
    /**
     * Saves a download to a temporary file (removed after the file's tests) and returns its path.
     * `download.path()` is not available over the shared browser's WebSocket; `saveAs` streams it.
     */
    async save(download: Download): Promise<string> {
      downloads ??= mkdtempSync(join(tmpdir(), 'handbook-downloads-'));
      const path = join(downloads, `${open.length}-${Date.now()}-${download.suggestedFilename()}`);
      await download.saveAs(path);
      return path;
    },
  };
}

/**
 * `it` for a test whose outcome the base path cannot change (tabs, storage failures, keyboard, parsing):
 * defined in the run against the main build only. The team-site project runs the same files against
 * the build under /handbook/ for the tests that do depend on it (links, storage keys, export sites).
 */
export const itAtRootOnly: typeof it = process.env.BASE_PATH ? (((..._args: unknown[]) => undefined) as unknown as typeof it) : it;
/** `describe` for a group of such tests (an empty group would fail the team-site run). */
export const describeAtRootOnly: typeof describe = process.env.BASE_PATH ? (((..._args: unknown[]) => undefined) as unknown as typeof describe) : describe;

/** A page's address under the site's base path: url('devops/containers/'). */
export const url = (path = ''): string => new URL(path.replace(/^\//, ''), inject('siteUrl')).href;

/** The storage key the site uses for this base path. */
export const progressKey = (): string => `handbook-progress:${new URL(inject('siteUrl')).pathname}`;

/** Opens a page that records uncaught exceptions and console errors, for tests to assert none. */
export async function openPage(context: BrowserContext, path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = recordErrors(page);
  await page.goto(url(path));
  return { page, errors };
}

export function recordErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}\n${error.stack ?? ''}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  return errors;
}

/** The saved progress record of the page's handbook, parsed, or null. */
export async function readProgress(page: Page): Promise<any> {
  const raw = await page.evaluate((key) => localStorage.getItem(key), progressKey());
  return raw === null ? null : JSON.parse(raw);
}

/** The ticked item ids of a chapter in a saved record (format 3), sorted. */
export const ticked = (saved: any, chapter: string): string[] =>
  Object.entries<{ done: boolean }>(saved?.items?.[chapter] ?? {})
    .filter(([, state]) => state.done)
    .map(([id]) => id)
    .sort();

/** Presses Tab until `isTarget` holds for the focused element, as a keyboard user would; fails if it never does. */
export async function tabTo(page: Page, selector: string, maxPresses = 400): Promise<void> {
  for (let presses = 0; presses < maxPresses; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector} in ${maxPresses} presses`);
}

/** Opens the search dialog, types the term and returns the result paths; fails if no result comes. */
export async function search(page: Page, term: string, timeout = 15_000): Promise<string[]> {
  // Starlight's <site-search> opens its dialog once its script has defined the element; on a busy
  // machine a click can come first and would open nothing.
  await page.waitForFunction(() => customElements.get('site-search') !== undefined);
  await page.locator('site-search button[data-open-modal]').click();
  const input = page.locator('dialog[open] input[type=search], dialog[open] .pagefind-ui__search-input').first();
  await input.fill(term);
  const results = page.locator('.pagefind-ui__result-link');
  await results.first().waitFor({ timeout });
  // Results arrive one by one: each is a loading placeholder until its fragment is read. Read the
  // list once none is left, or a result ranked lower may be missing from it.
  await page.waitForFunction(() => !document.querySelector('.pagefind-ui__results .pagefind-ui__loading'), null, { timeout });
  return results.evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).pathname));
}

/** The catalog a page embeds (src/lib/catalog.ts), as the page's scripts read it. */
export const pageCatalog = (page: Page): Promise<{ track: string; chapters: { id: string; title: string; items: { id: string; text: string }[]; questions: { id: string }[] }[] }[]> =>
  page.evaluate(() => JSON.parse(document.querySelector('[data-catalog]')!.textContent!));

/**
 * How long the print view may take to gather a whole track: it fetches and parses every chapter (13 in
 * the DevOps track, about 4 MB of HTML), 8 s on an idle 2-core machine and several times that under load.
 */
export const PRINT_READY_MS = 120_000;
