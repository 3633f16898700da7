#!/usr/bin/env node
// Screenshots of built pages at desktop and phone width, for a maintainer to look at what they wrote:
//   npm run build && node scripts/screenshot.mjs devops/containers/ [--selector ".hb-quiz"] [--theme dark]
// Serves dist/ with `astro preview` on a free port, drives Chromium (CHROMIUM_PATH or Debian's) and writes
// PNGs to .cache/screenshots/. Needs the production build.
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { preview } from 'astro';
import { chromium } from 'playwright-core';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    selector: { type: 'string' },
    theme: { type: 'string', default: 'light' },
    dist: { type: 'string', default: 'dist' },
    base: { type: 'string', default: '/' },
    full: { type: 'boolean', default: false },
  },
});
if (!positionals.length) {
  console.error('usage: node scripts/screenshot.mjs <page path> [more paths] [--selector CSS] [--theme light|dark] [--full]');
  process.exit(2);
}
const port = await new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = server.address();
    server.close(() => resolve(free));
  });
});
const server = await preview({ root: process.cwd(), base: values.base, outDir: values.dist, logLevel: 'warn', server: { host: '127.0.0.1', port } });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
mkdirSync('.cache/screenshots', { recursive: true });
try {
  for (const path of positionals) {
    for (const [name, width, height] of [['desktop', 1280, 900], ['phone', 390, 844]]) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme: values.theme === 'dark' ? 'dark' : 'light' });
      const page = await context.newPage();
      await page.addInitScript((theme) => localStorage.setItem('starlight-theme', theme), values.theme);
      await page.goto(`http://127.0.0.1:${port}${values.base}${path.replace(/^\//, '')}`);
      const file = `.cache/screenshots/${path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'index'}-${name}-${values.theme}.png`;
      if (values.selector) await page.locator(values.selector).first().screenshot({ path: file });
      else await page.screenshot({ path: file, fullPage: values.full });
      console.log(file);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
