/**
 * axe-core in a page, as the accessibility tests run it: the WCAG 2.0, 2.1 and 2.2 A and AA rules (plus
 * label-content-name-mismatch, experimental in axe, so switched on by name) in the light theme, and the
 * rules that judge colour with the page switched to the dark theme in place, as Starlight's picker does.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
/** Only colour differs between the themes: the dark theme is checked with these rules. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

export const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** `rules`: every rule, or only the colour rules. */
export async function axe(page: Page, label: string, rules: 'all' | 'colour' = 'all'): Promise<string[]> {
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
    async ({ tags, colourRules, rules }) =>
      (
        await (window as any).axe.run(
          document,
          rules === 'colour'
            ? { runOnly: { type: 'rule', values: colourRules }, resultTypes: ['violations'] }
            : {
                runOnly: { type: 'tag', values: tags },
                rules: { 'label-content-name-mismatch': { enabled: true } },
                resultTypes: ['violations'],
              },
        )
      ).violations,
    { tags: TAGS, colourRules: COLOUR_RULES, rules },
  );
  for (const violation of violations) found.push(`${label} [${violation.id}, ${violation.impact}] ${violation.help}: ${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(' | ')}`);
  return found;
}

/** Runs every rule in the light theme, then the colour rules in the dark theme, on the page as it is now. */
export async function bothThemes(page: Page, label: string): Promise<string[]> {
  const background = (theme: string) =>
    page.evaluate((chosen) => {
      document.documentElement.dataset.theme = chosen;
      return getComputedStyle(document.body).backgroundColor;
    }, theme);
  const light = await background('light');
  const found = await axe(page, `${label} (light)`, 'all');
  if ((await background('dark')) === light) found.push(`${label}: the dark theme did not change the page's colours`);
  found.push(...(await axe(page, `${label} (dark)`, 'colour')));
  return found;
}

