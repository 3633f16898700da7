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

/**
 * Expressive Code gives every token of a code block its own span, tens of thousands on a chapter, and
 * axe's colour rules spent a third of their time there (measured: 108 s against 73 s for every page's
 * two passes) while marking most tokens "incomplete" (too short to judge). So the tokens' contrast is
 * computed here instead, with WCAG 2's formula, for each distinct colour on its composited background,
 * in the theme the page shows; `unwrap` then replaces each checked span by its text, and axe checks the
 * code blocks' own text and everything else. Spans under an ancestor with opacity below 1 are left to axe.
 */
export async function codeTokenContrast(page: Page, label: string, { unwrap = false } = {}): Promise<string[]> {
  const problems: string[] = await page.evaluate((unwrapTokens) => {
    type Rgba = { r: number; g: number; b: number; a: number };
    const parse = (value: string): Rgba | undefined => {
      const match = /rgba?\(([^)]+)\)/.exec(value);
      if (!match) return undefined;
      const [r = 0, g = 0, b = 0, a = 1] = match[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top.a + bottom.a * (1 - top.a);
      const mix = (x: number, y: number) => (x * top.a + y * bottom.a * (1 - top.a)) / a;
      return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a };
    };
    const luminance = ({ r, g, b }: Rgba) => {
      const channel = (value: number) => ((value /= 255) <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4);
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    /** The colour behind an element: its ancestors' backgrounds composited down to the first opaque one. */
    const behind = (element: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let node: Element | null = element; node; node = node.parentElement) {
        const colour = parse(getComputedStyle(node).backgroundColor);
        if (colour && colour.a > 0) layers.push(colour);
        if (colour && colour.a >= 1) break;
      }
      return layers.reduceRight((under, top) => over(top, under), { r: 255, g: 255, b: 255, a: 1 });
    };
    const translucent = (element: Element) => {
      for (let node: Element | null = element; node; node = node.parentElement) if (Number(getComputedStyle(node).opacity) < 1) return true;
      return false;
    };
    const found = new Map<string, string>();
    const checked: Element[] = [];
    for (const span of document.querySelectorAll('.expressive-code .ec-line span[style*="--"]')) {
      if (span.children.length || translucent(span)) continue;
      checked.push(span);
      if (!span.textContent?.trim()) continue;
      const style = getComputedStyle(span);
      const background = behind(span);
      const text = over(parse(style.color)!, background);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const [lighter, darker] = [luminance(text), luminance(background)].sort((a, b) => b - a) as [number, number];
      const ratio = (lighter + 0.05) / (darker + 0.05);
      const needed = large ? 3 : 4.5;
      const key = `${style.color} on ${JSON.stringify(background)}`;
      if (ratio < needed && !found.has(key)) {
        found.set(key, `code token colour ${style.color} on rgb(${Math.round(background.r)}, ${Math.round(background.g)}, ${Math.round(background.b)}): contrast ${ratio.toFixed(2)}:1, below ${needed}:1 (WCAG 1.4.3), as in "${span.textContent.trim().slice(0, 40)}"`);
      }
    }
    if (unwrapTokens) for (const span of checked) span.replaceWith(document.createTextNode(span.textContent ?? ''));
    return [...found.values()];
  }, unwrap);
  return problems.map((problem) => `${label} [code-token-contrast] ${problem}`);
}

/**
 * Runs every rule in the light theme, then the colour rules in the dark theme, on the page as it is now;
 * code tokens are judged by codeTokenContrast in both themes first, then left out of axe's walk.
 */
export async function bothThemes(page: Page, label: string): Promise<string[]> {
  const background = (theme: string) =>
    page.evaluate((chosen) => {
      document.documentElement.dataset.theme = chosen;
      return getComputedStyle(document.body).backgroundColor;
    }, theme);
  await background('dark');
  const found = await codeTokenContrast(page, `${label} (dark)`);
  const light = await background('light');
  found.push(...(await codeTokenContrast(page, `${label} (light)`, { unwrap: true })));
  found.push(...(await axe(page, `${label} (light)`, 'all')));
  if ((await background('dark')) === light) found.push(`${label}: the dark theme did not change the page's colours`);
  found.push(...(await axe(page, `${label} (dark)`, 'colour')));
  return found;
}

