/**
 * Self-hosted inside a company, the handbook must make no request to any other host: no web fonts,
 * analytics, CDNs or remote images. Loads every page in the sitemap (and the 404 page), runs a
 * search, and fails on any request that leaves the site's origin.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, url } from '../support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

async function sitemapPaths(): Promise<string[]> {
  const xml = await (await fetch(url('sitemap-0.xml'))).text();
  // The sitemap names the public site URL; only the path matters here.
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname);
}

describe('no request leaves the site’s origin', () => {
  it('on any page, nor when searching', async () => {
    const origin = new URL(url()).origin;
    const base = new URL(url()).pathname;
    const paths = await sitemapPaths();
    expect(paths.length).toBeGreaterThanOrEqual(3);
    expect(paths.every((path) => path.startsWith(base))).toBe(true);

    const context = await browser.newContext();
    const outside: string[] = [];
    context.on('request', (request) => {
      const target = request.url();
      if (/^(data|blob|about):/.test(target)) return;
      if (new URL(target).origin !== origin) outside.push(`${request.frame().url()} -> ${target}`);
    });
    const page = await context.newPage();
    for (const path of [...paths, `${base}this-page-does-not-exist/`]) {
      await page.goto(`${origin}${path}`, { waitUntil: 'networkidle' });
    }
    await page.goto(url(), { waitUntil: 'networkidle' });
    await page.locator('site-search button[data-open-modal]').click();
    await page.locator('dialog[open] input').first().fill('kubernetes');
    await page.locator('.pagefind-ui__result-link').first().waitFor();
    await page.waitForLoadState('networkidle');
    await context.close();
    expect(outside).toEqual([]);
  });
});
