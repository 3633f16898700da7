/**
 * What the service worker keeps for offline reading, decided from the built files. A handbook up to
 * WHOLE_SITE_LIMIT_BYTES is kept whole when a reader first visits; a larger one (or a team's
 * `offline: 'choose'`) keeps the shell (assets, search index, orientation and reference pages) and
 * lets the reader choose the chapter tracks to keep, each shown with its size. Pure: the build step
 * (src/integrations/offline-worker.ts) lists the files, this decides.
 */
import { TRACKS } from './tracks';
import { pageHref } from './urls';

export type OfflineSetting = 'auto' | 'choose' | 'off';

/**
 * Above this, a first visit does not download the whole handbook. The handbook itself is about 16 MB
 * of files (its chapters' highlighted code makes pages large); a 1,000-page handbook is several
 * times more, which no reader should fetch unasked on a phone.
 */
export const WHOLE_SITE_LIMIT_BYTES = 40 * 1024 * 1024;

/** The file the build writes beside the worker: what each track holds, for the offline page. */
export const OFFLINE_PLAN_FILE = 'offline-plan.json';
export const WORKER_FILE = 'sw.js';
/**
 * The runtime cache that holds visited pages and the tracks a reader chose to keep. Caches belong to
 * the origin, not to a worker's scope: the base path in the name keeps two handbooks on one host apart.
 */
export const keptPagesCache = (base: string): string => `handbook-pages:${base}`;

export interface BuiltFile {
  /** Relative to the build folder, with forward slashes: "devops/containers/index.html". */
  path: string;
  bytes: number;
}

export interface OfflineTrack {
  id: string;
  label: string;
  pages: number;
  bytes: number;
  /** Page addresses under the base path: "/handbook/devops/containers/". */
  urls: string[];
}

export interface OfflinePlan {
  /** "whole": everything is precached at install. "choose": the shell is, the tracks are the reader's choice. */
  mode: 'whole' | 'choose';
  /** The files precached at install, relative to the build folder. */
  precache: string[];
  precacheBytes: number;
  totalBytes: number;
  pages: number;
  /** The chapter tracks a reader may keep (in "whole" mode, what each holds, for the page to show). */
  tracks: OfflineTrack[];
}

/** Files a reader never needs offline: the sitemaps and the worker itself (the browser keeps that). */
const NOT_OFFLINE = /(^|\/)(sitemap[^/]*\.xml|robots\.txt|sw\.js)$/;

/** A built page's address under the base path: "devops/containers/index.html" -> "/handbook/devops/containers/". */
export const pageUrl = (base: string, path: string): string => pageHref(base, path.replace(/(^|\/)index\.html$/, ''));

/**
 * The track a built page belongs to, when that track is one a reader chooses (a chapter track):
 * its first folder. Orientation, reference and team pages, the landing page, progress and print
 * pages belong to the shell.
 */
export function choosableTrack(path: string): string | null {
  const first = path.split('/')[0] ?? '';
  const track = TRACKS.find((candidate) => candidate.id === first);
  return track?.chapters && path.endsWith('.html') ? track.id : null;
}

/**
 * @param files every file of the build
 * The search index, its result fragments included, is always in the shell: offline, search lists
 * every page with its excerpt, and a page of a track not kept opens the offline page instead of failing.
 */
export function planOffline(files: readonly BuiltFile[], base: string, setting: Exclude<OfflineSetting, 'off'>): OfflinePlan {
  const offline = files.filter((file) => !NOT_OFFLINE.test(file.path)).sort((a, b) => a.path.localeCompare(b.path));
  const totalBytes = offline.reduce((sum, file) => sum + file.bytes, 0);
  const trackOf = (file: BuiltFile): string | null => choosableTrack(file.path);
  const tracks: OfflineTrack[] = TRACKS.filter((track) => track.chapters).map((track) => {
    const held = offline.filter((file) => trackOf(file) === track.id);
    return {
      id: track.id,
      label: track.label,
      pages: held.length,
      bytes: held.reduce((sum, file) => sum + file.bytes, 0),
      urls: held.map((file) => pageUrl(base, file.path)),
    };
  });
  const mode = setting === 'choose' || totalBytes > WHOLE_SITE_LIMIT_BYTES ? 'choose' : 'whole';
  const precache = mode === 'whole' ? offline : offline.filter((file) => trackOf(file) === null);
  return {
    mode,
    precache: precache.map((file) => file.path),
    precacheBytes: precache.reduce((sum, file) => sum + file.bytes, 0),
    totalBytes,
    pages: offline.filter((file) => file.path.endsWith('.html')).length,
    tracks: tracks.filter((track) => track.pages > 0),
  };
}

/** "16.2 MB", "840 KB": sizes as the offline page shows them. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Reads the plan the page fetched; anything else is refused (a stale or foreign file must not drive the cache). */
export function parsePlan(data: unknown): OfflinePlan | null {
  if (!data || typeof data !== 'object') return null;
  const plan = data as Partial<OfflinePlan>;
  if (plan.mode !== 'whole' && plan.mode !== 'choose') return null;
  if (!Array.isArray(plan.tracks) || !plan.tracks.every((track) => track && typeof track.id === 'string' && typeof track.label === 'string' && Number.isFinite(track.bytes) && Number.isFinite(track.pages) && Array.isArray(track.urls) && track.urls.every((url) => typeof url === 'string' && url.startsWith('/') && !url.startsWith('//')))) return null;
  if (!Number.isFinite(plan.precacheBytes) || !Number.isFinite(plan.totalBytes) || !Number.isFinite(plan.pages)) return null;
  return plan as OfflinePlan;
}
