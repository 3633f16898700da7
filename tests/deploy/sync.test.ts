/**
 * Progress sync for real: Debian's nginx runs the shipped config of the example team's build (sync on,
 * lead group "handbook-leads") on loopback, with a stand-in for oauth2-proxy behind its auth_request.
 * Browser profiles sign in by holding the proxy's session cookie, as after a real sign-in.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bothThemes } from '../support/axe';
import { useBrowser } from '../support/browser';
import { startNginx, type RunningNginx } from '../support/nginx';
import { SESSION_COOKIE, startSignInProxy } from '../support/sign-in-proxy';

const browser = useBrowser();
const base = process.env.BASE_PATH ?? '/handbook/';
const dist = resolve(process.env.HANDBOOK_DIST ?? 'dist-base');
const CHAPTER = 'devops/containers/';
const CHAPTER_ID = 'devops/containers';

// Names a folder must never be made from: separators, traversal, encoded separators, control characters.
const HOSTILE = ['..', '../alice', 'a/b', 'a%2Fb', '%2e%2e', '.hidden', 'a\tb', 'alice/../bob'];

let nginx: RunningNginx;
let proxy: Awaited<ReturnType<typeof startSignInProxy>>;

beforeAll(async () => {
  proxy = await startSignInProxy({
    'session-alice': { user: 'alice@acme.example', groups: ['devs'] },
    'session-bob': { user: 'bob', groups: ['devs'] },
    'session-carol': { user: 'carol', groups: ['devs', 'handbook-leads'] },
    ...Object.fromEntries(HOSTILE.map((user, index) => [`session-hostile-${index}`, { user, groups: ['handbook-leads'] }])),
  });
  nginx = await startNginx({ dist, base, signInProxy: proxy.address });
});

afterAll(async () => {
  await nginx?.remove();
  await proxy?.close();
});

const at = (path: string) => `${nginx.origin}${base}${path}`;
const session = (name: string) => ({ Cookie: `${SESSION_COOKIE}=session-${name}` });

async function signedIn(name: string): Promise<BrowserContext> {
  const context = await browser.context({ syncServer: true });
  await context.addCookies([{ name: SESSION_COOKIE, value: `session-${name}`, url: nginx.origin }]);
  return context;
}

async function chapter(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(at(CHAPTER));
  return page;
}

const box = (page: Page, index: number) => page.locator('handbook-checklist input[type=checkbox]').nth(index);
const itemId = (page: Page, index: number) => box(page, index).getAttribute('value') as Promise<string>;

/** The device files the server holds for a person, parsed. */
function stored(user: string): { items: Record<string, Record<string, { done: boolean }>> }[] {
  const folder = join(nginx.store, user);
  if (!existsSync(folder)) return [];
  return readdirSync(folder).map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')));
}
const storedTicks = (user: string) =>
  [...new Set(stored(user).flatMap((file) => Object.entries(file.items[CHAPTER_ID] ?? {}).filter(([, state]) => state.done).map(([id]) => id)))].sort();
/** Ticks as the merged files say: an item unticked later on one device is not ticked. */
const mergedTicks = async (page: Page) =>
  page.evaluate(async (url) => {
    const list: { name: string }[] = await (await fetch(url, { cache: 'no-store' })).json();
    const latest = new Map<string, { done: boolean; changedAt: string }>();
    for (const { name } of list) {
      const file = await (await fetch(url + name, { cache: 'no-store' })).json();
      for (const [id, state] of Object.entries<{ done: boolean; changedAt: string }>(file.items['devops/containers'] ?? {})) {
        if (!latest.has(id) || latest.get(id)!.changedAt < state.changedAt) latest.set(id, state);
      }
    }
    return [...latest].filter(([, state]) => state.done).map(([id]) => id).sort();
  }, at('_sync/me/'));

describe('progress sync behind the sign-in proxy', () => {
  it('syncs two browser profiles of one person both ways, unticks included', async () => {
    const laptop = await chapter(await signedIn('alice'));
    const first = await itemId(laptop, 0);
    await box(laptop, 0).check();
    await expect.poll(() => storedTicks('alice@acme.example'), { timeout: 10_000 }).toEqual([first]);

    const phone = await chapter(await signedIn('alice'));
    await expect.poll(() => box(phone, 0).isChecked(), { timeout: 10_000 }).toBe(true);
    const second = await itemId(phone, 1);
    await box(phone, 1).check();
    await box(phone, 0).uncheck();
    await expect.poll(() => mergedTicks(phone), { timeout: 10_000 }).toEqual([second]);

    await laptop.reload();
    await expect.poll(() => box(laptop, 1).isChecked(), { timeout: 10_000 }).toBe(true);
    expect(await box(laptop, 0).isChecked()).toBe(false);
    // One file per device, both in alice's folder.
    expect(readdirSync(join(nginx.store, 'alice@acme.example'))).toHaveLength(2);
  });

  it('keeps every tick when two profiles write at the same moment', async () => {
    const [one, two] = await Promise.all([chapter(await signedIn('bob')), chapter(await signedIn('bob'))]);
    const [a, b] = [await itemId(one, 2), await itemId(two, 3)];
    await Promise.all([box(one, 2).check(), box(two, 3).check()]);
    await expect.poll(() => storedTicks('bob'), { timeout: 10_000 }).toEqual([a, b].sort());
    await Promise.all([one.reload(), two.reload()]);
    for (const page of [one, two]) {
      await expect.poll(async () => [await box(page, 2).isChecked(), await box(page, 3).isChecked()], { timeout: 10_000 }).toEqual([true, true]);
    }
  });

  it('never shows one person another’s progress', async () => {
    const alice = await chapter(await signedIn('alice'));
    await box(alice, 4).check();
    await expect.poll(() => storedTicks('alice@acme.example'), { timeout: 10_000 }).toContain(await itemId(alice, 4));
    const devices = readdirSync(join(nginx.store, 'bob')).length;
    const bob = await chapter(await signedIn('bob'));
    // A new profile sends its file once it has read and merged the person's others: then it is done.
    await expect.poll(() => readdirSync(join(nginx.store, 'bob')).length, { timeout: 10_000 }).toBe(devices + 1);
    expect(await box(bob, 4).isChecked()).toBe(false);
    const listing = await bob.evaluate(async (url) => (await fetch(url, { cache: 'no-store' })).json(), at('_sync/me/'));
    expect(listing.map((file: { name: string }) => file.name).sort()).toEqual(readdirSync(join(nginx.store, 'bob')).sort());
    // Nor does the team list: bob is not in the lead group.
    for (const path of ['_sync/people/', '_sync/people/alice@acme.example/']) {
      expect((await fetch(at(path), { headers: session('bob') })).status, path).toBe(403);
    }
  });

  it('takes the person only from the proxy: a forged header without a session is refused, with one it is ignored', async () => {
    const forged = { 'X-Auth-Request-User': 'alice@acme.example', 'X-Forwarded-User': 'alice@acme.example', 'X-Auth-Request-Groups': 'handbook-leads', 'X-Forwarded-Groups': 'handbook-leads' };
    const before = stored('alice@acme.example').length;
    const body = JSON.stringify({ format: 'backend-devops-mlops-handbook/progress', version: 3, items: {}, answers: {} });
    expect((await fetch(at('_sync/me/forged-device-1.json'), { method: 'PUT', body, headers: forged })).status).toBe(401);
    expect((await fetch(at('_sync/me/'), { headers: forged })).status).toBe(401);
    expect((await fetch(at('_sync/people/'), { headers: forged })).status).toBe(401);
    // With bob's session the forged name changes nothing: the file lands in bob's folder.
    expect((await fetch(at('_sync/me/forged-device-2.json'), { method: 'PUT', body, headers: { ...forged, ...session('bob') } })).status).toBe(201);
    expect(readdirSync(join(nginx.store, 'bob'))).toContain('forged-device-2.json');
    expect(stored('alice@acme.example')).toHaveLength(before);
    expect((await fetch(at('_sync/people/'), { headers: { ...forged, ...session('bob') } })).status).toBe(403);
  });

  it('refuses user names that could leave their folder, and writes nothing for them', async () => {
    const before = readdirSync(nginx.store).sort();
    for (const [index, user] of HOSTILE.entries()) {
      const headers = session(`hostile-${index}`);
      expect((await fetch(at('_sync/me/'), { headers })).status, user).toBe(403);
      expect((await fetch(at('_sync/me/hostile-device.json'), { method: 'PUT', body: '{}', headers })).status, user).toBe(403);
      // Reading the team list goes by group, not by name: these are in the lead group.
      expect((await fetch(at('_sync/people/'), { headers })).status, user).toBe(200);
    }
    expect(readdirSync(nginx.store).sort()).toEqual(before);
    // Device names are checked too: no separators, no other extension.
    for (const path of ['_sync/me/..%2Fbob%2Fdevice-01.json', '_sync/me/device-01.html', '_sync/me/a.json']) {
      expect((await fetch(at(path), { method: 'PUT', body: '{}', headers: session('alice') })).status, path).toBeGreaterThanOrEqual(400);
    }
  });

  it('refuses a 5 MB body and keeps what was stored', async () => {
    const response = await fetch(at('_sync/me/big-device-01.json'), { method: 'PUT', body: 'x'.repeat(5_000_000), headers: session('carol') });
    expect(response.status).toBe(413);
    expect(existsSync(join(nginx.store, 'carol', 'big-device-01.json'))).toBe(false);
  });

  it('loses nothing while the server is down or the network is gone, and resumes', async () => {
    const context = await signedIn('alice');
    const page = await chapter(context);
    await expect.poll(() => box(page, 0).isEnabled()).toBe(true);
    const notice = page.locator('handbook-progress-sync [data-sync-notice]');

    await nginx.stop();
    await box(page, 5).check();
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toMatch(/not syncing: the server did not answer/);
    expect(await notice.isVisible()).toBe(true);
    expect(await box(page, 5).isChecked()).toBe(true);
    await nginx.start();
    // Tried again on its own (5 s after the first failure), then the notice goes.
    await expect.poll(() => storedTicks('alice@acme.example'), { timeout: 20_000 }).toContain(await itemId(page, 5));
    await expect.poll(() => notice.isHidden()).toBe(true);

    await context.setOffline(true);
    await box(page, 6).check();
    await page.waitForTimeout(1000);
    expect(storedTicks('alice@acme.example')).not.toContain(await itemId(page, 6));
    await context.setOffline(false);
    await expect.poll(() => storedTicks('alice@acme.example'), { timeout: 10_000 }).toContain(await itemId(page, 6));
  });

  it('says so, and keeps the ticks, when the person is not signed in', async () => {
    // axe is injected as a script, which the shipped CSP would rightly refuse.
    const context = await browser.context({ syncServer: true, bypassCSP: true });
    const page = await chapter(context);
    const notice = page.locator('handbook-progress-sync [data-sync-notice]');
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toMatch(/you are not signed in/);
    expect(await notice.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe(`/oauth2/start?rd=${encodeURIComponent(`${base}${CHAPTER}`)}`);
    // The page with its notice, in both themes.
    expect(await bothThemes(page, 'sync notice')).toEqual([]);
    await box(page, 0).check();
    await page.reload();
    expect(await box(page, 0).isChecked()).toBe(true);
  });

  it('shows the lead everyone’s synced progress on the team page, and no one else', async () => {
    const lead = await (await signedIn('carol')).newPage();
    await lead.goto(at('team-progress/'));
    await expect.poll(() => lead.locator('[data-server]').textContent(), { timeout: 10_000 }).toMatch(/^\d+ people synced to the server/);
    const names = await lead.locator('tbody th[scope=row]').allTextContents();
    expect(names.some((name) => name.startsWith('alice@acme.example'))).toBe(true);
    expect(names.some((name) => name.startsWith('bob'))).toBe(true);

    const member = await (await signedIn('bob')).newPage();
    await member.goto(at('team-progress/'));
    await expect.poll(() => member.locator('[data-server]').textContent(), { timeout: 10_000 }).toMatch(/for members of the lead group only/);
    expect(await member.locator('tbody tr').count()).toBe(0);
  });

  it('sends sync answers uncached, with the security headers, and nothing for other methods', async () => {
    const response = await fetch(at('_sync/me/'), { headers: session('carol') });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await fetch(at('_sync/me/some-device-01.json'), { method: 'DELETE', headers: session('carol') })).status).toBe(405);
    expect((await fetch(at('_sync/people/bob/'), { method: 'PUT', body: '{}', headers: session('carol') })).status).toBe(403);
    // The proxy never got a request body, only the original address.
    expect(proxy.seen.every((request) => request.headers['content-length'] === undefined || request.headers['content-length'] === '0')).toBe(true);
  });
});
