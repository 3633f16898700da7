/**
 * axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules on every built page, in the light and dark
 * themes, at a desktop and a phone width: no violation allowed. label-content-name-mismatch (WCAG 2.5.3)
 * is experimental in axe, so it is switched on by name.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, url } from '../support/browser';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];
const THEMES = ['light', 'dark'] as const;

let browser: Browser;
let paths: string[] = [];
beforeAll(async () => {
  browser = await launchBrowser();
  const xml = await (await fetch(url('sitemap-0.xml'))).text();
  const base = new URL(url()).pathname;
  paths = [...[...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname), `${base}404.html`];
});
afterAll(() => browser.close());

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

describe('accessibility (axe-core, WCAG 2.2 AA)', () => {
  for (const viewport of VIEWPORTS) {
    for (const theme of THEMES) {
      // The four combinations run side by side: each has its own browser context.
      it.concurrent(`has no violation on any page: ${viewport.name}, ${theme} theme`, async () => {
        const context = await browser.newContext({ viewport, colorScheme: theme });
        await context.addInitScript((chosen) => localStorage.setItem('starlight-theme', chosen), theme);
        const page = await context.newPage();
        const found: string[] = [];
        for (const path of paths) {
          await page.goto(new URL(path, url()).href, { waitUntil: 'load' });
          // Expressive Code makes scrollable code blocks focusable from an idle callback: wait for it,
          // as a reader's browser would have by the time they reach a block. (Polling by interval, not
          // by animation frame, leaves the page idle time for that callback.)
          const settled = await page
            .waitForFunction(
              () => [...document.querySelectorAll('.expressive-code pre')].every((pre) => pre.scrollWidth <= pre.clientWidth || pre.hasAttribute('tabindex')),
              undefined,
              { timeout: 15_000, polling: 250 },
            )
            .then(() => true, () => false);
          if (!settled) {
            const stuck = await page.evaluate(() =>
              [...document.querySelectorAll('.expressive-code pre')]
                .filter((pre) => pre.scrollWidth > pre.clientWidth && !pre.hasAttribute('tabindex'))
                .map((pre) => `${pre.scrollWidth}/${pre.clientWidth} ${pre.textContent!.slice(0, 40)}`),
            );
            found.push(`${path} code blocks never made focusable: ${stuck.join(' | ')}`);
          }
          await page.addScriptTag({ content: axeSource });
          const violations: Violation[] = await page.evaluate(
            async ({ tags }) => {
              const result = await (window as any).axe.run(document, {
                runOnly: { type: 'tag', values: tags },
                rules: { 'label-content-name-mismatch': { enabled: true } },
                resultTypes: ['violations'],
              });
              return result.violations;
            },
            { tags: TAGS },
          );
          for (const violation of violations) {
            found.push(`${path} [${violation.id}, ${violation.impact}] ${violation.help}: ${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(' | ')}`);
          }
        }
        await context.close();
        expect(found).toEqual([]);
      }, 300_000);
    }
  }
});
