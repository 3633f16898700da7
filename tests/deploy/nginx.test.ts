/**
 * The shipped server config, tested for real: Debian's nginx runs deploy/nginx.conf (rendered for
 * this build) on loopback in front of the build under /handbook/, and the tests check headers,
 * caching, gzip, redirects, the 404 page, the health endpoint, and that search and checklists work
 * in Chromium under the Content-Security-Policy with no violation, and so does a progress transfer link.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { search, useBrowser } from '../support/browser';
import { startNginx, type RunningNginx } from '../support/nginx';

const browser = useBrowser();

const base = process.env.BASE_PATH ?? '/handbook/';
const dist = resolve(process.env.HANDBOOK_DIST ?? 'dist-base');

let server: RunningNginx;
let origin = '';
let work = '';

beforeAll(async () => {
  server = await startNginx({ dist, base });
  ({ origin, work } = server);
});

afterAll(() => server?.remove());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${origin}${path}`, { redirect: 'manual', headers });
/** The largest asset of a kind: small files (under gzip_min_length) are rightly sent uncompressed. */
const largestAsset = (extension: string) =>
  readdirSync(join(dist, '_astro'))
    .filter((name) => name.endsWith(extension))
    .sort((a, b) => statSync(join(dist, '_astro', b)).size - statSync(join(dist, '_astro', a)).size)[0]!;

describe('deploy/nginx.conf', () => {
  it('answers the health endpoint, uncached', async () => {
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok\n');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('sends visitors from / to the base path and adds missing trailing slashes, keeping the host', async () => {
    const root = await get('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe(base);
    const page = await get(`${base}devops/containers`);
    expect(page.status).toBe(301);
    expect(page.headers.get('location')).toBe(`${base}devops/containers/`);
  });

  it('serves pages with the security headers and revalidation', async () => {
    const response = await get(`${base}devops/containers/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('permissions-policy')).toMatch(/camera=\(\)/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const lastModified = response.headers.get('last-modified')!;
    expect((await get(`${base}devops/containers/`, { 'If-Modified-Since': lastModified })).status).toBe(304);
  });

  it('caches hashed assets for a year, with the same security headers, gzipped', async () => {
    const response = await get(`${base}_astro/${largestAsset('.js')}`, { 'Accept-Encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const css = await get(`${base}_astro/${largestAsset('.css')}`, { 'Accept-Encoding': 'gzip' });
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(css.headers.get('content-encoding')).toBe('gzip');
  });

  it('sends the security headers on redirects and on every error nginx answers itself', async () => {
    const { connect } = await import('node:net');
    const raw = (request: string) =>
      new Promise<string>((done, fail) => {
        const socket = connect(Number(new URL(origin).port), '127.0.0.1', () => socket.end(request));
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk));
        socket.on('end', () => done(answer));
        socket.on('error', fail);
      });
    const headersOf = (answer: string) => answer.split('\r\n\r\n')[0]!.toLowerCase();
    const answers = {
      '302 /': headersOf(await raw('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')),
      '301 no slash': headersOf(await raw(`GET ${base}devops/containers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)),
      '400': headersOf(await raw('GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\nConnection: close\r\n\r\n')),
      '414': headersOf(await raw(`GET ${base}${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)),
      '405': headersOf(await raw(`POST ${base}index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)),
    };
    for (const [status, headers] of Object.entries(answers)) {
      expect(headers.split(' ')[1], status).toBe(status.split(' ')[0]);
      expect(headers, status).toContain("content-security-policy: default-src 'self'");
      expect(headers, status).toContain('x-content-type-options: nosniff');
      expect(headers, status).toContain('strict-transport-security: max-age=31536000; includesubdomains');
    }
  });

  it('turns HSTS on only where the team settings ask for it', async () => {
    expect((await get(`${base}devops/containers/`)).headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const plain = spawnSync(process.execPath, ['scripts/render-nginx.mjs', dist, base, join(work, 'plain')], { encoding: 'utf8' });
    expect(plain.status, plain.stderr).toBe(0);
    expect(readFileSync(join(work, 'plain/security-headers.inc'), 'utf8')).not.toContain('Strict-Transport-Security');
  });

  it('answers a folder without an index page with the handbook’s 404, not nginx’s 403', async () => {
    for (const path of [`${base}devops/`, `${base}_astro/`, `${base}pagefind/`]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toContain('site-search');
    }
  });

  it('caches Pagefind’s content-hashed files for a year and revalidates its entry files', async () => {
    const fragment = readdirSync(join(dist, 'pagefind/fragment'))[0]!;
    const meta = readdirSync(join(dist, 'pagefind')).find((name) => name.endsWith('.pf_meta'))!;
    for (const path of [`pagefind/fragment/${fragment}`, `pagefind/${meta}`]) {
      expect((await get(`${base}${path}`)).headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable');
    }
    for (const path of ['pagefind/pagefind-entry.json', 'pagefind/pagefind.js']) {
      expect((await get(`${base}${path}`)).headers.get('cache-control'), path).toBe('no-cache');
    }
  });

  it('serves the offline worker uncached, as JavaScript, from the base path, with workers allowed by the CSP', async () => {
    const response = await get(`${base}sw.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('content-security-policy')).toMatch(/worker-src 'self'/);
    expect(await response.text()).toContain(`${base}offline-plan.json`);
  });

  it('answers an unknown page with the handbook’s own 404 page', async () => {
    const response = await get(`${base}devops/no-such-chapter/`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('<title>404');
    expect(html).toContain('site-search');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  });

  it('lets search and checklists work under the CSP, with no violation', async () => {
    const context = await browser.context();
    await context.addInitScript(() => {
      (window as any).__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) =>
        (window as any).__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    const page = await context.newPage();
    const console: string[] = [];
    page.on('console', (message) => message.type() === 'error' && console.push(message.text()));
    await page.goto(`${origin}${base}devops/containers/`, { waitUntil: 'networkidle' });
    await page.locator('handbook-checklist input').first().check();
    await page.reload({ waitUntil: 'networkidle' });
    expect(await page.locator('handbook-checklist input').first().isChecked()).toBe(true);
    const results = await search(page, 'readOnlyRootFilesystem');
    expect(results).toContain(`${base}devops/containers/`);
    expect(await page.evaluate(() => (window as any).__cspViolations)).toEqual([]);
    expect(console.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);

    // The progress page draws the transfer link's QR code (a chunk loaded on demand, SVG markup) under the
    // same policy, and the link brings the tick into a second browser profile.
    await page.goto(`${origin}${base}progress/`, { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: 'Move to another device' }).click();
    await page.locator('[data-move-qr] svg').waitFor();
    const link = await page.locator('[data-move-link]').inputValue();
    expect(link.startsWith(`${origin}${base}progress/#move=1.`)).toBe(true);
    expect(await page.evaluate(() => (window as any).__cspViolations)).toEqual([]);
    const other = await browser.context();
    const receiver = await other.newPage();
    await receiver.goto(link);
    await receiver.getByRole('button', { name: 'Merge into my progress' }).click();
    await receiver.goto(`${origin}${base}devops/containers/`);
    await expect.poll(() => receiver.locator('handbook-checklist input').first().isChecked()).toBe(true);
    await other.close();
    await context.close();
  });

  it('keeps the handbook for offline reading under the CSP: a kept chapter and search work with the network cut', async () => {
    const context = await browser.context({ serviceWorkers: 'allow' });
    await context.addInitScript(() => {
      (window as any).__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => (window as any).__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    const page = await context.newPage();
    await page.goto(`${origin}${base}reference/offline/`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
    const plan = await (await get(`${base}offline-plan.json`)).json();
    if (plan.mode === 'choose') {
      await page.locator('tr[data-track="devops"]').getByRole('checkbox').check();
      await page.getByRole('button', { name: 'Save my choice' }).click();
    }
    await expect.poll(() => page.locator('[data-status]').textContent(), { timeout: 60_000 }).toMatch(/^(Kept on this device for offline reading: DevOps track|The whole handbook)/);
    await context.setOffline(true);
    // The cut reaches the worker too: a file it does not keep cannot be fetched.
    expect(await page.evaluate((url) => fetch(url).then(() => 'fetched', () => 'failed'), `${base}sitemap-index.xml`)).toBe('failed');
    await page.goto(`${origin}${base}devops/ci-cd/`);
    expect(await page.locator('h1').first().textContent()).toMatch(/CI\/CD/);
    expect(await search(page, 'readOnlyRootFilesystem')).toContain(`${base}devops/containers/`);
    expect(await page.evaluate(() => (window as any).__cspViolations)).toEqual([]);
    await context.close();
  });
});
