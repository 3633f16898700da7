/**
 * <handbook-offline-page>: shows what this device keeps for offline reading, from the plan the build
 * wrote (src/lib/offline-plan.ts) and the caches, and keeps or drops the tracks a reader chooses. The
 * worker's routes (Workbox) serve what is kept; this only fills and empties the cache they read.
 */
import { parsePlan, sizeText, type OfflinePlan, type OfflineTrack } from '../lib/offline-plan';

/** Files fetched at once while keeping a track: enough to be quick, few enough not to swamp a phone. */
const BATCH = 8;
/** How long the page waits for the worker before saying the browser did not allow it. */
const READY_WAIT_MS = 30_000;

class HandbookOfflinePage extends HTMLElement {
  #status!: HTMLElement;

  connectedCallback(): void {
    if (this.dataset.off !== undefined) return;
    this.#status = this.querySelector<HTMLElement>('[data-status]')!;
    if (!('serviceWorker' in navigator) || !('caches' in window)) {
      this.#status.textContent = 'This browser cannot keep pages for offline reading.';
      return;
    }
    // Offline, the worker answers an address it does not keep with this page.
    if (location.pathname !== this.dataset.page) {
      const missing = this.querySelector<HTMLElement>('[data-missing]')!;
      missing.textContent = `You are offline, and ${decodeURI(location.pathname)} is not kept on this device. Next time you are online, keep its track below.`;
      missing.hidden = false;
    }
    void this.#show();
  }

  async #show(): Promise<void> {
    let plan: OfflinePlan | null = null;
    try {
      const response = await fetch(this.dataset.plan!);
      plan = response.ok ? parsePlan(await response.json()) : null;
    } catch {
      plan = null;
    }
    if (!plan) {
      this.#status.textContent = 'The list of what can be kept offline could not be read. Reload the page when you are online.';
      return;
    }
    const shown = new Set(this.dataset.shown!.split(' '));
    const tracks = plan.tracks.filter((track) => shown.has(track.id));
    this.#status.textContent = 'Saving the handbook on this device…';
    // `ready` never settles where the browser refuses the worker (some private windows, blocked site data).
    const ready = await Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), READY_WAIT_MS))]);
    if (!ready) {
      this.#status.textContent = 'This browser has not let the handbook keep pages yet: a private window or blocked site data can prevent it. Reload the page to try again.';
      return;
    }
    const kept = await this.#keptUrls();
    this.querySelector('[data-rows]')!.replaceChildren(...tracks.map((track) => this.#row(track, plan.mode === 'whole' ? 'whole' : this.#keptShare(track, kept))));
    this.querySelector<HTMLElement>('[data-form]')!.hidden = false;
    if (plan.mode === 'whole') {
      this.#status.textContent = `The whole handbook (${plan.pages} pages, ${sizeText(plan.totalBytes)}) is kept on this device: every page and the search work without a network.`;
      return;
    }
    this.#status.textContent =
      `The start pages, the reference, the search index and the site's files (${sizeText(plan.precacheBytes)}) are kept on this device. ` +
      `The whole handbook is ${sizeText(plan.totalBytes)}: choose the tracks to keep as well.`;
    this.querySelector<HTMLElement>('[data-choose]')!.hidden = false;
    this.querySelector('form')!.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#save(tracks);
    });
  }

  async #keptUrls(): Promise<Set<string>> {
    const cache = await caches.open(this.dataset.cache!);
    return new Set((await cache.keys()).map((request) => new URL(request.url).pathname));
  }

  #keptShare(track: OfflineTrack, kept: Set<string>): 'all' | 'some' | 'none' {
    const count = track.urls.filter((url) => kept.has(url)).length;
    return count === track.urls.length ? 'all' : count ? 'some' : 'none';
  }

  #row(track: OfflineTrack, state: 'whole' | 'all' | 'some' | 'none'): HTMLTableRowElement {
    const row = document.createElement('tr');
    row.dataset.track = track.id;
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = track.label;
    const cell = (text: string) => {
      const td = document.createElement('td');
      td.textContent = text;
      return td;
    };
    const device = document.createElement('td');
    if (state === 'whole') device.textContent = 'Kept';
    else {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = 'keep';
      box.value = track.id;
      box.checked = state === 'all';
      const text = document.createElement('span');
      text.dataset.keptState = '';
      text.textContent = state === 'all' ? ' Kept' : state === 'some' ? ' Keep (some pages kept)' : ' Keep';
      label.append(box, text);
      label.setAttribute('aria-label', `Keep the ${track.label} offline`);
      device.append(label);
    }
    row.append(name, cell(String(track.pages)), cell(sizeText(track.bytes)), device);
    return row;
  }

  async #save(tracks: OfflineTrack[]): Promise<void> {
    const error = this.querySelector<HTMLElement>('[data-error]')!;
    const button = this.querySelector<HTMLButtonElement>('[data-choose] button')!;
    error.hidden = true;
    button.disabled = true;
    const cache = await caches.open(this.dataset.cache!);
    const chosen = new Set([...this.querySelectorAll<HTMLInputElement>('input[name=keep]:checked')].map((box) => box.value));
    try {
      // Ask the browser not to evict what the reader chose to keep; it may say no, which changes nothing here.
      if (chosen.size) await navigator.storage?.persist?.();
      for (const track of tracks) {
        if (!chosen.has(track.id)) {
          await Promise.all(track.urls.map((url) => cache.delete(url)));
          continue;
        }
        for (let done = 0; done < track.urls.length; done += BATCH) {
          this.#status.textContent = `Keeping the ${track.label}: ${done} of ${track.urls.length} files…`;
          await cache.addAll(track.urls.slice(done, done + BATCH));
        }
      }
      const kept = await this.#keptUrls();
      this.querySelector('[data-rows]')!.replaceChildren(...tracks.map((track) => this.#row(track, this.#keptShare(track, kept))));
      const names = tracks.filter((track) => chosen.has(track.id)).map((track) => track.label);
      this.#status.textContent = names.length ? `Kept on this device for offline reading: ${names.join(', ')}.` : 'No track is kept offline; the start pages, the reference and the search index still are.';
    } catch {
      error.textContent = 'Could not keep everything: you may be offline or out of storage on this device. What was saved stays saved; try again later.';
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  }
}

customElements.define('handbook-offline-page', HandbookOfflinePage);
