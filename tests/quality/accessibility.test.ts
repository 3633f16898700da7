/**
 * axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules on every built page, in the light and dark
 * themes (the dark theme with the rules that judge colour; at phone width the colour rules on one page
 * of each kind), at a desktop and a phone width: no violation allowed. label-content-name-mismatch (WCAG 2.5.3)
 * is experimental in axe, so it is switched on by name. Also checked in the same visits:
 * - the states pages reach after use: a knowledge check answered and revealed, the print view
 *   assembled (its chapters' ids must stay unique);
 * - no request leaves the site's origin (self-hosted inside a company, the handbook may load nothing
 *   from another host: no fonts, analytics, CDNs), from any page, nor when searching.
 */
import type { BrowserContext } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { VIEWPORTS, bothThemes } from '../support/axe';
import { search, url, useBrowser } from '../support/browser';

/**
 * A page's colours do not depend on the width; what the phone width changes is the layout and the site
 * chrome (header, menu button), the same for every page of a kind. So at phone width the colour rules
 * run, in both themes, on one page of each kind (and on the states below), and every other rule runs on
 * every page; at desktop width every rule runs on every page, in both themes.
 */
const PHONE_COLOUR_SAMPLE = ['', 'devops/containers/', 'start/devops-path/', 'progress/', 'print/', 'reference/glossary/', 'reference/tools/', '404.html'];

const browser = useBrowser();
let paths: string[] = [];
beforeAll(async () => {
  const xml = await (await fetch(url('sitemap-0.xml'))).text();
  const base = new URL(url()).pathname;
  paths = [...[...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname), `${base}404.html`, `${base}this-page-does-not-exist/`];
});

/** Fails the test on any request to another origin from this context. */
function watchOrigin(context: BrowserContext, outside: string[]) {
  const origin = new URL(url()).origin;
  context.on('request', (request) => {
    const target = request.url();
    if (/^(data|blob|about):/.test(target)) return;
    if (new URL(target).origin !== origin) outside.push(`${request.frame().url()} -> ${target}`);
  });
}

/** Every page at one width, in both themes, then the states pages reach after use. */
async function checkViewport(viewport: (typeof VIEWPORTS)[number]): Promise<{ found: string[]; outside: string[] }> {
  const context = await browser.context({ viewport });
  const outside: string[] = [];
  watchOrigin(context, outside);
  const found: string[] = [];
  const page = await context.newPage();
  const sample = new Set(PHONE_COLOUR_SAMPLE.map((path) => new URL(path, url()).pathname));
  expect([...sample].filter((path) => !paths.includes(path)), 'every sampled page is built').toEqual([]);
  for (const path of paths) {
    await page.goto(new URL(path, url()).href, { waitUntil: 'load' });
    found.push(...(await bothThemes(page, `${viewport.name} ${path}`, viewport.name === 'desktop' || sample.has(path))));
  }
  // A knowledge check after Check (verdict and explanations shown) and after Show answers.
  await page.goto(url('devops/containers/'));
  const question = page.locator('handbook-knowledge-check form').first();
  await question.locator('input').first().check();
  await question.getByRole('button', { name: 'Check' }).click();
  await question.locator('[data-verdict] p').first().waitFor();
  await page.locator('handbook-knowledge-check form').nth(1).getByRole('button', { name: 'Show answers' }).click();
  found.push(...(await bothThemes(page, `${viewport.name} devops/containers/ (knowledge check answered and revealed)`)));
  // The print view with a whole track assembled.
  await page.goto(url('print/?include=devops'));
  await page.locator('handbook-print-view[data-ready="devops"]').waitFor();
  found.push(...(await bothThemes(page, `${viewport.name} print/?include=devops (assembled)`)));
  // Search loads its index and results from this site only (once: the index is the same at any width).
  if (viewport.name === 'desktop') {
    await page.goto(url());
    expect((await search(page, 'kubernetes')).length).toBeGreaterThan(0);
  }
  await page.waitForLoadState('networkidle');
  return { found, outside };
}

describe('accessibility (axe-core, WCAG 2.2 AA) and same-origin requests', () => {
  // One test, the two widths side by side in their own browser contexts (the machine has two cores).
  it('no violation in either theme, at desktop and phone width, and no outside request, on any page', async () => {
    const results = await Promise.all(VIEWPORTS.map(checkViewport));
    expect(results.flatMap((result) => result.found)).toEqual([]);
    expect(results.flatMap((result) => result.outside)).toEqual([]);
  }, 900_000);
});
