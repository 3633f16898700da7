// Offline reading, measured in Chromium against a served build: how long a first visit takes until the
// worker controls the page with the handbook kept, and what a search then reads with the network cut.
// Also the gzip size of the worker's registration script as a page ships it (minified by esbuild).
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { searchFetches } from './search.mjs';

export async function offlineTimings(browser, url) {
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  const page = await context.newPage();
  const start = performance.now();
  await page.goto(url);
  // Ready: the worker is active (installed, so everything it precaches is kept) and controls the page.
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
  const readyMs = performance.now() - start;
  await context.setOffline(true);
  const search = await searchFetches(page);
  await context.close();
  return { readyMs, searchBytes: search.bytes, searchRequests: search.requests };
}

export async function registrationGzip(root) {
  const result = await build({ entryPoints: [join(root, 'src/components/handbook-offline-worker.ts')], bundle: true, minify: true, format: 'esm', write: false, target: 'es2022' });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}
