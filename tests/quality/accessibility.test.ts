/**
 * axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules on every built page, in the light and dark
 * themes (the dark theme with the rules that judge colour), at a desktop and a phone width: no
 * violation allowed. label-content-name-mismatch (WCAG 2.5.3)
 * is experimental in axe, so it is switched on by name. Also checked in the same visits:
 * - the states pages reach after use: a knowledge check answered and revealed, the print view
 *   assembled (its chapters' ids must stay unique);
 * - no request leaves the site's origin (self-hosted inside a company, the handbook may load nothing
 *   from another host: no fonts, analytics, CDNs), from any page, nor when searching.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { search, url, useBrowser } from '../support/browser';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];
/**
 * Only colour differs between the themes, so a page is loaded once per width: every rule in the light
 * theme, then, switched to dark in place (as Starlight's theme picker does), the rules that judge colour.
 */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

const browser = useBrowser();
let paths: string[] = [];
beforeAll(async () => {
  const xml = await (await fetch(url('sitemap-0.xml'))).text();
  const base = new URL(url()).pathname;
  paths = [...[...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname), `${base}404.html`, `${base}this-page-does-not-exist/`];
});

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

async function axe(page: Page, label: string, only: 'all' | 'colour' = 'all'): Promise<string[]> {
  // Expressive Code makes scrollable code blocks focusable from an idle callback: wait for it, as a
  // reader's browser would have by the time they reach a block.
  const settled = await page
    .waitForFunction(() => [...document.querySelectorAll('.expressive-code pre')].every((pre) => pre.scrollWidth <= pre.clientWidth || pre.hasAttribute('tabindex')), undefined, {
      timeout: 15_000,
      polling: 250,
    })
    .then(
      () => true,
      () => false,
    );
  const found: string[] = [];
  if (!settled) found.push(`${label}: code blocks never made focusable`);
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations: Violation[] = await page.evaluate(
    async ({ tags, colourRules, only }) =>
      (
        await (window as any).axe.run(
          document,
          only === 'colour'
            ? { runOnly: { type: 'rule', values: colourRules }, resultTypes: ['violations'] }
            : { runOnly: { type: 'tag', values: tags }, rules: { 'label-content-name-mismatch': { enabled: true } }, resultTypes: ['violations'] },
        )
      ).violations,
    { tags: TAGS, colourRules: COLOUR_RULES, only },
  );
  for (const violation of violations) found.push(`${label} [${violation.id}, ${violation.impact}] ${violation.help}: ${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(' | ')}`);
  return found;
}

/** Fails the test on any request to another origin from this context. */
function watchOrigin(context: BrowserContext, outside: string[]) {
  const origin = new URL(url()).origin;
  context.on('request', (request) => {
    const target = request.url();
    if (/^(data|blob|about):/.test(target)) return;
    if (new URL(target).origin !== origin) outside.push(`${request.frame().url()} -> ${target}`);
  });
}

/** Runs every rule in the light theme, then the colour rules in the dark theme, on the page as it is now. */
async function bothThemes(page: Page, label: string): Promise<string[]> {
  const background = (theme: string) =>
    page.evaluate((chosen) => {
      document.documentElement.dataset.theme = chosen;
      return getComputedStyle(document.body).backgroundColor;
    }, theme);
  const light = await background('light');
  const found = await axe(page, `${label} (light)`);
  if ((await background('dark')) === light) found.push(`${label}: the dark theme did not change the page's colours`);
  found.push(...(await axe(page, `${label} (dark)`, 'colour')));
  return found;
}

/** Every page at one width, in both themes, then the states pages reach after use. */
async function checkViewport(viewport: (typeof VIEWPORTS)[number]): Promise<{ found: string[]; outside: string[] }> {
  const context = await browser.context({ viewport });
  const outside: string[] = [];
  watchOrigin(context, outside);
  const found: string[] = [];
  const page = await context.newPage();
  for (const path of paths) {
    await page.goto(new URL(path, url()).href, { waitUntil: 'load' });
    found.push(...(await bothThemes(page, `${viewport.name} ${path}`)));
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
  // Search loads its index and results from this site only.
  await page.goto(url());
  expect((await search(page, 'kubernetes')).length).toBeGreaterThan(0);
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
