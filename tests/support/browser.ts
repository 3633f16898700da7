/** Helpers for the browser tests: one Chromium per file, pages that record errors, site URLs. */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_ARGS } from './chromium';

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: inject('chromiumPath'), args: CHROMIUM_ARGS });

/** A page's address under the site's base path: url('devops/containers/'). */
export const url = (path = ''): string => new URL(path.replace(/^\//, ''), inject('siteUrl')).href;

/** The storage key the site uses for this base path (mirrors src/lib/progress.ts on purpose). */
export const progressKey = (): string => `handbook-progress:${new URL(inject('siteUrl')).pathname}`;

/** Opens a page that records uncaught exceptions and console errors, for tests to assert none. */
export async function openPage(context: BrowserContext, path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}\n${error.stack ?? ''}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.goto(url(path));
  return { page, errors };
}

export async function readProgress(page: Page): Promise<any> {
  const raw = await page.evaluate((key) => localStorage.getItem(key), progressKey());
  return raw === null ? null : JSON.parse(raw);
}

/** Errors raised by the handbook's own scripts (its bundles are named after their components). */
export const ownErrors = (errors: string[]): string[] =>
  errors.filter((error) => /Checklist\.astro|ProgressDashboard\.astro|progress-client|checklist\.ts|progress-page\.ts/.test(error));
