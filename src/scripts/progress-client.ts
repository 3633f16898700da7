/**
 * The page's one progress store, shared by every checklist and the progress page on it.
 * Keeps other tabs in sync through the `storage` event.
 */
import { storageKey, type ProgressRecord } from '../lib/progress';
import { ProgressStore, type StorageProblem } from '../lib/progress-storage';

export const store = new ProgressStore(storageKey(import.meta.env.BASE_URL), () => localStorage);

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());

export function onProgressChange(listener: () => void): void {
  listeners.add(listener);
}

export function commit(record: ProgressRecord): void {
  store.save(record);
  notify();
}

addEventListener('storage', (event) => {
  // key is null when another tab cleared all storage for this origin.
  if (event.key === store.key || event.key === null) {
    store.load();
    notify();
  }
});

export const PROBLEM_NOTICES: Record<StorageProblem, string> = {
  blocked:
    'Your browser is not letting this site save data, so ticks last only while this page is open. Allow site data for this site to keep them.',
  corrupt:
    'Your saved progress could not be read, so it was set aside (not deleted) and progress starts afresh here. Ticks you make now are saved.',
  newer:
    'Progress on this device was saved by a newer version of this handbook. To keep it intact, ticks you make here last only while this page is open.',
};

export const nowIso = (): string => new Date().toISOString();
