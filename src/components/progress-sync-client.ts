/**
 * The sync client <handbook-progress-sync> starts on pages that show progress: keeps this browser's
 * progress in step with the person's other devices through the team's server (src/lib/sync.ts has the
 * rules). Local storage stays the source for the visit: a sync only ever merges, a failed one changes
 * nothing here and is tried again later, and a change made offline is sent when the network or the
 * server is back.
 */
import { DEVICE_ID, SYNC_MAX_BYTES, SYNC_NOTICES, deviceKey, deviceText, mergeDevices, progressText, readDevice, readDeviceFolder, retryDelaySeconds, stateOf, type SyncState } from '../lib/sync';
import { mergeRecords, sameRecord } from '../lib/progress-record';
import { progress } from '../scripts/page-store';

/** A change is sent this long after the last one, so a burst of ticks is one request. */
const SEND_DELAY_MS = 500;

function deviceId(base: string): string {
  try {
    const known = localStorage.getItem(deviceKey(base));
    if (known && DEVICE_ID.test(known)) return known;
    const id = crypto.randomUUID();
    localStorage.setItem(deviceKey(base), id);
    return id;
  } catch {
    // Storage refused: this visit is a device of its own.
    return crypto.randomUUID();
  }
}

class ProgressSync {
  readonly #url: string;
  readonly #device: string;
  /** The progress text the server holds for this device, as far as this page knows; null until read. */
  #sent: string | null = null;
  #running = false;
  #again = false;
  #failures = 0;
  #timer = 0;

  readonly #element: HTMLElement;

  constructor(element: HTMLElement) {
    this.#element = element;
    const base = element.dataset.base!;
    this.#url = element.dataset.url!;
    this.#device = deviceId(base);
    // Local changes (and another tab's) are sent once they differ from what the server holds.
    progress.subscribe(() => {
      if (this.#sent !== null && progressText(progress.record) !== this.#sent) this.#later(SEND_DELAY_MS);
    });
    addEventListener('online', () => void this.#run());
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && void this.#run());
    void this.#run();
  }

  #later(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = window.setTimeout(() => void this.#run(), ms);
  }

  /** One sync at a time; a request for another while one runs starts it after. */
  async #run(): Promise<void> {
    if (this.#running) return void (this.#again = true);
    this.#running = true;
    clearTimeout(this.#timer);
    let state: SyncState;
    try {
      state = await this.#sync();
    } catch {
      state = 'unreachable';
    }
    this.#running = false;
    this.#show(state);
    if (state !== 'ok') return this.#later(retryDelaySeconds(++this.#failures) * 1000);
    this.#failures = 0;
    // Asked again while this one ran (network back, tab shown), or ticked after its file was sent.
    if (this.#again || progressText(progress.record) !== this.#sent) this.#later(this.#again ? 0 : SEND_DELAY_MS);
    this.#again = false;
  }

  /** Reads every device file of this person, merges them in, then sends this device's file if it differs. */
  async #sync(): Promise<SyncState> {
    const { status, names, texts } = await readDeviceFolder(this.#url, (url) => fetch(url, { cache: 'no-store', credentials: 'same-origin' }));
    // 404: no folder yet, nothing stored for this person.
    if (status !== 404 && stateOf(status) !== 'ok') return stateOf(status);
    const own = texts[names.indexOf(this.#device)];
    const ownRecord = own ? readDevice(own) : null;
    this.#sent = ownRecord ? progressText(ownRecord) : '';
    const { record } = mergeDevices(texts.filter(Boolean));
    if (record && !sameRecord(mergeRecords(progress.record, record), progress.record)) progress.update({ type: 'merge', record });
    const text = progressText(progress.record);
    if (text === this.#sent) return 'ok';
    const body = deviceText(progress.record, location.origin + this.#element.dataset.base, new Date().toISOString());
    if (new Blob([body]).size > SYNC_MAX_BYTES) return 'too-large';
    const put = await fetch(`${this.#url}${this.#device}.json`, { method: 'PUT', body, credentials: 'same-origin', headers: { 'Content-Type': 'application/json' } });
    if (put.ok) this.#sent = text;
    return stateOf(put.status);
  }

  #show(state: SyncState): void {
    const notice = this.#element.querySelector<HTMLElement>('[data-sync-notice]')!;
    notice.hidden = state === 'ok';
    if (state === 'ok') return notice.replaceChildren();
    const text = document.createElement('span');
    text.textContent = `${SYNC_NOTICES[state]} `;
    notice.replaceChildren(text);
    if (state === 'signed-out') {
      const link = document.createElement('a');
      link.href = `${this.#element.dataset.signIn}?rd=${encodeURIComponent(location.pathname)}`;
      link.textContent = 'Sign in';
      notice.append(link);
    }
  }
}

/** Starts syncing for the page; `element` carries the addresses and shows the notice. */
export const startSync = (element: HTMLElement): void => void new ProgressSync(element);
