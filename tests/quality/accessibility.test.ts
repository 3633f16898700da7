/**
 * axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules on every built page at desktop width, in the light
 * and dark themes (the dark theme with the rules that judge colour), and on one page of each kind at phone
 * width. label-content-name-mismatch (WCAG 2.5.3) is experimental in axe, so it is switched on by name.
 * Also checked in the same visits:
 * - the states pages reach after use: a knowledge check answered and revealed, the print view
 *   assembled, the progress page's transfer link and QR code shown;
 * - no request leaves the site's origin (self-hosted inside a company, the handbook may load nothing
 *   from another host: no fonts, analytics, CDNs), from any page, nor when searching.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { VIEWPORTS, bothThemes, codeTokenContrast } from '../support/axe';
import { PRINT_READY_MS, search, url, useBrowser } from '../support/browser';

/**
 * What the phone width changes is the layout and the site chrome (header, menu button, the table of
 * contents folded into a button), the same for every page of a kind; the content's elements, names and
 * colours are the same at any width and are checked on every page at desktop width. So at phone width
 * every rule runs, in both themes, on one page of each kind (a chapter of each track, with the widest
 * tables and code of the handbook) and on the states below. Measured: axe takes 1 to 2.5 s per theme on a
 * chapter here, and the whole file ran 291 s when the phone width checked every page.
 */
const PHONE_SAMPLE = ['', 'devops/containers/', 'mlops/serving/', 'start/devops-path/', 'progress/', 'print/', 'reference/glossary/', 'reference/tools/', '404.html'];
/**
 * The assembled print view holds a whole track, each chapter a copy of a page checked above: axe looks at
 * the view's own controls and the first two chapters (the second with its ids rewritten), not at
 * 60,000 words twice more. The other chapters are removed once assembled rather than excluded: axe walks
 * an excluded subtree all the same (37 s per theme pair here, against 2 s). Ids across every chapter are
 * checked by tests/e2e/print.test.ts.
 */
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

type Viewport = (typeof VIEWPORTS)[number];
/** One check: a page (or a state a page reaches after use) at one width, in both themes. */
type Job = { viewport: Viewport; label: string; run: (page: Page) => Promise<string[]> };

const visit = (path: string) => async (page: Page) => {
  await page.goto(new URL(path, url()).href, { waitUntil: 'load' });
  return [] as string[];
};

/** A knowledge check after Check (verdict and explanations shown) and after Show answers. */
async function answeredQuiz(page: Page): Promise<string[]> {
  await page.goto(url('devops/containers/'));
  const question = page.locator('handbook-knowledge-check form').first();
  await question.locator('input').first().check();
  await question.getByRole('button', { name: 'Check' }).click();
  await question.locator('[data-verdict] p').first().waitFor();
  await page.locator('handbook-knowledge-check form').nth(1).getByRole('button', { name: 'Show answers' }).click();
  return [];
}

/** The progress page with the transfer link and its QR code shown. */
async function transferLink(page: Page): Promise<string[]> {
  await page.goto(url('progress/'));
  await page.getByRole('button', { name: 'Move to another device' }).click();
  await page.locator('[data-move-qr] svg').waitFor();
  return [];
}

/** The print view with a whole track assembled. */
async function assembledPrint(page: Page): Promise<string[]> {
  await page.goto(url('print/?include=devops'));
  await page.locator('handbook-print-view[data-ready="devops"]').waitFor({ timeout: PRINT_READY_MS });
  if ((await page.locator('.hb-print-chapter').count()) <= 2) return ['print/?include=devops: the print view assembled two chapters or fewer'];
  await page.evaluate(() => document.querySelectorAll('.hb-print-chapter:nth-child(n+3)').forEach((chapter) => chapter.remove()));
  return [];
}

function jobs(): Job[] {
  const sample = PHONE_SAMPLE.map((path) => new URL(path, url()).pathname);
  const list: Job[] = [];
  for (const viewport of VIEWPORTS) {
    for (const path of viewport.name === 'desktop' ? paths : sample) list.push({ viewport, label: path, run: visit(path) });
    list.push({ viewport, label: 'devops/containers/ (knowledge check answered and revealed)', run: answeredQuiz });
    list.push({ viewport, label: 'print/?include=devops (assembled)', run: assembledPrint });
    list.push({ viewport, label: 'progress/ (transfer link and QR code shown)', run: transferLink });
  }
  return list;
}

/**
 * Two workers take checks from one queue, each with a page per width (the machine has two cores; axe
 * is CPU-bound in the page, so a third worker only waits).
 */
async function runQueue(queue: Job[], contexts: Map<string, BrowserContext>): Promise<string[]> {
  const found: string[] = [];
  const worker = async () => {
    const pages = new Map<string, Page>();
    for (let job = queue.shift(); job; job = queue.shift()) {
      let page = pages.get(job.viewport.name);
      if (!page) pages.set(job.viewport.name, (page = await contexts.get(job.viewport.name)!.newPage()));
      const label = `${job.viewport.name} ${job.label}`;
      found.push(...(await job.run(page)).map((problem) => `${label}: ${problem}`));
      found.push(...(await bothThemes(page, label)));
    }
    for (const page of pages.values()) await page.close();
  };
  await Promise.all([worker(), worker()]);
  return found;
}

describe('accessibility (axe-core, WCAG 2.2 AA) and same-origin requests', () => {
  it('no violation in either theme, at desktop and phone width, and no outside request, on any page', async () => {
    const sample = PHONE_SAMPLE.map((path) => new URL(path, url()).pathname);
    expect(sample.filter((path) => !paths.includes(path)), 'every sampled page is built').toEqual([]);
    const outside: string[] = [];
    const contexts = new Map<string, BrowserContext>();
    for (const viewport of VIEWPORTS) {
      const context = await browser.context({ viewport });
      watchOrigin(context, outside);
      contexts.set(viewport.name, context);
    }
    const found = await runQueue(jobs(), contexts);
    // Search loads its index and results from this site only (once: the index is the same at any width).
    const page = await contexts.get('desktop')!.newPage();
    await page.goto(url());
    expect((await search(page, 'kubernetes')).length).toBeGreaterThan(0);
    await page.waitForLoadState('networkidle');
    expect(found).toEqual([]);
    expect(outside).toEqual([]);
  }, 900_000);
});

describe('code token contrast, computed instead of by axe (tests/support/axe.ts)', () => {
  it('reports a token too faint for its background, in either theme, and passes one that is not', async () => {
    const context = await browser.context();
    const page = await context.newPage();
    // Expressive Code's shape: a token's colour per theme in custom properties, a framed code background.
    await page.setContent(`<style>
      [data-theme='light'] .ec-line span { color: var(--1, #24292e) } [data-theme='dark'] .ec-line span { color: var(--0, #d6deeb) }
      [data-theme='light'] pre { background: #fbfbfb } [data-theme='dark'] pre { background: #011627 }
    </style>
    <div class="expressive-code"><pre><code><div class="ec-line"><div class="code"><span style="--0:#d6deeb;--1:#403f53">readable</span>
    <span style="--0:#0b2942;--1:#403f53">dark-only faint</span><span style="--0:#d6deeb;--1:#eeeeee">light-only faint</span></div></div></code></pre></div>`);
    const run = async (theme: string) => {
      await page.evaluate((chosen) => (document.documentElement.dataset.theme = chosen), theme);
      return codeTokenContrast(page, theme);
    };
    const dark = await run('dark');
    expect(dark).toHaveLength(1);
    expect(dark[0]).toMatch(/^dark \[code-token-contrast\] code token colour rgb\(11, 41, 66\) on rgb\(1, 22, 39\): contrast 1\.\d+:1, below 4\.5:1 \(WCAG 1\.4\.3\), as in "dark-only faint"$/);
    const light = await run('light');
    expect(light).toHaveLength(1);
    expect(light[0]).toContain('as in "light-only faint"');
    // Unwrapped, the text stays and the spans are gone, for axe to walk less.
    await codeTokenContrast(page, 'light', { unwrap: true });
    expect(await page.locator('.ec-line span').count()).toBe(0);
    expect(await page.locator('.ec-line').textContent()).toContain('readable');
  });
});

