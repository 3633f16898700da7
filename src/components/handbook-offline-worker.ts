/**
 * <handbook-offline-worker>: registers the offline worker (src/integrations/offline-worker.ts) once the
 * page has loaded, and offers a reload when a new version of the handbook is waiting. The new version
 * takes over only when the reader asks, so a page never changes under them; saved progress lives in
 * localStorage, which the worker never touches. Registration is a few lines, so it is written here
 * rather than shipped as workbox-window (kept within the 3 KB a page may add for it).
 */
/** How long after `load` the worker is registered. */
const START_DELAY_MS = 3000;

class HandbookOfflineWorker extends HTMLElement {
  connectedCallback(): void {
    if (!('serviceWorker' in navigator)) return;
    // After the page has loaded and gone quiet: a first visit's download of the whole handbook must
    // not compete with the reader's first seconds on the page (on a phone it would).
    const start = () => setTimeout(() => void this.#register(), START_DELAY_MS);
    if (document.readyState === 'complete') start();
    else addEventListener('load', start, { once: true });
  }

  async #register(): Promise<void> {
    const workers = navigator.serviceWorker;
    const hadController = Boolean(workers.controller);
    let asked = false;
    workers.addEventListener('controllerchange', () => {
      if (asked) location.reload();
      // Another tab switched to the new version: this page's files may be gone from the cache.
      else if (hadController) this.#offer('The handbook was updated in another tab.', () => location.reload());
    });
    // Blocked storage or a browser without workers for this page: the handbook still works online.
    const registration = await workers.register(this.dataset.worker!, { scope: this.dataset.workerScope! }).catch(() => undefined);
    if (!registration) return;
    const waitingFor = (worker: ServiceWorker) =>
      this.#offer('A new version of the handbook is ready.', () => {
        asked = true;
        worker.postMessage({ type: 'SKIP_WAITING' });
      });
    if (registration.waiting && workers.controller) waitingFor(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const installing = registration.installing;
      installing?.addEventListener('statechange', () => {
        if (installing.state === 'installed' && workers.controller) waitingFor(installing);
      });
    });
  }

  #offer(text: string, act: () => void): void {
    const notice = this.querySelector<HTMLElement>('[data-update-notice]')!;
    const message = document.createElement('p');
    message.textContent = text;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'hb-button';
    button.textContent = 'Reload to update';
    button.addEventListener('click', () => {
      button.disabled = true;
      act();
    });
    notice.replaceChildren(message, button);
    notice.classList.add('hb-update-shown');
  }
}

customElements.define('handbook-offline-worker', HandbookOfflineWorker);
