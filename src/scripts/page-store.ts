/**
 * The page's one ProgressStore, shared by every element on it (checklists, knowledge checks, paths,
 * the progress page). Another tab's write arrives as a `storage` event and is merged in.
 */
import { ProgressStore, damagedKey, storageKey } from '../lib/progress-store';

export const progress = new ProgressStore(storageKey(import.meta.env.BASE_URL), () => localStorage);

addEventListener('storage', (event) => {
  // key is null when another tab cleared all of this origin's storage.
  if (event.key === null || event.key === progress.key || event.key === damagedKey(progress.key)) progress.reload();
});
// A page restored from the back-forward cache missed the events of the time it was away.
addEventListener('pageshow', (event) => {
  if (event.persisted) progress.reload();
});
