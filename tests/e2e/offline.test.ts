/**
 * Offline reading in real Chromium, with the network cut by the test (the server drops every
 * connection and the browser is put offline): after one visit, a chapter never opened loads and search
 * finds the containers chapter; an address not kept shows the offline page; a new deployment is
 * announced, applied on request, and saved progress survives it. Run for the build at / (the whole
 * handbook is kept) and for the team build under /handbook/ (offline: 'choose', the reader keeps a track).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { itAtRootOnly, progressKey, recordErrors, search, ticked, useBrowser } from '../support/browser';
import { serveBuild } from '../support/static-server';
import { sizeText } from '../../src/lib/offline-plan';
import { removalWorker } from '../../src/integrations/offline-worker';

const browser = useBrowser();
const base = new URL(inject('siteUrl')).pathname;
const plan = JSON.parse(readFileSync(resolve(process.env.HANDBOOK_DIST ?? 'dist', 'offline-plan.json'), 'utf8'));

let copy = '';
let server: Awaited<ReturnType<typeof serveBuild>>;

beforeAll(async () => {
  // A copy of the build, so the update test can publish a "new deployment" into it.
  copy = mkdtempSync(join(tmpdir(), 'handbook-offline-'));
  cpSync(resolve(process.env.HANDBOOK_DIST ?? 'dist'), copy, { recursive: true });
  server = await serveBuild(copy, base);
});
afterEach(() => {
  if (server) server.state.online = true;
});
afterAll(async () => {
  await server?.close();
  rmSync(copy, { recursive: true, force: true });
});

async function online(context: BrowserContext, on: boolean) {
  server.state.online = on;
  await context.setOffline(!on);
}

/** Opens a page with the worker allowed and waits until it controls the page, its files kept. */
async function firstVisit(path: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.context({ serviceWorkers: 'allow' });
  const page = await context.newPage();
  const errors = recordErrors(page);
  await page.goto(server.url(path));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  return { context, page, errors };
}

const heading = (page: Page) => page.locator('h1').first().textContent();

describe('offline reading', () => {
  it('serves a chapter never opened and finds the containers chapter with the network cut', async () => {
    const { context, page, errors } = await firstVisit('');
    await page.goto(server.url('reference/offline/'));
    const status = page.locator('[data-status]');
    if (plan.mode === 'choose') {
      // Only the shell is kept at first: the reader chooses the DevOps track, the page says what it takes.
      const devops = plan.tracks.find((track: { id: string }) => track.id === 'devops');
      const row = page.locator('tr[data-track="devops"]');
      await expect.poll(() => row.locator('td').allTextContents()).toEqual([String(devops.pages), sizeText(devops.bytes), ' Keep']);
      await row.getByRole('checkbox').check();
      await page.getByRole('button', { name: 'Save my choice' }).click();
      await expect.poll(() => status.textContent(), { timeout: 60_000 }).toContain('Kept on this device for offline reading: DevOps track');
    } else {
      await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/^The whole handbook \(\d+ pages, [\d.]+ MB\) is kept on this device/);
      expect(await page.locator('tr[data-track]').count()).toBe(plan.tracks.length);
    }

    await online(context, false);
    const requestsBefore = server.state.requests;
    await page.goto(server.url('devops/monitoring/'));
    expect(await heading(page)).toMatch(/monitoring/i);
    expect(await search(page, 'containers')).toContain(`${base}devops/containers/`);
    if (plan.mode === 'choose') {
      // A track the reader did not keep: the offline page says so instead of the browser's error.
      await page.goto(server.url('mlops/serving/'));
      await expect.poll(() => page.locator('[data-missing]').textContent()).toContain(`${base}mlops/serving/ is not kept on this device`);
    }
    expect(server.state.requests, 'nothing reached the server while it was cut off').toBe(requestsBefore);
    expect(errors.filter((error) => !/net::ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(error))).toEqual([]);
  });

  it('announces a new deployment, applies it when asked, and keeps the saved progress', async () => {
    const chapter = 'devops/containers';
    const updated = 'start/devops-path'; // kept from the first visit in both modes
    const { page } = await firstVisit(`${chapter}/`);
    const box = page.locator('handbook-checklist input[type=checkbox]').first();
    await box.check();
    const id = await box.getAttribute('value');
    await page.goto(server.url(`${updated}/`));

    // Publish a new version of a page: new text in it, its new revision in the worker.
    const file = join(copy, updated, 'index.html');
    writeFileSync(file, readFileSync(file, 'utf8').replace('</h1>', ' (new edition)</h1>'));
    const worker = join(copy, 'sw.js');
    const url = `${base}${updated}/index.html`;
    const before = readFileSync(worker, 'utf8');
    const after = before.replace(new RegExp(`(url:"${url}",revision:")[0-9a-f]+"`), '$1updated-in-test"');
    expect(after, `the worker precaches ${url} with a revision`).not.toBe(before);
    writeFileSync(worker, after);

    // The reader comes back: the kept version still shows, and the page offers the new one.
    await page.reload();
    const notice = page.locator('handbook-offline-worker [data-update-notice]');
    await expect.poll(() => notice.textContent(), { timeout: 60_000 }).toContain('A new version of the handbook is ready.');
    expect(await heading(page)).not.toContain('(new edition)');
    await Promise.all([page.waitForEvent('load'), notice.getByRole('button', { name: 'Reload to update' }).click()]);
    await expect.poll(() => heading(page)).toContain('(new edition)');
    await page.goto(server.url(`${chapter}/`));
    expect(ticked(JSON.parse((await page.evaluate((key) => localStorage.getItem(key), progressKey())) ?? 'null'), chapter)).toEqual([id]);
    expect(await page.locator(`handbook-checklist input[value="${id}"]`).isChecked()).toBe(true);
  });

  itAtRootOnly('is removed from readers who had it when the team turns offline reading off', async () => {
    const { page } = await firstVisit('');
    expect(await page.evaluate(() => caches.keys())).not.toEqual([]);
    // The next deployment was built with offline: 'off'.
    const worker = join(copy, 'sw.js');
    const kept = readFileSync(worker, 'utf8');
    writeFileSync(worker, removalWorker(base));
    try {
      await page.reload();
      // The removing worker reloads the open pages once it is done: a check caught by that navigation is retried.
      const left = () =>
        page.evaluate(async () => ({ workers: (await navigator.serviceWorker.getRegistrations()).length, caches: await caches.keys() })).catch(() => 'navigating');
      await expect.poll(left, { timeout: 30_000 }).toEqual({ workers: 0, caches: [] });
    } finally {
      writeFileSync(worker, kept);
    }
  });
});
